// KeytarSecretStore against the REAL Secret Service (gnome-keyring in a dbus
// session). Run it with:
//   HOME=$(mktemp -d) dbus-run-session -- sh -c 'echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null; npx vitest run tests/integration/keychain.test.ts'
// Without a keychain the suite fails (never skips): the app cannot keep secrets then.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeychainError, KeytarSecretStore } from '../../main/secrets/keytar-store';
import { KEYCHAIN_SERVICE, secretAccount } from '../../main/secrets/secret-store';

const run = randomUUID().slice(0, 8);
const connectionId = `keychain-test-${run}`;
const tokenAccount = secretAccount(connectionId, 'accessToken');
const keyAccount = secretAccount(connectionId, 'secretKey');
const CANARY = `canary-${randomUUID()}`;

const store = new KeytarSecretStore();
let keychainAvailable = false;

beforeAll(async () => {
  try {
    await store.accounts();
    keychainAvailable = true;
  } catch (error) {
    throw new Error(
      'The OS keychain (Secret Service) is not available, so secrets cannot be stored. ' +
        'Run this suite inside `dbus-run-session` with an unlocked gnome-keyring (see the header of this file). ' +
        `Cause: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
});

afterAll(async () => {
  // Leave the developer's keychain as it was, even when an assertion failed midway.
  if (!keychainAvailable) return;
  for (const account of await store.accounts()) {
    if (account.startsWith(`${connectionId}/`)) await store.delete(account);
  }
});

describe('KeytarSecretStore on the real Secret Service', () => {
  it('uses the one app-wide service name', () => {
    expect(store.service).toBe(KEYCHAIN_SERVICE);
  });

  it('saves, reads, overwrites and deletes a connection secret', async () => {
    expect(await store.get(tokenAccount)).toBeNull();

    await store.set(tokenAccount, CANARY);
    expect(await store.get(tokenAccount)).toBe(CANARY);

    await store.set(tokenAccount, `${CANARY}-rotated`);
    expect(await store.get(tokenAccount)).toBe(`${CANARY}-rotated`);

    expect(await store.delete(tokenAccount)).toBe(true);
    expect(await store.get(tokenAccount)).toBeNull();
    expect(await store.delete(tokenAccount)).toBe(false);
  });

  it('lists account names only, one per connection secret, never the secrets', async () => {
    await store.set(tokenAccount, CANARY);
    await store.set(keyAccount, `${CANARY}-key`);

    const accounts = await store.accounts();
    expect(accounts).toEqual(expect.arrayContaining([tokenAccount, keyAccount]));
    expect(accounts.every((a) => typeof a === 'string')).toBe(true);
    expect(JSON.stringify(accounts)).not.toContain(CANARY);

    await store.delete(tokenAccount);
    await store.delete(keyAccount);
    const after = await store.accounts();
    expect(after).not.toContain(tokenAccount);
    expect(after).not.toContain(keyAccount);
  });

  it('keeps services apart: another service name does not see the app\'s accounts', async () => {
    const other = new KeytarSecretStore(undefined, `${KEYCHAIN_SERVICE} test ${run}`);
    await store.set(tokenAccount, CANARY);
    try {
      expect(await other.get(tokenAccount)).toBeNull();
      expect(await other.accounts()).not.toContain(tokenAccount);
    } finally {
      await store.delete(tokenAccount);
    }
  });

  it('refuses an empty secret with a message that names the account', async () => {
    await expect(store.set(tokenAccount, '')).rejects.toThrow(KeychainError);
    await expect(store.set(tokenAccount, '')).rejects.toThrow(tokenAccount);
    expect(await store.get(tokenAccount)).toBeNull();
  });
});
