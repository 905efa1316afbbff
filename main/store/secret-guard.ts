// Last line of defence that keeps secrets out of the SQLite file: values
// stored under secret-like names must be references, never the secret itself.
import type { ConnectionConfig, SecretRef } from '../config/profile';
import { PlainSecretError } from './errors';

const SECRET_LIKE_NAME = /token|secret|password|key/i;

export function isSecretRef(value: unknown): value is SecretRef {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  if (keys.length !== 1 || (keys[0] !== 'env' && keys[0] !== 'keychain')) return false;
  const target = (value as Record<string, unknown>)[keys[0]];
  return typeof target === 'string' && target.length > 0;
}

/** Throws PlainSecretError when a credential is a plain secret or neither a plain value nor a reference. */
export function assertNoPlainSecrets(config: ConnectionConfig): void {
  const what = `connection "${config.id}"`;
  for (const [field, value] of Object.entries(config.credentials ?? {})) {
    if (typeof value === 'string') {
      if (SECRET_LIKE_NAME.test(field)) throw new PlainSecretError(what, `credentials.${field}`);
    } else if (!isSecretRef(value)) {
      throw new PlainSecretError(what, `credentials.${field}`, 'is neither a plain value nor a secret reference');
    }
  }
}

/** App settings under a secret-like key must hold a JSON secret reference. */
export function assertSettingIsNotSecret(key: string, value: string): void {
  if (!SECRET_LIKE_NAME.test(key)) return;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    parsed = undefined;
  }
  if (!isSecretRef(parsed)) throw new PlainSecretError(`setting "${key}"`, key, 'is not a JSON secret reference');
}
