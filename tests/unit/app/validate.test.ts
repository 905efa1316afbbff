import { describe, expect, it } from 'vitest';
import { API_METHODS } from '../../../preload/contract';
import { ApiInputError, validateApiArgs } from '../../../main/ipc/validate';

describe('validateApiArgs', () => {
  it('knows every method of the contract and refuses others', () => {
    expect(API_METHODS.length).toBeGreaterThan(15);
    expect(() => validateApiArgs('getOverview', [])).not.toThrow();
    expect(() => validateApiArgs('eval', [])).toThrow(/Unknown API method "eval"/);
    expect(() => validateApiArgs('__proto__', [])).toThrow(ApiInputError);
  });

  it('refuses arguments that are not a list, too many arguments and missing required ones', () => {
    expect(() => validateApiArgs('preview', 'intercom')).toThrow(/arguments must be a list/);
    expect(() => validateApiArgs('getOverview', [1])).toThrow(/expected at most 0/);
    expect(() => validateApiArgs('preview', [])).toThrow(/Invalid input to preview: connectionId is required/);
    expect(() => validateApiArgs('apply', [0])).toThrow(/runId must be between 1/);
    expect(() => validateApiArgs('apply', ['1'])).toThrow(/runId must be a whole number/);
  });

  it('returns clean copies and drops trailing optional arguments', () => {
    expect(validateApiArgs('listSourceTeams', ['intercom'])).toEqual(['intercom']);
    expect(validateApiArgs('listSourceTeams', ['intercom', { refresh: true }])).toEqual(['intercom', { refresh: true }]);
    expect(validateApiArgs('apply', [3, { excludeChangeIds: ['a'], force: false }])).toEqual([3, { excludeChangeIds: ['a'], force: false }]);
    expect(validateApiArgs('listRuns', [])).toEqual([]);
  });

  it('refuses unknown fields, bad ids and wrong types with the field named', () => {
    expect(() => validateApiArgs('saveSettings', ['intercom', { settings: { syncTeams: 'yes' } }])).toThrow(/patch\.settings\.syncTeams must be true or false/);
    expect(() => validateApiArgs('saveSettings', ['intercom', { extra: 1 }])).toThrow(/patch\.extra is not a known field/);
    expect(() => validateApiArgs('preview', ['../etc'])).toThrow(/may contain only letters/);
    expect(() => validateApiArgs('saveSettings', ['x', { safeguards: { maxDeactivationPercent: 101 } }])).toThrow(/between 0 and 100/);
    expect(() => validateApiArgs('listEmployees', [{ search: 5 }])).toThrow(/query\.search must be text/);
  });

  it('keeps secrets out of plain credentials: a secret field sent as a plain credential is refused', () => {
    expect(() =>
      validateApiArgs('saveConnection', [{ id: 'intercom', type: 'intercom', credentials: { accessToken: 'x' } }, {}]),
    ).toThrow(/credentials\.accessToken is not a plain credential of intercom \(secrets are sent separately\)/);
    expect(() => validateApiArgs('saveConnection', [{ id: 'i', type: 'intercom' }, { password: 'x' }])).toThrow(/secrets\.password is not a secret field of intercom/);
    expect(validateApiArgs('saveConnection', [{ id: 'e', type: 'enreach', credentials: { username: 'a@b.c' } }, { password: 'pw' }])).toEqual([
      { id: 'e', type: 'enreach', credentials: { username: 'a@b.c' } },
      { password: 'pw' },
    ]);
    expect(() => validateApiArgs('saveConnection', [{ id: 'x', type: 'ldap' }, {}])).toThrow(/connection\.type must be one of/);
  });

  it('checks the registrations block of saveSettings: enabled, a data source and an ISO start date (R9)', () => {
    const block = { enabled: true, dataSource: 'Intercom conversations', since: '2026-01-01T00:00:00Z' };
    expect(validateApiArgs('saveSettings', ['intercom', { registrations: block }])).toEqual(['intercom', { registrations: block }]);
    expect(validateApiArgs('saveSettings', ['i', { registrations: { ...block, since: '2026-03-15' } }])).toEqual(['i', { registrations: { ...block, since: '2026-03-15' } }]);
    const bad = (registrations: unknown) => () => validateApiArgs('saveSettings', ['intercom', { registrations }]);
    expect(bad({ ...block, since: 'yesterday' })).toThrow(/patch\.registrations\.since must be an ISO 8601 date/);
    expect(bad({ ...block, since: '2026-02-31T00:00:00Z' })).toThrow(/patch\.registrations\.since is not a real date/);
    expect(bad({ ...block, since: '2026-13-01' })).toThrow(/patch\.registrations\.since is not a real date/);
    expect(bad({ ...block, dataSource: '' })).toThrow(/patch\.registrations\.dataSource must not be empty/);
    expect(bad({ enabled: true, since: block.since })).toThrow(/patch\.registrations\.dataSource is required/);
    expect(bad({ ...block, enabled: 'on' })).toThrow(/patch\.registrations\.enabled must be true or false/);
    expect(bad({ ...block, cursor: 'x' })).toThrow(/patch\.registrations\.cursor is not a known field/);
    expect(validateApiArgs('listDataSources', [])).toEqual([]);
    expect(() => validateApiArgs('listDataSources', ['x'])).toThrow(/expected at most 0/);
  });

  it('accepts only http(s) URLs without user info', () => {
    const plecto = (baseUrl: string) => validateApiArgs('savePlectoSettings', [{ baseUrl, email: 'a@b.c' }]);
    expect(plecto('https://app.plecto.com/api/v2/')).toEqual([{ baseUrl: 'https://app.plecto.com/api/v2/', email: 'a@b.c' }]);
    expect(() => plecto('file:///etc/passwd')).toThrow(/must start with https/);
    expect(() => plecto('https://user:pw@app.plecto.com/')).toThrow(/must not contain a user name or password/);
    expect(() => plecto('not a url')).toThrow(/must be a URL/);
    expect(() => validateApiArgs('savePlectoSettings', [{ baseUrl: 'https://x.y', email: 'nope' }])).toThrow(/must be an email address/);
  });
});
