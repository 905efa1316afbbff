// The test-and-demo bridge: serves the built renderer over http://127.0.0.1
// and the SAME contract as the preload — `POST /api/<method>` with the JSON
// argument list, events as Server-Sent Events — plus a tiny script that
// defines `window.plectoApi` over fetch. The renderer cannot tell it from
// Electron. Used where the Electron binary is missing (tests, `npm run demo`).
// Any local process or web page can reach 127.0.0.1, so the API asks for a
// random token made at each start; only the served page knows it (it is in
// the HTML, which another origin cannot read). What the bridge keeps in memory
// is capped: request bodies, the kept responses and the event streams.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { API_METHODS, type DirectorySyncApi, type DirectorySyncEvent } from '../../preload/contract';
import type { Logger } from '../common/logger';
import { ApiInputError } from '../ipc/checks';
import { callApi } from './dispatch';

export interface BridgeOptions {
  /** The built renderer (out/renderer). */
  rootDir: string;
  /** Builds the API; `emit` sends an event to every open page. */
  createApi(emit: (event: DirectorySyncEvent) => void): DirectorySyncApi;
  port?: number;
  logger?: Logger;
}

export interface Bridge {
  url: string;
  /** This start's API token: `X-Bridge-Token` on calls, `?token=` on the event stream. */
  token: string;
  /** The latest API response bodies sent to the renderer, as sent (for secret-leak checks); at most MAX_KEPT_RESPONSES. */
  responses: string[];
  close(): Promise<void>;
}

const BRIDGE_SCRIPT_PATH = '/__bridge.js';
const TOKEN_META = 'plecto-bridge-token';
const MAX_BODY_BYTES = 10 * 1024 * 1024;
export const MAX_KEPT_RESPONSES = 1000;
export const MAX_EVENT_STREAMS = 16;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** The page side of the bridge: the preload's shape, over fetch and EventSource. */
function bridgeScript(): string {
  return `'use strict';
(() => {
  const methods = ${JSON.stringify(API_METHODS)};
  // The token is in the page (a meta tag before this script), never in this file: another origin may load this script, not read the page.
  const token = document.querySelector('meta[name="${TOKEN_META}"]').getAttribute('content');
  const api = {};
  for (const method of methods) {
    api[method] = async (...args) => {
      // IPC keeps trailing undefined arguments out; JSON would turn them into null.
      while (args.length && args[args.length - 1] === undefined) args.pop();
      const response = await fetch('/api/' + method, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Bridge-Token': token },
        body: JSON.stringify(args),
      });
      const body = await response.json();
      if (!response.ok) throw new Error(body.error || ('HTTP ' + response.status));
      return body.result;
    };
  }
  const listeners = new Set();
  const events = new EventSource('/api/events?token=' + encodeURIComponent(token));
  events.onmessage = (message) => {
    const event = JSON.parse(message.data);
    for (const listener of [...listeners]) listener(event);
  };
  api.onEvent = (listener) => {
    listeners.add(listener);
    return () => { listeners.delete(listener); };
  };
  window.plectoApi = Object.freeze(api);
})();
`;
}

export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const root = path.resolve(options.rootDir);
  const indexFile = path.join(root, 'index.html');
  if (!fs.existsSync(indexFile)) throw new Error(`The renderer is not built: ${indexFile} is missing (run npx electron-vite build)`);
  const streams = new Set<http.ServerResponse>();
  const responses: string[] = [];
  const token = crypto.randomBytes(32).toString('base64url');
  const tokenOk = (given: string | null | undefined) =>
    typeof given === 'string' && given.length === token.length && crypto.timingSafeEqual(Buffer.from(given), Buffer.from(token));
  const emit = (event: DirectorySyncEvent) => {
    const data = `data: ${JSON.stringify(event)}\n\n`;
    for (const stream of streams) stream.write(data);
  };
  const api = options.createApi(emit);
  let origin = '';

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((error) => {
      options.logger?.error('Bridge request failed', { path: req.url, error: (error as Error).message });
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'Internal error');
      else res.end();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    // Only this page may call the API: refuse other hosts (DNS rebinding) and other origins.
    if (req.headers.host !== new URL(origin).host) return send(res, 403, 'text/plain; charset=utf-8', 'Forbidden host');
    if (req.headers.origin && req.headers.origin !== origin) return send(res, 403, 'text/plain; charset=utf-8', 'Forbidden origin');
    // A request line that is not a plain path (or does not parse) is the client's mistake: 400, not 500.
    let url: URL;
    try {
      if (!(req.url ?? '/').startsWith('/')) throw new Error('not a path');
      url = new URL(req.url ?? '/', origin);
      decodeURIComponent(url.pathname);
    } catch {
      return send(res, 400, 'text/plain; charset=utf-8', 'Bad request');
    }
    if (url.pathname.startsWith('/api/') && !tokenOk(url.pathname === '/api/events' ? url.searchParams.get('token') : (req.headers['x-bridge-token'] as string | undefined))) {
      return send(res, 403, 'text/plain; charset=utf-8', 'Missing or wrong bridge token');
    }

    if (url.pathname === '/api/events' && req.method === 'GET') {
      if (streams.size >= MAX_EVENT_STREAMS) return send(res, 503, 'text/plain; charset=utf-8', 'Too many open pages');
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
      res.write(': connected\n\n');
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return send(res, 405, 'text/plain; charset=utf-8', 'Use POST');
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return send(res, 415, 'text/plain; charset=utf-8', 'JSON only');
      const method = url.pathname.slice('/api/'.length);
      let status = 200;
      let body: string;
      try {
        const args = JSON.parse(await readBody(req));
        const result = await callApi(api, method, args);
        body = JSON.stringify({ result: result ?? null });
      } catch (error) {
        status = error instanceof ApiInputError || error instanceof SyntaxError ? 400 : 500;
        body = JSON.stringify({ error: error instanceof Error ? error.message : String(error) });
      }
      responses.push(body);
      if (responses.length > MAX_KEPT_RESPONSES) responses.splice(0, responses.length - MAX_KEPT_RESPONSES);
      return send(res, status, 'application/json; charset=utf-8', body);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed');
    if (url.pathname === BRIDGE_SCRIPT_PATH) return send(res, 200, CONTENT_TYPES['.js'], bridgeScript());
    if (url.pathname === '/' || url.pathname === '/index.html') {
      // The bridge script runs before the app's module script, as the preload would.
      const html = fs
        .readFileSync(indexFile, 'utf8')
        .replace('<script type="module"', `<meta name="${TOKEN_META}" content="${token}" />\n    <script src="${BRIDGE_SCRIPT_PATH}"></script>\n    <script type="module"`);
      return send(res, 200, CONTENT_TYPES['.html'], html);
    }
    const file = path.resolve(root, '.' + decodeURIComponent(url.pathname));
    if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      return send(res, 404, 'text/plain; charset=utf-8', 'Not found');
    }
    return send(res, 200, CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream', fs.readFileSync(file));
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin + '/',
    token,
    responses,
    async close() {
      for (const stream of streams) stream.end();
      streams.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function send(res: http.ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  res.end(body);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new ApiInputError('The request is too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
