import { describe, expect, it } from 'vitest';
import {
  dataSourceFromWire,
  dataSourceToWire,
  memberFromWire,
  memberPatchToWire,
  memberUpsertToWire,
  readListPage,
  teamFromWire,
  WireShapeError,
} from '../../main/plecto/wire';
import { errorFromStatus, PlectoError } from '../../main/plecto/errors';
import { normalizeBaseUrl } from '../../main/plecto/client';

const UUID = '412c64d13fbf4c89bacd4224fb16a6db';

describe('Plecto wire format', () => {
  it('maps a full member object', () => {
    const member = memberFromWire({
      uuid: UUID,
      name: 'Jane Doe',
      first_name: 'Jane',
      last_name: 'Doe',
      email: 'jane@example.com',
      is_active: true,
      title: 'Support agent',
      teams: ['9f0c00000000000000000000000000e1'],
      api_providers: [{ provider: 'Intercom', provider_id: '991267466', email: 'jane@example.com' }],
      managed_manually: true,
    });
    expect(member).toEqual({
      uuid: UUID,
      name: 'Jane Doe',
      email: 'jane@example.com',
      isActive: true,
      title: 'Support agent',
      teams: ['9f0c00000000000000000000000000e1'],
      apiProviders: [{ provider: 'Intercom', providerId: '991267466', email: 'jane@example.com' }],
      managedManually: true,
    });
  });

  it('R7: absent managed_manually is false; absent api_providers, title and email are empty', () => {
    const member = memberFromWire({ uuid: UUID, name: 'Jane', is_active: false, teams: [] });
    expect(member).toMatchObject({ managedManually: false, apiProviders: [], title: null, email: null, isActive: false });
  });

  it('treats an empty email as no email, so it can never match another member', () => {
    expect(memberFromWire({ uuid: UUID, name: 'Jane', email: '', is_active: true, teams: [] }).email).toBeNull();
  });

  it('refuses a member without is_active or teams, naming the member', () => {
    expect(() => memberFromWire({ uuid: UUID, name: 'Jane', teams: [] })).toThrow(new RegExp(`is_active of member ${UUID}`));
    expect(() => memberFromWire({ uuid: UUID, name: 'Jane', is_active: true })).toThrow(WireShapeError);
  });

  it('maps teams, with an absent parent read as top level', () => {
    expect(teamFromWire({ uuid: UUID, name: 'Support', parent: null })).toEqual({ uuid: UUID, name: 'Support', parent: null });
    expect(teamFromWire({ uuid: UUID, name: 'Support' }).parent).toBeNull();
    expect(() => teamFromWire({ name: 'Support' })).toThrow(/team uuid/);
  });

  it('reads both list shapes and refuses anything else', () => {
    expect(readListPage([1, 2])).toEqual({ items: [1, 2], next: null, count: null });
    expect(readListPage({ count: 3, next: 'https://x/api/v2/members/?page=2', previous: null, results: [1] })).toEqual({
      items: [1],
      next: 'https://x/api/v2/members/?page=2',
      count: 3, // R10: lets the client tell a whole list from one that shifted
    });
    expect(readListPage({ count: 'many', next: null, results: [] }).count).toBeNull();
    expect(() => readListPage({ detail: 'nope' })).toThrow(/JSON array or a page/);
    expect(() => readListPage('<html>')).toThrow(WireShapeError);
  });

  it('builds the POST /members/ body; teams always present; a null provider email is left out', () => {
    expect(
      memberUpsertToWire({ provider: 'Intercom', providerId: '7', providerEmail: null, name: 'Jane', isActive: true, teams: [] }),
    ).toEqual({ updating_api_provider: 'Intercom', updating_api_provider_id: '7', name: 'Jane', is_active: true, teams: [] });
    expect(
      memberUpsertToWire({ provider: 'Intercom', providerId: '7', providerEmail: 'j@x.com', name: 'J', isActive: false, teams: ['a'], title: null }),
    ).toMatchObject({ updating_api_provider_email: 'j@x.com', is_active: false, teams: ['a'], title: null });
  });

  it('builds PATCH bodies with only the given fields', () => {
    expect(memberPatchToWire({ isActive: false })).toEqual({ is_active: false });
    expect(memberPatchToWire({ teams: [], title: null })).toEqual({ teams: [], title: null });
  });

  it('maps data source fields to and from {name, input}', () => {
    expect(dataSourceToWire('Calls', ['duration'])).toEqual({ title: 'Calls', fields: [{ name: 'duration', input: 'TextInput' }] });
    expect(dataSourceFromWire({ uuid: UUID, title: 'Calls', fields: [{ name: 'duration', input: 'TextInput' }, 'state'] })).toEqual({
      uuid: UUID,
      title: 'Calls',
      fields: ['duration', 'state'],
    });
  });
});

describe('Plecto errors and settings', () => {
  const ctx = { method: 'POST', url: 'https://app.plecto.com/api/v2/members/', email: 'sync@acme.com', attempts: 5 };

  it('turns a 400 into a validation error with the field messages', () => {
    const error = errorFromStatus(400, { teams: ['This field is required.'] }, ctx);
    expect(error).toBeInstanceOf(PlectoError);
    expect(error.kind).toBe('validation');
    expect(error.fieldErrors).toEqual({ teams: ['This field is required.'] });
    expect(error.message).toBe('Plecto refused POST /api/v2/members/ at https://app.plecto.com (400: teams: This field is required.)');
  });

  it('names the failing items of a bulk 400', () => {
    const error = errorFromStatus(400, [{}, { data_source: ['This field is required.'] }], ctx);
    expect(error.message).toContain('item 2: data_source: This field is required.');
  });

  it('keeps an HTML 5xx page out of the message except a short text excerpt', () => {
    const error = errorFromStatus(502, '<html><body><h1>Bad Gateway</h1></body></html>', ctx);
    expect(error.kind).toBe('server');
    expect(error.message).toBe('Plecto failed to answer POST /api/v2/members/ at https://app.plecto.com after 5 attempts (502: Bad Gateway)');
  });

  it('maps 403 to permission and 404 to not_found', () => {
    expect(errorFromStatus(403, { detail: 'You do not have permission to perform this action.' }, ctx).kind).toBe('permission');
    expect(errorFromStatus(404, { detail: 'Not found.' }, ctx).kind).toBe('not_found');
  });

  it('normalises the base URL: trailing slash added, credentials and query dropped', () => {
    expect(normalizeBaseUrl('https://app.plecto.com/api/v2')).toBe('https://app.plecto.com/api/v2/');
    expect(normalizeBaseUrl(' https://u:p@app.plecto.com/api/v2/?x=1 ')).toBe('https://app.plecto.com/api/v2/');
    expect(() => normalizeBaseUrl('app.plecto.com')).toThrow(/not a URL/);
  });
});
