// The one HTTP exchange every client uses (R12 retries): transient answers are
// retried with the server's wait hint, permanent ones are not, and network
// failures read as something an admin can act on.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../main/common/logger';
import { NetworkError, send, type HttpDeps } from '../../main/http/http';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? (server.closeAllConnections(), server.close(() => resolve())) : resolve())));

/** Answers each request with the next [status, headers] of `script`, then 200. */
async function scripted(script: [number, Record<string, string>?][]): Promise<{ url: string; hits: () => number }> {
  let hits = 0;
  server = createServer((_req, res) => {
    const [status, headers] = script[hits++] ?? [200];
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    res.end(JSON.stringify({ hit: hits }));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}/x`, hits: () => hits };
}

function deps(): HttpDeps & { slept: number[] } {
  const slept: number[] = [];
  return { fetch: (i, init) => fetch(i, init), logger: silentLogger, clock: { now: () => 0, sleep: async (ms) => void slept.push(ms) }, slept };
}

describe('send', () => {
  it('R12 retries 429 after the Retry-After the server asked for, and 5xx with backoff', async () => {
    const server = await scripted([[429, { 'Retry-After': '7' }], [503], [502]]);
    const d = deps();
    const response = await send(d, { system: 'Test', method: 'GET', url: server.url });
    expect(response).toMatchObject({ status: 200, attempts: 4, body: { hit: 4 } });
    expect(d.slept[0]).toBe(7000);
    expect(d.slept.slice(1).every((ms) => ms >= 500 && ms < 60_000)).toBe(true);
  });

  it('R12 gives the last transient answer back after the last attempt; other statuses are not retried', async () => {
    const failing = await scripted([[503], [503], [503]]);
    expect((await send(deps(), { system: 'Test', method: 'GET', url: failing.url, retry: { maxAttempts: 3 } })).status).toBe(503);
    expect(failing.hits()).toBe(3);
  });

  it('does not retry a 400 or 401', async () => {
    const server = await scripted([[401]]);
    expect((await send(deps(), { system: 'Test', method: 'GET', url: server.url })).status).toBe(401);
    expect(server.hits()).toBe(1);
  });

  it('names the system, the host and the cause when nothing answers, after retrying', async () => {
    const d = deps();
    const error = await send(d, { system: 'Plecto', method: 'GET', url: 'http://127.0.0.1:4/api/v2/teams/', retry: { maxAttempts: 3 } }).catch((e) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toBe('Could not reach Plecto at http://127.0.0.1:4: connection refused');
    expect(d.slept).toHaveLength(2);
  });

  it('does not retry what never left this machine (a port fetch refuses)', async () => {
    const d = deps();
    const error = await send(d, { system: 'Plecto', method: 'GET', url: 'http://127.0.0.1:9/' }).catch((e) => e);
    expect(error.message).toBe('Could not reach Plecto at http://127.0.0.1:9: bad port');
    expect(d.slept).toEqual([]);
  });

  it('gives up on a server that does not answer within the timeout', async () => {
    server = createServer(() => {}); // never answers
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const error = await send(deps(), { system: 'Intercom', method: 'GET', url, retry: { maxAttempts: 2, timeoutMs: 200 } }).catch((e) => e);
    expect(error.message).toMatch(/Could not reach Intercom at http:\/\/127\.0\.0\.1:\d+: no answer within 0\.2 s/);
  });
});
