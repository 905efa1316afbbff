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

export class MemorySecretStore implements SecretStore {
  private readonly secrets = new Map<string, string>();
  async get(account: string) {
    return this.secrets.get(account) ?? null;
  }
  async set(account: string, secret: string) {
    this.secrets.set(account, secret);
  }
  async delete(account: string) {
    return this.secrets.delete(account);
  }
  async accounts() {
    return [...this.secrets.keys()].sort();
  }
}
