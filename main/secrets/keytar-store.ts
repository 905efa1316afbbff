// The OS keychain as a SecretStore: macOS Keychain, Windows Credential Vault,
// the Secret Service (gnome-keyring, KWallet) on Linux. One service name for
// the whole app, one account per connection secret ("intercom/accessToken").
// keytar is loaded on first use, so code that never touches a secret (or a
// server without libsecret) does not need the native module.
import { createRequire } from 'node:module';
import { KEYCHAIN_SERVICE, hostBindingAccount, isHostBindingAccount, type SecretStore } from './secret-store';

/** The keytar functions this store uses; the real module, or a fake in unit tests. */
export interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

/** The keychain could not be used. The message names the operation and account, never a secret. */
export class KeychainError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KeychainError';
  }
}

async function loadKeytar(): Promise<KeytarLike> {
  // require, not import(): keytar is CommonJS with a native addon, and require loads it the same way
  // under vitest (ESM), the bundled CJS main process and a packaged app (asar + unpacked .node).
  return createRequire(import.meta.url)('keytar') as KeytarLike;
}

export class KeytarSecretStore implements SecretStore {
  private keytar: Promise<KeytarLike> | null;

  constructor(
    keytar?: KeytarLike,
    readonly service: string = KEYCHAIN_SERVICE,
  ) {
    this.keytar = keytar ? Promise.resolve(keytar) : null;
  }

  async get(account: string): Promise<string | null> {
    return this.call(`read the secret "${account}"`, (k) => k.getPassword(this.service, account));
  }

  async set(account: string, secret: string): Promise<void> {
    if (!secret) throw new KeychainError(`Cannot save an empty secret for "${account}" in the keychain.`);
    await this.call(`save the secret "${account}"`, (k) => k.setPassword(this.service, account, secret));
    // A secret saved anew is bound to the host it is next used with (config/secrets.ts).
    if (!isHostBindingAccount(account)) await this.call(`save the secret "${account}"`, (k) => k.deletePassword(this.service, hostBindingAccount(account)));
  }

  async delete(account: string): Promise<boolean> {
    if (!isHostBindingAccount(account)) await this.call(`delete the secret "${account}"`, (k) => k.deletePassword(this.service, hostBindingAccount(account)));
    return this.call(`delete the secret "${account}"`, (k) => k.deletePassword(this.service, account));
  }

  async accounts(): Promise<string[]> {
    const credentials = await this.call('list saved secrets', (k) => k.findCredentials(this.service));
    // findCredentials returns the passwords too: keep only the names.
    return credentials.map((c) => c.account).filter((a) => !isHostBindingAccount(a)).sort();
  }

  private async call<T>(what: string, operation: (keytar: KeytarLike) => Promise<T>): Promise<T> {
    let keytar: KeytarLike;
    try {
      this.keytar ??= loadKeytar();
      keytar = await this.keytar;
    } catch (error) {
      this.keytar = null; // let a later call try again (e.g. after libsecret is installed)
      throw new KeychainError(`Could not load the keychain library (keytar) to ${what}: ${messageOf(error)}`, { cause: error });
    }
    try {
      return await operation(keytar);
    } catch (error) {
      // keytar's own messages describe the keychain (e.g. "The name org.freedesktop.secrets was not provided"), not the secret.
      throw new KeychainError(`The OS keychain (service "${this.service}") could not ${what}: ${messageOf(error)}`, { cause: error });
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
