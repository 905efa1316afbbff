// A one-shot HTTP listener for the OAuth redirect of a desktop sign-in, at
// http://localhost:PORT/callback. Salesforce's External Client Apps match the
// registered callback URL character for character and accept `localhost`,
// not 127.0.0.1 (contracts/salesforce-api.md), so the port is fixed (a
// connection setting, default 7890) rather than picked by the system. The
// listener exists only while the sign-in runs; close() frees the port at once.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

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

/** The Salesforce CLI's own 1717 is often taken; 7890 is this app's default. */
export const DEFAULT_CALLBACK_PORT = 7890;
export const CALLBACK_PATH = '/callback';

/** The exact URI to register in the org's External Client App for this port. */
export function callbackUri(port: number = DEFAULT_CALLBACK_PORT): string {
  return `http://localhost:${port}${CALLBACK_PATH}`;
}

/** The port is taken (another program, or a sign-in already waiting). */
export class CallbackPortInUseError extends Error {
  constructor(readonly port: number) {
    super(
      `Port ${port} on this computer is in use by another program, so the Salesforce sign-in cannot receive its answer at ${callbackUri(port)}. ` +
        `Close that program (or a sign-in window still waiting) and try again, or choose another callback port for this connection and register ${callbackUri(port).replace(String(port), 'NEW_PORT')} in the External Client App.`,
    );
    this.name = 'CallbackPortInUseError';
  }
}

export async function startLoopbackListener(port: number = DEFAULT_CALLBACK_PORT, path = CALLBACK_PATH): Promise<LoopbackListener> {
  let deliver!: (callback: LoopbackCallback) => void;
  const callback = new Promise<LoopbackCallback>((resolve) => (deliver = resolve));
  let received = false;

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET' || url.pathname !== path || received) {
      // Favicon requests, stray tabs and repeats are not the sign-in answer.
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' }).end('Not found');
      return;
    }
    received = true;
    deliver({ params: url.searchParams, respond: (status, html) => answer(res, status, html) });
  };

  // `localhost` may resolve to 127.0.0.1 or ::1 in the browser: listen on both loopbacks.
  const servers: Server[] = [];
  const v4 = createServer(handle);
  await listen(v4, port, '127.0.0.1');
  servers.push(v4);
  const v6 = createServer(handle);
  try {
    await listen(v6, port, '::1');
    servers.push(v6);
  } catch (error) {
    // No IPv6 loopback on this machine is fine; a taken port is not.
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      await closeAll([v4]);
      throw new CallbackPortInUseError(port);
    }
  }

  let closed: Promise<void> | null = null;
  return {
    redirectUri: callbackUri(port).replace(CALLBACK_PATH, path),
    port,
    callback,
    close() {
      closed ??= closeAll(servers);
      return closed;
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' && host === '127.0.0.1' ? new CallbackPortInUseError(port) : error));
    server.listen(port, host, () => resolve());
  });
}

function closeAll(servers: Server[]): Promise<void> {
  return Promise.all(
    servers.map(
      (server) =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    ),
  ).then(() => undefined);
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
