// Where secrets live: the OS keychain in the app (keytar-store.ts), an
// in-memory map in tests that do not test the keychain itself.
export interface SecretStore {
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  delete(account: string): Promise<boolean>;
  /** Accounts that have a secret (never the secrets themselves). */
  accounts(): Promise<string[]>;
}

/** Keychain service name: one for the whole app, one account per connection secret. */
export const KEYCHAIN_SERVICE = 'Plecto Directory Sync';

/** Account name of one secret of one connection, e.g. "intercom/accessToken". */
export function secretAccount(connectionId: string, field: string): string {
  return `${connectionId}/${field}`;
}

const HOST_BINDING = '#host';

/**
 * The entry holding the origin a saved secret is bound to (config/secrets.ts). Saving or deleting
 * the secret clears it, so a secret entered again is bound to the host it is next used with.
 */
export function hostBindingAccount(account: string): string {
  return account + HOST_BINDING;
}
export function isHostBindingAccount(account: string): boolean {
  return account.endsWith(HOST_BINDING);
}

export class MemorySecretStore implements SecretStore {
  private readonly secrets = new Map<string, string>();
  async get(account: string) {
    return this.secrets.get(account) ?? null;
  }
  async set(account: string, secret: string) {
    this.secrets.set(account, secret);
    if (!isHostBindingAccount(account)) this.secrets.delete(hostBindingAccount(account));
  }
  async delete(account: string) {
    if (!isHostBindingAccount(account)) this.secrets.delete(hostBindingAccount(account));
    return this.secrets.delete(account);
  }
  async accounts() {
    return [...this.secrets.keys()].filter((a) => !isHostBindingAccount(a)).sort();
  }
}
