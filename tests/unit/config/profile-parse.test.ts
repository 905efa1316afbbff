// contracts/cli.md "Bad input": a profile is checked whole before anything
// runs — unknown or misspelt keys at any level (with the nearest known key),
// types, ranges, string limits, https-only URLs, secret references.
import { describe, expect, it } from 'vitest';
import { nearestKey } from '../../../main/config/nearest-key';
import { parseProfile } from '../../../main/config/profile-parse';
import { insecureUrlProblem, isLoopbackHost } from '../../../main/config/urls';
import { ConfigError } from '../../../main/engine/errors';

function profile(patch: { plecto?: Record<string, unknown>; connection?: Record<string, unknown>; root?: Record<string, unknown> } = {}) {
  return JSON.stringify({
    plecto: { baseUrl: 'https://app.plecto.com/api/v2/', email: 'sync@acme.com', password: { env: 'PLECTO_PASSWORD' }, ...patch.plecto },
    connections: [
      {
        id: 'intercom',
        type: 'intercom',
        baseUrl: 'https://api.intercom.io',
        credentials: { accessToken: { env: 'INTERCOM_TOKEN' } },
        settings: { onlySelectedTeams: true, selectedTeams: ['1'] },
        ...patch.connection,
      },
    ],
    ...patch.root,
  });
}

function problem(text: string): string {
  try {
    parseProfile(text, 'p.json');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('the profile was accepted');
}

describe('profile checked whole (contracts/cli.md, Bad input)', () => {
  it('accepts the documented profile', () => {
    const parsed = parseProfile(profile());
    expect(parsed.connections[0].settings).toMatchObject({ onlySelectedTeams: true, selectedTeams: ['1'] });
  });

  it('R8 a misspelt setting ("onlySelectedTeam") is an error naming it and the nearest known key, not a silent sync of every team', () => {
    const message = problem(profile({ connection: { settings: { onlySelectedTeam: true, selectedTeams: ['1'] } } }));
    expect(message).toContain('p.json');
    expect(message).toContain('connections[0].settings.onlySelectedTeam');
    expect(message).toContain('did you mean "onlySelectedTeams"?');
  });

  it('unknown keys at every level are named, all at once', () => {
    const message = problem(
      profile({
        root: { conections: [] },
        plecto: { requestPerHour: 10 },
        connection: { providerLable: 'X', safeguards: { maxDeactivation: 3 }, credentials: { acessToken: { env: 'T' } }, registrations: { dataSource: 'd', sinc: '2026-01-01' } },
      }),
    );
    expect(message).toMatch(/has \d+ problems/);
    for (const [key, near] of [
      ['conections', 'connections'],
      ['plecto.requestPerHour', 'requestsPerHour'],
      ['connections[0].providerLable', 'providerLabel'],
      ['connections[0].safeguards.maxDeactivation', 'maxDeactivations'],
      ['connections[0].credentials.acessToken', 'accessToken'],
      ['connections[0].registrations.sinc', 'since'],
    ]) {
      expect(message).toContain(`${key} is not a known field; did you mean "${near}"?`);
    }
  });

  it('a misspelt secret reference key ({"evn": ...}) is named too', () => {
    expect(problem(profile({ plecto: { password: { evn: 'P' } } }))).toContain('plecto.password.evn is not a known field; did you mean "env"?');
  });

  it('types and ranges: wrong types, negative and fractional counts, percentages over 100', () => {
    const message = problem(
      profile({ plecto: { requestsPerHour: 0 }, connection: { settings: { syncTeams: 'yes' }, safeguards: { maxDeactivations: 2.5, maxDeactivationPercent: 101 } } }),
    );
    expect(message).toContain('plecto.requestsPerHour must be a number from 1');
    expect(message).toContain('connections[0].settings.syncTeams must be true or false');
    expect(message).toContain('connections[0].safeguards.maxDeactivations must be a whole number');
    expect(message).toContain('connections[0].safeguards.maxDeactivationPercent must be a number from 0 to 100');
  });

  it('string limits: a 5 MB label, a 101-character id and a 2,001-character URL are refused (no bloated mirror)', () => {
    const huge = 'x'.repeat(5 * 1024 * 1024);
    const label = problem(profile({ connection: { providerLabel: huge } }));
    expect(label).toContain(`connections[0].providerLabel is ${huge.length} characters long; at most 100`);
    expect(label.length).toBeLessThan(500);
    expect(problem(profile({ connection: { settings: { selectedTeams: ['1'.repeat(101)] } } }))).toContain('selectedTeams[0] is 101 characters long');
    expect(problem(profile({ connection: { baseUrl: `https://api.intercom.io/${'a'.repeat(2000)}` } }))).toContain('baseUrl is 2024 characters long; at most 2000');
    expect(problem(profile({ connection: { registrations: { dataSource: 'd'.repeat(101) } } }))).toContain('registrations.dataSource is 101');
  });

  it('https only for every base URL, except loopback hosts; no user info in a URL', () => {
    expect(problem(profile({ plecto: { baseUrl: 'http://app.plecto.com/api/v2/' } }))).toContain('plecto.baseUrl must use https://');
    expect(problem(profile({ connection: { baseUrl: 'http://127.0.0.1.evil.example/' } }))).toContain('must use https://');
    expect(problem(profile({ connection: { baseUrl: 'file:///etc/passwd' } }))).toContain('must be an https:// URL');
    const withUser = problem(profile({ connection: { baseUrl: 'https://admin:hunter2@api.intercom.io' } }));
    expect(withUser).toContain('must not contain a user name or password');
    expect(withUser).not.toContain('hunter2');
    const query = problem(profile({ connection: { baseUrl: 'https://api.intercom.io/?access_token=tok_live_123' } }));
    expect(query).toContain('must not carry a secret in its query ("access_token")');
    expect(query).not.toContain('tok_live_123');
    for (const ok of ['http://127.0.0.1:8080/api/v2/', 'http://localhost:3000', 'http://[::1]:9/', 'http://127.1.2.3/']) {
      expect(() => parseProfile(profile({ plecto: { baseUrl: ok } }))).not.toThrow();
    }
  });

  it('secret references: a plain secret, two sources at once and a bad variable name are refused', () => {
    const plain = problem(profile({ plecto: { password: 'hunter2' } }));
    expect(plain).toContain('plecto.password is a plain secret');
    expect(plain).not.toContain('hunter2');
    expect(problem(profile({ plecto: { password: { env: 'A', keychain: 'b' } } }))).toContain('exactly one of them');
    expect(problem(profile({ plecto: { password: { env: 'NOT A NAME' } } }))).toContain('must be an environment variable name');
  });

  it('a connection type typo names the nearest type', () => {
    expect(problem(profile({ connection: { type: 'intercomm' } }))).toContain('did you mean "intercom"?');
  });
});

describe('nearest key and URL rules', () => {
  it('suggests only close keys', () => {
    expect(nearestKey('synctems', ['syncTeams', 'syncEmployees'])).toBe('syncTeams');
    expect(nearestKey('colour', ['syncTeams', 'syncEmployees'])).toBeNull();
    expect(nearestKey('x'.repeat(1_000_000), ['syncTeams'])).toBeNull();
  });

  it('loopback is 127.0.0.0/8, [::1] and localhost only', () => {
    expect(['127.0.0.1', '127.255.0.9', 'localhost', '[::1]'].every(isLoopbackHost)).toBe(true);
    expect(['127.0.0.1.nip.io', 'localhost.evil.com', '10.0.0.1', '0.0.0.0'].some(isLoopbackHost)).toBe(false);
    expect(insecureUrlProblem('https://api.intercom.io')).toBeNull();
    expect(insecureUrlProblem('http://0.0.0.0:80/')).toMatch(/https/);
  });
});
