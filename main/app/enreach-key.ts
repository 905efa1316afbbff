// Enreach lets an admin type a password once: we exchange it for the API
// secret key (enreach-api.md, "Base and auth") and store only the key.
import { ConfigError } from '../engine/errors';
import { originOf, send, type HttpDeps } from '../http/http';

export const ENREACH_DISCOVERY_URL = 'https://discover.enreachvoice.com/api/user';

export async function exchangeEnreachPassword(
  http: HttpDeps,
  input: { baseUrl: string | undefined; username: string; password: string },
  discoveryUrl = ENREACH_DISCOVERY_URL,
): Promise<{ secretKey: string; baseUrl: string }> {
  const baseUrl = (input.baseUrl ?? (await discoverApi(http, input.username, discoveryUrl))).replace(/\/+$/, '');
  const response = await send(http, {
    system: 'Enreach',
    method: 'POST',
    url: `${baseUrl}/authuser/${encodeURIComponent(input.username)}`,
    body: { UserName: input.username, Password: input.password },
    retry: { maxAttempts: 2 },
  });
  const body = response.body as Record<string, unknown> | null;
  const secretKey = body && (body.SecretKey ?? body.secretKey);
  if (response.status === 401 || response.status === 403) {
    throw new ConfigError(`Enreach at ${originOf(baseUrl)} refused the user name or password (HTTP ${response.status})`);
  }
  if (response.status >= 400 || typeof secretKey !== 'string' || !secretKey) {
    throw new ConfigError(`Enreach at ${originOf(baseUrl)} did not return a secret key (HTTP ${response.status})`);
  }
  return { secretKey, baseUrl };
}

async function discoverApi(http: HttpDeps, username: string, discoveryUrl: string): Promise<string> {
  const response = await send(http, {
    system: 'Enreach discovery',
    method: 'GET',
    url: `${discoveryUrl}?user=${encodeURIComponent(username)}`,
    retry: { maxAttempts: 2 },
  });
  const first = Array.isArray(response.body) ? (response.body[0] as Record<string, unknown> | undefined) : undefined;
  const endpoint = first && (first.apiEndpoint ?? first.ApiEndpoint);
  if (response.status >= 400 || typeof endpoint !== 'string') {
    throw new ConfigError(`Enreach discovery at ${originOf(discoveryUrl)} found no API for this user (HTTP ${response.status}); enter the API URL instead`);
  }
  return endpoint;
}
