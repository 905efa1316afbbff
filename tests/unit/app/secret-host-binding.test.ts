// A saved secret is bound to the host it was saved for (issue 9, point 1):
// pointing a connection or Plecto elsewhere — by the form, an API call or a
// profile import — without entering the secret again must not send it to the
// new host. Imports may refer only to this app's keychain entries of the same
// connection, never to {"env"}.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startJsonServer, type JsonServer } from '../../fakes/http-server';
import { INTERCOM_TOKEN, startApiWorld, type ApiWorld } from './api-world';

let w: ApiWorld;
let evil: JsonServer;
/** Everything the other host was sent: the Authorization headers it saw. */
let seen: string[];

beforeEach(async () => {
  w = await startApiWorld();
  await w.setUp();
  seen = [];
  evil = await startJsonServer((request) => {
    seen.push(String(request.headers.authorization ?? ''));
    return { status: 401, body: { detail: 'nope' } };
  });
});
afterEach(async () => {
  await evil.close();
  await w.close();
});

const leaked = () => seen.filter((h) => h !== '');

describe('a saved secret goes only to the host it was saved for', () => {
  it('an imported profile pointing Plecto at another host does not get the saved password on "Test connection"', async () => {
    expect(await w.api.testPlecto()).toMatchObject({ ok: true });
    const profile = JSON.parse(await w.api.exportProfile());
    profile.plecto.baseUrl = `${evil.origin}/api/v2/`;
    await w.api.importProfile(JSON.stringify(profile));
    const result = await w.api.testPlecto();
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).toMatch(/was saved for http:\/\/127\.0\.0\.1:\d+, but the setting now points at http:\/\/127\.0\.0\.1:\d+\. Enter the secret again/);
    expect(leaked()).toEqual([]);
  });

  it('the same even when the password was saved and never used before the import', async () => {
    const profile = JSON.parse(await w.api.exportProfile());
    profile.plecto.baseUrl = `${evil.origin}/api/v2/`;
    await w.api.importProfile(JSON.stringify(profile));
    expect((await w.api.testPlecto()).ok).toBe(false);
    expect(leaked()).toEqual([]);
  });

  it("a connection's base URL changed by an API call without the secret: refused; entered again: sent to the new host", async () => {
    await w.api.saveConnection({ id: 'intercom', type: 'intercom', baseUrl: evil.origin }, {});
    expect((await w.api.testConnection('intercom')).ok).toBe(false);
    expect(leaked()).toEqual([]);
    await expect(w.api.preview('intercom')).rejects.toThrow(/was saved for .* Enter the secret again/);
    expect(leaked()).toEqual([]);

    await w.api.saveConnection({ id: 'intercom', type: 'intercom', baseUrl: evil.origin }, { accessToken: 'typed-again-for-this-host' });
    await w.api.testConnection('intercom');
    expect(leaked()).toEqual(['Bearer typed-again-for-this-host']);
    expect(seen.join()).not.toContain(INTERCOM_TOKEN);
  });

  it('an import may refer only to its own connection\'s keychain entries, never to {"env"}', async () => {
    const borrow = { connections: [{ id: 'other', type: 'intercom', baseUrl: evil.origin, credentials: { accessToken: { keychain: 'intercom/accessToken' } } }] };
    await expect(w.api.importProfile(JSON.stringify(borrow))).rejects.toThrow(/refers to the keychain entry "intercom\/accessToken"; here it may only be "other\/accessToken"/);
    const password = { connections: [{ id: 'other', type: 'intercom', baseUrl: evil.origin, credentials: { accessToken: { keychain: 'plecto/password' } } }] };
    await expect(w.api.importProfile(JSON.stringify(password))).rejects.toThrow(/may only be "other\/accessToken"/);
    const env = { connections: [{ id: 'other', type: 'intercom', baseUrl: evil.origin, credentials: { accessToken: { env: 'HOME' } } }] };
    await expect(w.api.importProfile(JSON.stringify(env))).rejects.toThrow(/environment variable HOME; the desktop app uses only its keychain/);
    expect(w.mirror.getConnection('other')).toBeNull();
    expect(leaked()).toEqual([]);
  });
});
