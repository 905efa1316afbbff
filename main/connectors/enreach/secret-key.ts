// Turns an Enreach password into the API secret key once, at setup. The
// password is sent in the request body only: never stored, logged or echoed.
import { originOf, type HttpDeps } from '../../http/http';
import { badAnswer, callEnreach } from './errors';
import { pascalKeys, textOf } from './normalise';

/** `POST {api}/authuser/{email}` `{"UserName", "Password"}` → SecretKey. */
export async function obtainSecretKey(apiBase: string, email: string, password: string, deps: HttpDeps): Promise<string> {
  const base = apiBase.replace(/\/+$/, '');
  const body = await callEnreach(deps, {
    method: 'POST',
    url: `${base}/authuser/${encodeURIComponent(email)}`,
    body: { UserName: email, Password: password },
    refused: `the password of ${email}`,
    secrets: [password],
  });
  const secretKey = textOf(pascalKeys(body)?.SecretKey);
  if (!secretKey) throw badAnswer('POST /authuser', originOf(base), 'a SecretKey');
  return secretKey;
}
