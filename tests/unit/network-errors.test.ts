// Network failures are named in plain words (issue 9, point 6): an admin
// reads "the server closed the connection before answering", never undici's
// UND_ERR_SOCKET.
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { NetworkError, describeNetworkError, send } from '../../main/http/http';
import { httpDeps, rejectionOf, virtualClock } from '../support/test-kit';

let server: net.Server | null = null;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

/** A server that reads the request and hangs up without a word. */
async function hangUpServer(): Promise<string> {
  server = net.createServer((socket) => socket.once('data', () => socket.destroy()));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}/api/v2/teams/`;
}

describe('network errors in plain words', () => {
  it('a server that hangs up mid-request: "closed the connection", no UND_ERR_SOCKET', async () => {
    const url = await hangUpServer();
    const error = await rejectionOf(
      send(httpDeps(virtualClock()), { system: 'Plecto', method: 'GET', url, retry: { maxAttempts: 2 } }),
      NetworkError,
    );
    expect(error.message).toMatch(/^Could not reach Plecto at http:\/\/127\.0\.0\.1:\d+: the server closed the connection before answering$/);
    expect(error.message).not.toMatch(/UND_ERR|fetch failed/);
  });

  it('known codes get words, unknown ones a sentence with the code for reference', () => {
    const failure = (code: string) => Object.assign(new TypeError('fetch failed'), { cause: { code, message: 'x' } });
    expect(describeNetworkError(failure('UND_ERR_HEADERS_TIMEOUT'))).toBe('the server did not start answering in time');
    expect(describeNetworkError(failure('CERT_HAS_EXPIRED'))).toBe('TLS: the server certificate has expired');
    expect(describeNetworkError(failure('ERR_SOMETHING_NEW'))).toBe('the connection failed (ERR_SOMETHING_NEW)');
    expect(describeNetworkError(failure('ERR_TLS_NEW'))).toBe('TLS: the secure connection failed (ERR_TLS_NEW)');
  });
});
