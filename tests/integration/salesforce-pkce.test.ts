import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPkcePair, createSalesforceConnector, signInWithPkce } from '../../main/connectors/salesforce';
import { callbackUri, DEFAULT_CALLBACK_PORT } from '../../main/connectors/salesforce/loopback';
import { SourceReadError } from '../../main/domain/model';
import { systemClock } from '../../main/common/clock';
import { silentLogger } from '../../main/common/logger';
import type { HttpDeps } from '../../main/http/http';
import { startFakeSalesforce, type FakeSalesforce } from '../fakes/salesforce-server';
import { rejectionOf } from '../support/test-kit';

const signInError = (promise: Promise<unknown>) => rejectionOf(promise, SourceReadError);

const deps: HttpDeps = { fetch: (input, init) => fetch(input, init), clock: systemClock, logger: silentLogger };

interface BrowserVisit {
  authorizeUrl: URL;
  callbackUrl: URL;
  status: number;
  html: string;
}

/**
 * A scripted browser: loads the authorize URL, lets the "user" approve, and
 * follows the fake's redirect to the app's loopback callback. `tamper` edits
 * the callback URL first (a forged or stale answer).
 */
function scriptedBrowser(tamper?: (callback: URL) => void) {
  let visit: Promise<BrowserVisit> | null = null;
  return {
    openBrowser: async (url: string) => {
      visit = (async () => {
        const authorize = await fetch(url, { redirect: 'manual' });
        expect(authorize.status).toBe(302);
        const callbackUrl = new URL(authorize.headers.get('location')!);
        tamper?.(callbackUrl);
        const answer = await fetch(callbackUrl);
        return { authorizeUrl: new URL(url), callbackUrl, status: answer.status, html: await answer.text() };
      })();
    },
    visit: () => visit!,
  };
}

async function expectPortClosed(url: URL): Promise<void> {
  await expect(fetch(new URL('/callback', url.origin))).rejects.toThrow();
}

/** A port nobody listens on now: stands in for the connection's fixed callback port (7890 may be taken on a test machine). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('Salesforce desktop sign-in (PKCE)', () => {
  let fake: FakeSalesforce;
  let port: number;

  beforeEach(async () => {
    fake = await startFakeSalesforce();
    port = await freePort();
  });
  afterEach(async () => {
    await fake.close();
  });

  it('createPkcePair: a 43–128 char base64url verifier and its S256 challenge, fresh every time', () => {
    const a = createPkcePair();
    const b = createPkcePair();
    expect(a.verifier).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
    expect(a.challenge).toBe(createHash('sha256').update(a.verifier).digest('base64url'));
    expect(a.challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(b.verifier).not.toBe(a.verifier);
  });

  it('end to end: browser approves, the code is exchanged with the verifier, tokens come back, listener is closed', async () => {
    fake.addRole({ Name: 'Sales' });
    const browser = scriptedBrowser();

    const result = await signInWithPkce({ loginUrl: fake.loginUrl, clientId: fake.clientId, callbackPort: port, openBrowser: browser.openBrowser }, deps);
    const visit = await browser.visit();

    expect(result.instanceUrl).toBe(fake.instanceUrl);
    expect(result.accessToken).toMatch(/^00D/);
    expect(result.refreshToken).toMatch(/^5Aep/);
    // The authorize request the app built.
    const q = visit.authorizeUrl.searchParams;
    expect(visit.authorizeUrl.pathname).toBe('/services/oauth2/authorize');
    expect(q.get('response_type')).toBe('code');
    expect(q.get('client_id')).toBe(fake.clientId);
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get('scope')).toBe('api refresh_token');
    expect(q.get('state')!.length).toBeGreaterThanOrEqual(16);
    // localhost and the fixed port: what an External Client App has registered, character for character.
    expect(q.get('redirect_uri')).toBe(`http://localhost:${port}/callback`);
    // The browser is told it is done.
    expect(visit.status).toBe(200);
    expect(visit.html).toContain('You can close this window');
    expect(visit.html).not.toContain(result.refreshToken);
    const grants = fake.log.filter((e) => e.path === '/services/oauth2/token').map((e) => e.grantType);
    expect(grants).toEqual(['authorization_code']);
    // The listener lived only for the flow.
    await expectPortClosed(visit.callbackUrl);
    // The refresh token is what the connector signs in with later.
    const connector = createSalesforceConnector({ loginUrl: fake.loginUrl, clientId: fake.clientId, refreshToken: result.refreshToken }, deps);
    await expect(connector.readDirectory()).resolves.toMatchObject({ teams: [{ name: 'Sales' }] });
  });

  it('a callback with the wrong state is rejected, the browser is told so, and the code is never used', async () => {
    const browser = scriptedBrowser((callback) => callback.searchParams.set('state', 'forged-state'));

    const error = await signInError(
      signInWithPkce({ loginUrl: fake.loginUrl, clientId: fake.clientId, callbackPort: port, openBrowser: browser.openBrowser }, deps),
    );
    const visit = await browser.visit();

    expect(error.kind).toBe('auth');
    expect(error.message).toContain('state');
    expect(error.message).toContain(fake.loginUrl);
    expect(visit.status).toBe(400);
    expect(visit.html).toContain('Sign-in failed');
    expect(fake.log.filter((e) => e.path === '/services/oauth2/token')).toHaveLength(0);
    await expectPortClosed(visit.callbackUrl);
  });

  it('a user who refuses access (error=access_denied) gets a cancelled sign-in', async () => {
    fake.denyNextAuthorization();
    const browser = scriptedBrowser();

    const error = await signInError(
      signInWithPkce({ loginUrl: fake.loginUrl, clientId: fake.clientId, callbackPort: port, openBrowser: browser.openBrowser }, deps),
    );
    const visit = await browser.visit();

    expect(error.message).toContain('access_denied');
    expect(error.message).toContain('cancelled');
    expect(visit.html).toContain('Sign-in cancelled');
    await expectPortClosed(visit.callbackUrl);
  });

  it('a code that Salesforce refuses (invalid_grant) fails with the login host and no code or verifier in the message', async () => {
    let code = '';
    const browser = scriptedBrowser((callback) => {
      code = callback.searchParams.get('code')!;
      callback.searchParams.set('code', code + 'x');
    });

    const error = await signInError(
      signInWithPkce({ loginUrl: fake.loginUrl, clientId: fake.clientId, callbackPort: port, openBrowser: browser.openBrowser }, deps),
    );
    const visit = await browser.visit();

    expect(error.kind).toBe('auth');
    expect(error.message).toContain('invalid_grant');
    expect(error.message).toContain(fake.loginUrl);
    expect(error.message).not.toContain(code);
    expect(visit.html).toContain('Sign-in failed');
    await expectPortClosed(visit.callbackUrl);
  });

  it('gives up after the timeout when the browser never comes back, and frees the port', async () => {
    let redirect: URL | null = null;
    const error = await signInError(
      signInWithPkce(
        {
          loginUrl: fake.loginUrl,
          clientId: fake.clientId,
          callbackPort: port,
          timeoutMs: 150,
          openBrowser: async (url) => {
            redirect = new URL(new URL(url).searchParams.get('redirect_uri')!);
          },
        },
        deps,
      ),
    );

    expect(error.kind).toBe('auth');
    expect(error.message).toContain('did not finish');
    expect(redirect).not.toBeNull();
    await expectPortClosed(redirect!);
  });

  it('a browser that cannot be opened fails the sign-in and frees the port', async () => {
    let redirect: URL | null = null;
    const error = await signInError(
      signInWithPkce(
        {
          loginUrl: fake.loginUrl,
          clientId: fake.clientId,
          callbackPort: port,
          openBrowser: async (url) => {
            redirect = new URL(new URL(url).searchParams.get('redirect_uri')!);
            throw new Error('no default browser');
          },
        },
        deps,
      ),
    );

    expect(error.message).toContain('no default browser');
    await expectPortClosed(redirect!);
  });

  it('stray requests (favicon) do not end the flow', async () => {
    const result = await signInWithPkce(
      {
        loginUrl: fake.loginUrl,
        clientId: fake.clientId,
        callbackPort: port,
        openBrowser: async (url) => {
          const redirect = new URL(new URL(url).searchParams.get('redirect_uri')!);
          const favicon = await fetch(new URL('/favicon.ico', redirect.origin));
          expect(favicon.status).toBe(404);
          const authorize = await fetch(url, { redirect: 'manual' });
          void fetch(authorize.headers.get('location')!).then((r) => r.text());
        },
      },
      deps,
    );

    expect(result.refreshToken).toMatch(/^5Aep/);
  });

  it('a callback port in use is a clear error naming the port, before the browser opens', async () => {
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    let opened = false;
    try {
      const error = await signInError(
        signInWithPkce({ loginUrl: fake.loginUrl, clientId: fake.clientId, callbackPort: port, openBrowser: async () => void (opened = true) }, deps),
      );
      expect(error.message).toContain(`Port ${port}`);
      expect(error.message).toContain(`http://localhost:${port}/callback`);
      expect(opened).toBe(false);
    } finally {
      await new Promise<void>((resolve) => squatter.close(() => resolve()));
    }
  });

  it('the default callback is http://localhost:7890/callback, and the connection form shows the same port', () => {
    expect(callbackUri()).toBe('http://localhost:7890/callback');
    expect(DEFAULT_CALLBACK_PORT).toBe(7890);
    const help = fs.readFileSync(path.resolve(__dirname, '../../renderer/src/components/SalesforceSetupHelp.tsx'), 'utf8');
    expect(help).toContain(`const CALLBACK_PORT = ${DEFAULT_CALLBACK_PORT};`);
  });
});

describe('Salesforce client credentials', () => {
  for (const host of ['https://login.salesforce.com', 'https://test.salesforce.com']) {
    it(`are refused before trying against ${host}: only the org's My Domain host accepts them`, async () => {
      const urls: string[] = [];
      const connector = createSalesforceConnector(
        { loginUrl: host, clientId: 'id', clientSecret: 'secret-value' },
        { ...deps, fetch: (input, init) => (urls.push(input), fetch(input, init)) },
      );
      const error = await signInError(connector.readDirectory());
      expect(error.kind).toBe('auth');
      expect(error.message).toContain('My Domain');
      expect(error.message).not.toContain('secret-value');
      expect(urls).toEqual([]);
    });
  }
});
