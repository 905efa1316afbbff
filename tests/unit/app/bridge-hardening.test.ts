// The local bridge (demo and tests) against other local processes and web
// pages (issue 9, point 10): its API needs this start's random token, which
// only the served page carries; a malformed request line is a 400; what it
// keeps in memory is capped.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_EVENT_STREAMS, MAX_KEPT_RESPONSES, startBridge, type Bridge } from '../../../main/app/bridge-server';
import type { DirectorySyncApi } from '../../../preload/contract';

let root: string;
let bridge: Bridge;
let calls = 0;

beforeEach(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'bridge-hard-'));
  fs.writeFileSync(path.join(root, 'index.html'), '<html><head><script type="module" src="./app.js"></script></head></html>');
  calls = 0;
  const api = { async getOverview() { calls++; return { connections: [] }; } } as unknown as DirectorySyncApi;
  bridge = await startBridge({ rootDir: root, createApi: () => api });
});
afterEach(async () => {
  await bridge.close();
  fs.rmSync(root, { recursive: true, force: true });
});

const call = (token?: string) =>
  fetch(`${bridge.url}api/getOverview`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...(token === undefined ? {} : { 'X-Bridge-Token': token }) }, body: '[]' });

/** The raw status line's code for a request line we write ourselves (fetch would normalise it). */
function rawStatus(requestLine: string): Promise<number> {
  const { port } = new URL(bridge.url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => socket.write(`${requestLine}\r\nHost: 127.0.0.1:${port}\r\n\r\n`));
    let data = '';
    socket.on('data', (chunk) => {
      data += chunk;
      const match = /^HTTP\/1\.1 (\d{3})/.exec(data);
      if (match) {
        resolve(Number(match[1]));
        socket.destroy();
      }
    });
    socket.on('error', reject);
  });
}

describe('bridge hardening', () => {
  it('the API needs this start\'s token; the page carries it, the script another origin could load does not', async () => {
    expect((await call()).status).toBe(403);
    expect((await call('x'.repeat(bridge.token.length))).status).toBe(403);
    expect((await fetch(`${bridge.url}api/events`)).status).toBe(403);
    expect(calls).toBe(0);
    const html = await (await fetch(bridge.url)).text();
    expect(html).toContain(`<meta name="plecto-bridge-token" content="${bridge.token}" />`);
    expect(await (await fetch(`${bridge.url}__bridge.js`)).text()).not.toContain(bridge.token);
    expect((await call(bridge.token)).status).toBe(200);
    expect(calls).toBe(1);

    const other = await startBridge({ rootDir: root, createApi: () => ({}) as DirectorySyncApi });
    try {
      expect(other.token).not.toBe(bridge.token);
      expect(other.token.length).toBeGreaterThanOrEqual(40);
    } finally {
      await other.close();
    }
  });

  it('answers 400 to a malformed URL instead of failing inside', async () => {
    expect(await rawStatus('GET /%E0%A4%A HTTP/1.1')).toBe(400);
    expect(await rawStatus('GET http://evil.example/ HTTP/1.1')).toBe(400);
    expect(await rawStatus('GET /index.html HTTP/1.1')).toBe(200);
  });

  it(`keeps at most ${MAX_KEPT_RESPONSES} responses and ${MAX_EVENT_STREAMS} event streams`, async () => {
    for (let i = 0; i < MAX_KEPT_RESPONSES + 5; i++) bridge.responses.push('old');
    await call(bridge.token);
    expect(bridge.responses).toHaveLength(MAX_KEPT_RESPONSES);
    expect(bridge.responses.at(-1)).toContain('"result"');

    const open: ReadableStreamDefaultReader<Uint8Array>[] = [];
    for (let i = 0; i < MAX_EVENT_STREAMS; i++) {
      const response = await fetch(`${bridge.url}api/events?token=${bridge.token}`);
      expect(response.status).toBe(200);
      open.push(response.body!.getReader());
    }
    expect((await fetch(`${bridge.url}api/events?token=${bridge.token}`)).status).toBe(503);
    for (const reader of open) await reader.cancel();
  });
});
