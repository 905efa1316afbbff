// Defence in depth for messages shown to people: should an error text ever
// carry a saved secret, it is masked before it leaves the main process.
import type { SecretStore } from '../secrets/secret-store';

export async function scrubSecrets(secrets: SecretStore, text: string): Promise<string> {
  let out = text;
  for (const account of await secrets.accounts()) {
    const value = await secrets.get(account);
    // Very short values would mask ordinary words; real secrets are long.
    if (value && value.length >= 6) out = out.split(value).join('***');
  }
  return out;
}
