// Enreach Voice runs several API hosts; the discovery service says which one
// serves a user. A base URL set on the connection overrides it.
import { SourceReadError } from '../../domain/model';
import type { HttpDeps } from '../../http/http';
import { badAnswer, callEnreach, ENREACH_SYSTEM } from './errors';
import { pascalKeys, textOf } from './normalise';

export const DEFAULT_DISCOVERY_URL = 'https://discover.enreachvoice.com';

/** `GET {discovery}/api/user?user=<email>` → the first apiEndpoint, without trailing slash. */
export async function discoverApiBase(
  username: string,
  deps: HttpDeps,
  discoveryUrl: string = DEFAULT_DISCOVERY_URL,
): Promise<string> {
  const base = discoveryUrl.replace(/\/+$/, '');
  const url = `${base}/api/user?user=${encodeURIComponent(username)}`;
  const body = await callEnreach(deps, {
    method: 'GET',
    url,
    refused: `the discovery request for ${username}`,
    secrets: [],
  });
  if (!Array.isArray(body)) throw badAnswer('GET /api/user', base, 'a list of API endpoints');
  const endpoint = body.map((entry) => textOf(pascalKeys(entry)?.ApiEndpoint)).find((e) => e !== null);
  if (!endpoint)
    throw new SourceReadError(
      `Enreach discovery at ${base} knows no API endpoint for ${username}; check the user name or set the API URL on the connection`,
      ENREACH_SYSTEM,
      'bad_answer',
    );
  return endpoint.replace(/\/+$/, '');
}
