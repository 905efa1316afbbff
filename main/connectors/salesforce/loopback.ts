// A one-shot HTTP listener on 127.0.0.1 for the OAuth redirect of a desktop
// sign-in. It exists only while the sign-in runs; close() frees the port at once.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoopbackCallback {
  params: URLSearchParams;
  /** Answers the browser with a small HTML page. */
  respond(status: number, html: string): Promise<void>;
}

export interface LoopbackListener {
  redirectUri: string;
  port: number;
  /** The first request to the callback path. */
  callback: Promise<LoopbackCallback>;
  close(): Promise<void>;
}

export async function startLoopbackListener(path = '/callback'): Promise<LoopbackListener> {
  let deliver!: (callback: LoopbackCallback) => void;
  const callback = new Promise<LoopbackCallback>((resolve) => (deliver = resolve));
  let received = false;

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' || url.pathname !== path || received) {
      // Favicon requests, stray tabs and repeats are not the sign-in answer.
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' }).end('Not found');
      return;
    }
    received = true;
    deliver({ params: url.searchParams, respond: (status, html) => answer(res, status, html) });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  let closed: Promise<void> | null = null;
  return {
    redirectUri: `http://127.0.0.1:${port}${path}`,
    port,
    callback,
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

function answer(res: ServerResponse, status: number, html: string): Promise<void> {
  return new Promise((resolve) => {
    res.writeHead(status, {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      // The callback URL carries the authorization code: never pass it on as a referrer.
      'Referrer-Policy': 'no-referrer',
      Connection: 'close',
    });
    res.end(html, () => resolve());
  });
}
