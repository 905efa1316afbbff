// Nothing echoes a secret (issue 9, point 2): every client talks to a server
// that answers each request with an error that echoes what it was sent — the
// Authorization header, the body, the URL — as JSON in every error shape the
// clients know and as plain text. No secret, in plain, base64 or URL-encoded
// form, may appear in the error message or in a log line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamLogger } from '../../main/common/logger';
import { createEnreachConnector } from '../../main/connectors/enreach/connector';
import { createIntercomConnector } from '../../main/connectors/intercom/connector';
import { createSalesforceConnector } from '../../main/connectors/salesforce/connector';
import { PlectoClient } from '../../main/plecto/client';
import { startJsonServer, type JsonRequest, type JsonServer } from '../fakes/http-server';
import { httpDeps, virtualClock } from '../support/test-kit';

const SECRETS = {
  password: 'Plecto-Pa55word!',
  token: 'tok_0123456789abcdef',
  secretKey: 'enreach-SECRET-key-42',
  clientSecret: 'sf-client-secret-xyz',
  refreshToken: '5Aep861-refresh-token-abc',
};
const EMAIL = 'sync@acme.com';

/** Every form in which a secret could leak. */
function forbidden(): string[] {
  const values = Object.values(SECRETS);
  return [
    ...values,
    ...values.map((v) => Buffer.from(v).toString('base64')),
    ...values.map((v) => encodeURIComponent(v)),
    Buffer.from(`${EMAIL}:${SECRETS.password}`).toString('base64'),
    Buffer.from(`api@acme.com:${SECRETS.secretKey}`).toString('base64'),
  ];
}

type Shape = 'json' | 'text';
let shape: Shape = 'json';
let status = 401;
let server: JsonServer;

function echo(request: JsonRequest): string {
  return `you sent ${request.method} ${request.path}?${request.query} with Authorization: ${request.headers.authorization ?? ''} and body ${request.text}`;
}

beforeAll(async () => {
  server = await startJsonServer((request) => {
    const text = echo(request);
    if (shape === 'text') return { status, body: text };
    // Every error shape a client reads: DRF, Intercom, Enreach, Salesforce OAuth and REST.
    const body =
      request.path.includes('/services/data/')
        ? [{ errorCode: 'INVALID_SESSION_ID', message: text }]
        : {
            detail: text,
            Message: text,
            message: text,
            errors: [{ code: 'unauthorized', message: text }],
            error: 'invalid_grant',
            error_description: text,
            headers: request.headers,
            echoed: request.body,
          };
    return { status, body };
  });
});
afterAll(async () => server?.close());

async function failureOf(read: () => Promise<unknown>): Promise<string> {
  try {
    await read();
  } catch (error) {
    return `${(error as Error).message} ${JSON.stringify(error)}`;
  }
  throw new Error('the read succeeded against an echoing server');
}

function clients(log: (line: string) => void) {
  const deps = { ...httpDeps(virtualClock()), logger: streamLogger(log) };
  const base = server.origin;
  return {
    Plecto: () =>
      new PlectoClient({ baseUrl: `${base}/api/v2/`, email: EMAIL, password: SECRETS.password, requestsPerHour: 1e9 }, deps).readDirectory(),
    Intercom: () => createIntercomConnector({ baseUrl: base, accessToken: SECRETS.token }, deps).readDirectory(),
    Enreach: () => createEnreachConnector({ baseUrl: base, username: 'api@acme.com', secretKey: SECRETS.secretKey }, deps).readDirectory(),
    'Salesforce (refresh token)': () =>
      createSalesforceConnector(
        { loginUrl: base, clientId: '3MVG9client', clientSecret: SECRETS.clientSecret, refreshToken: SECRETS.refreshToken },
        deps,
      ).readDirectory(),
    'Salesforce (client credentials)': () =>
      createSalesforceConnector({ loginUrl: base, clientId: '3MVG9client', clientSecret: SECRETS.clientSecret }, deps).readDirectory(),
  };
}

describe('a server that echoes what it was sent never gets a secret into a message or a log', () => {
  for (const [answer, body] of [
    [401, 'json'],
    [400, 'json'],
    [500, 'json'],
    [403, 'text'],
    [502, 'text'],
  ] as const) {
    it(`${answer} with a ${body} body, for every client`, async () => {
      status = answer;
      shape = body;
      const lines: string[] = [];
      for (const [name, read] of Object.entries(clients((line) => lines.push(line)))) {
        const message = await failureOf(read);
        expect(message, name).toContain('127.0.0.1');
        for (const secret of forbidden()) {
          expect(message, `${name} message`).not.toContain(secret);
          expect(lines.join('\n'), `${name} log`).not.toContain(secret);
        }
      }
    });
  }
});
