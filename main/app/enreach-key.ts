// Enreach lets an admin type a password once: we exchange it for the API
// secret key (enreach-api.md, "Base and auth") and store only the key. The
// calls themselves belong to the Enreach connector.
import { discoverApiBase } from '../connectors/enreach/discovery';
import { obtainSecretKey } from '../connectors/enreach/secret-key';
import type { HttpDeps } from '../http/http';

export async function exchangeEnreachPassword(
  http: HttpDeps,
  input: { baseUrl: string | undefined; username: string; password: string },
): Promise<{ secretKey: string; baseUrl: string }> {
  const baseUrl = (input.baseUrl ?? (await discoverApiBase(input.username, http))).replace(/\/+$/, '');
  return { secretKey: await obtainSecretKey(baseUrl, input.username, input.password, http), baseUrl };
}
