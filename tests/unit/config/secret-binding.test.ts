// A saved secret is bound to the host it was saved for (issue 9, point 1),
// where secrets are resolved, so every caller inherits it; both secret stores
// keep the binding beside the secret and hide it from the account list.
import { describe, expect, it } from 'vitest';
import { credentialUrl, resolveCredentials, resolveSecret, saveBoundSecret, type SecretSources } from '../../../main/config/secrets';
import { ConfigError } from '../../../main/engine/errors';
import { KeytarSecretStore, type KeytarLike } from '../../../main/secrets/keytar-store';
import { MemorySecretStore, type SecretStore } from '../../../main/secrets/secret-store';

/** keytar's functions over a Map: the real store's logic without a Secret Service. */
function mapKeytar(): KeytarLike {
  const entries = new Map<string, string>();
  const key = (service: string, account: string) => `${service}\u0000${account}`;
  return {
    async getPassword(service, account) {
      return entries.get(key(service, account)) ?? null;
    },
    async setPassword(service, account, password) {
      entries.set(key(service, account), password);
    },
    async deletePassword(service, account) {
      return entries.delete(key(service, account));
    },
    async findCredentials(service) {
      return [...entries].filter(([k]) => k.startsWith(service + '\u0000')).map(([k, password]) => ({ account: k.split('\u0000')[1], password }));
    },
  };
}

for (const [name, make] of [
  ['memory store', () => new MemorySecretStore()],
  ['keytar store', () => new KeytarSecretStore(mapKeytar())],
] as [string, () => SecretStore][]) {
  describe(`host binding (${name})`, () => {
    it('a secret saved for a host is refused for another one, and accepted again once re-entered', async () => {
      const secrets = make();
      const sources: SecretSources = { secrets, env: {} };
      await saveBoundSecret(secrets, 'plecto/password', 'pw-123456', 'https://app.plecto.com/api/v2/');
      const ref = { keychain: 'plecto/password' };
      expect(await resolveSecret(ref, sources, 'plecto.password', 'https://APP.plecto.com/other/')).toBe('pw-123456');
      await expect(resolveSecret(ref, sources, 'plecto.password', 'https://evil.example/api/v2/')).rejects.toThrow(
        'The saved secret for plecto.password was saved for https://app.plecto.com, but the setting now points at https://evil.example.',
      );
      await expect(resolveSecret(ref, sources, 'plecto.password', 'http://app.plecto.com/api/v2/')).rejects.toThrow(ConfigError);
      await secrets.set('plecto/password', 'pw-for-the-new-host');
      expect(await resolveSecret(ref, sources, 'plecto.password', 'https://evil.example/api/v2/')).toBe('pw-for-the-new-host');
      await expect(resolveSecret(ref, sources, 'plecto.password', 'https://app.plecto.com/api/v2/')).rejects.toThrow(/was saved for https:\/\/evil\.example/);
      expect(await secrets.accounts()).toEqual(['plecto/password']);
      await secrets.delete('plecto/password');
      expect(await secrets.get('plecto/password#host')).toBeNull();
    });

    it("a connection's secrets are bound to its API host (Salesforce: its login host)", async () => {
      const secrets = make();
      const sources: SecretSources = { secrets, env: {} };
      await secrets.set('sf/refreshToken', 'refresh-abcdef');
      const config = {
        id: 'sf', type: 'salesforce' as const, providerLabel: 'Salesforce', loginUrl: 'https://acme.my.salesforce.com',
        credentials: { clientId: '3MVG9', refreshToken: { keychain: 'sf/refreshToken' } },
        settings: {} as never, safeguards: {} as never,
      };
      expect(credentialUrl(config)).toBe('https://acme.my.salesforce.com');
      expect(await resolveCredentials(config, sources)).toEqual({ clientId: '3MVG9', refreshToken: 'refresh-abcdef' });
      await expect(resolveCredentials({ ...config, loginUrl: 'https://login.evil.example' }, sources)).rejects.toThrow(/saved for https:\/\/acme\.my\.salesforce\.com/);
    });
  });
}

it('{"env"} secrets are the command line\'s own environment: nothing saved, nothing bound', async () => {
  const sources: SecretSources = { secrets: new MemorySecretStore(), env: { TOKEN: 't-123456' } };
  expect(await resolveSecret({ env: 'TOKEN' }, sources, 'x', 'https://a.example')).toBe('t-123456');
  expect(await resolveSecret({ env: 'TOKEN' }, sources, 'x', 'https://b.example')).toBe('t-123456');
});

it('no secret is handed out for a plain-http address other than loopback', async () => {
  const sources: SecretSources = { secrets: new MemorySecretStore(), env: { TOKEN: 't-123456' } };
  await expect(resolveSecret({ env: 'TOKEN' }, sources, 'connection "x" credentials.accessToken', 'http://api.intercom.io')).rejects.toThrow(
    'The address for connection "x" credentials.accessToken must use https://',
  );
  expect(await resolveSecret({ env: 'TOKEN' }, sources, 'x', 'http://127.0.0.1:9/')).toBe('t-123456');
});
