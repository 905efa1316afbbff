// The HTTP bridge: same contract as the preload, over fetch; refuses other
// hosts, non-JSON calls, bad arguments and paths outside the renderer folder.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DirectorySyncApi, DirectorySyncEvent } from '../../../preload/contract';
import { startBridge, type Bridge } from '../../../main/app/bridge-server';

let root: string;
let bridge: Bridge;
let emit: (event: DirectorySyncEvent) => void;
const calls: unknown[][] = [];

beforeEach(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'bridge-'));
  fs.writeFileSync(path.join(root, 'index.html'), '<html><head><script type="module" src="./assets/app.js"></script></head></html>');
  fs.mkdirSync(path.join(root, 'assets'));
  fs.writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(path.dirname(root), 'bridge-secret.txt'), 'outside');
  calls.length = 0;
  const api = {
    async preview(id: string) {
      calls.push(['preview', id]);
      return { id: 7, connectionId: id };
    },
    async setManuallyManaged(uuid: string, on: boolean) {
      calls.push(['setManuallyManaged', uuid, on]);
    },
    async testPlecto() {
      throw new Error('Could not reach Plecto at http://x');
    },
  } as unknown as DirectorySyncApi;
  bridge = await startBridge({ rootDir: root, createApi: (e) => ((emit = e), api) });
});

afterEach(async () => {
  await bridge.close();
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(path.join(path.dirname(root), 'bridge-secret.txt'), { force: true });
});

const post = (method: string, args: unknown, headers: Record<string, string> = {}) =>
  fetch(`${bridge.url}api/${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Bridge-Token': bridge.token, ...headers }, body: JSON.stringify(args) });

describe('bridge server', () => {
  it('calls the API with validated arguments and returns {result}', async () => {
    const response = await post('preview', ['intercom']);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ result: { id: 7, connectionId: 'intercom' } });
    expect(await (await post('setManuallyManaged', ['u1', true])).json()).toEqual({ result: null });
    expect(calls).toEqual([['preview', 'intercom'], ['setManuallyManaged', 'u1', true]]);
    expect(bridge.responses).toHaveLength(2);
  });

  it('answers 400 for invalid arguments (never reaching the API) and 500 with the message for failures', async () => {
    const bad = await post('preview', ['../x']);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/Invalid input to preview: connectionId may contain only/);
    expect((await post('nope', [])).status).toBe(400);
    const failed = await post('testPlecto', []);
    expect(failed.status).toBe(500);
    expect(await failed.json()).toEqual({ error: 'Could not reach Plecto at http://x' });
    expect(calls).toEqual([]);
  });

  it('refuses other hosts and origins, GET calls and non-JSON bodies', async () => {
    const port = new URL(bridge.url).port;
    const status = await new Promise<number>((resolve) => {
      const req = http.request({ host: '127.0.0.1', port, path: '/api/preview', method: 'POST', headers: { Host: `evil.example:${port}`, 'Content-Type': 'application/json' } }, (res) => resolve(res.statusCode!));
      req.end('["intercom"]');
    });
    expect(status).toBe(403);
    expect((await post('preview', ['intercom'], { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await fetch(`${bridge.url}api/preview`, { headers: { 'X-Bridge-Token': bridge.token } })).status).toBe(405);
    expect((await fetch(`${bridge.url}api/preview`, { method: 'POST', body: '["intercom"]', headers: { 'Content-Type': 'text/plain', 'X-Bridge-Token': bridge.token } })).status).toBe(415);
    expect(calls).toEqual([]);
  });

  it('serves the renderer with the bridge script before the app, and nothing outside its folder', async () => {
    const html = await (await fetch(bridge.url)).text();
    expect(html.indexOf('<script src="/__bridge.js"></script>')).toBeGreaterThan(-1);
    expect(html.indexOf('/__bridge.js')).toBeLessThan(html.indexOf('./assets/app.js'));
    const script = await (await fetch(`${bridge.url}__bridge.js`)).text();
    expect(script).toContain('"getOverview"');
    expect(script).toContain('window.plectoApi = Object.freeze(api)');
    expect(await (await fetch(`${bridge.url}assets/app.js`)).text()).toBe('console.log(1)');
    const port = new URL(bridge.url).port;
    const traversal = await new Promise<number>((resolve) => {
      http.get({ host: '127.0.0.1', port, path: '/..%2fbridge-secret.txt' }, (res) => resolve(res.statusCode!));
    });
    expect(traversal).toBe(404);
  });

  it('streams events to open pages as Server-Sent Events', async () => {
    const response = await fetch(`${bridge.url}api/events?token=${bridge.token}`);
    const reader = response.body!.getReader();
    await reader.read(); // ": connected"
    emit({ type: 'run-progress', runId: 1, done: 2, total: 5, failed: 0 });
    const { value } = await reader.read();
    expect(new TextDecoder().decode(value)).toBe('data: {"type":"run-progress","runId":1,"done":2,"total":5,"failed":0}\n\n');
    await reader.cancel();
  });
});
