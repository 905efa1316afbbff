// A tiny JSON server on 127.0.0.1 (port 0 by default) for the fake systems the
// tests talk to over real HTTP. Routing is a list of (method, path pattern,
// handler); a handler answers with a status, an optional body (objects become
// JSON, strings are sent as they are) and optional headers.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface JsonRequest {
  method: string;
  /** Path without the query, e.g. "/api/v2/members/". */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON, the raw text when it is not JSON, undefined when empty. */
  body: unknown;
  /** The raw body text ("" when empty). */
  text: string;
  /** Capture groups of the matched route pattern. */
  params: string[];
}

export interface JsonReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type JsonHandler = (request: JsonRequest) => JsonReply | Promise<JsonReply>;

export interface Route {
  method: string;
  /** A string matches the path exactly; a RegExp's groups become `params`. */
  path: string | RegExp;
  handle: JsonHandler;
}

export interface JsonServer {
  /** "http://127.0.0.1:PORT" (no trailing slash). */
  origin: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

/** Builds a handler from routes: the first match answers; an unknown path gets 404, a known path with another method 405. */
export function router(routes: Route[], fallback?: JsonHandler): JsonHandler {
  return (request) => {
    let pathKnown = false;
    for (const route of routes) {
      const params = matchPath(route.path, request.path);
      if (!params) continue;
      pathKnown = true;
      if (route.method !== request.method && route.method !== '*') continue;
      return route.handle({ ...request, params });
    }
    if (fallback) return fallback(request);
    return pathKnown
      ? { status: 405, body: { detail: `Method "${request.method}" not allowed.` } }
      : { status: 404, body: { detail: 'Not found.' } };
  };
}

function matchPath(pattern: string | RegExp, path: string): string[] | null {
  if (typeof pattern === 'string') return pattern === path ? [] : null;
  const match = pattern.exec(path);
  return match ? match.slice(1) : null;
}

export async function startJsonServer(handler: JsonHandler, options: { port?: number } = {}): Promise<JsonServer> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      let reply: JsonReply;
      try {
        reply = await handler({
          method: req.method ?? 'GET',
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          body: parseBody(text),
          text,
          params: [],
        });
      } catch (error) {
        reply = { status: 500, body: { detail: `fake server error: ${(error as Error).message}` } };
      }
      if (res.destroyed) return;
      const headers: Record<string, string> = { ...reply.headers };
      const hasType = Object.keys(headers).some((name) => name.toLowerCase() === 'content-type');
      let payload = '';
      if (reply.body !== undefined) {
        if (typeof reply.body === 'string') {
          payload = reply.body;
          if (!hasType) headers['Content-Type'] = 'text/plain; charset=utf-8';
        } else {
          payload = JSON.stringify(reply.body);
          if (!hasType) headers['Content-Type'] = 'application/json';
        }
      }
      res.writeHead(reply.status, headers);
      res.end(payload);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        // Keep-alive sockets of fetch would otherwise hold close() open.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function parseBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Injected failures of a fake: "the next `count` requests whose path matches answer `status`". */
export class FailureQueue<O extends { path?: RegExp }> {
  private readonly pending: { remaining: number; status: number; opts: O }[] = [];

  add(count: number, status: number, opts: O): void {
    this.pending.push({ remaining: count, status, opts });
  }

  /** The failure this request gets (and uses one of), or null. */
  take(path: string): { status: number; opts: O } | null {
    const index = this.pending.findIndex((f) => f.remaining > 0 && (!f.opts.path || f.opts.path.test(path)));
    if (index < 0) return null;
    const failure = this.pending[index];
    if (--failure.remaining === 0) this.pending.splice(index, 1);
    return failure;
  }
}
