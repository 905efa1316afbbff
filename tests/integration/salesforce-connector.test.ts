import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSalesforceConnector, type SalesforceConnectorOptions } from '../../main/connectors/salesforce';
import { SourceReadError } from '../../main/domain/model';
import type { HttpDeps } from '../../main/http/http';
import { startFakeSalesforce, type FakeSalesforce } from '../fakes/salesforce-server';
import { httpDeps as deps, recordingClock, rejectionOf } from '../support/test-kit';

const readError = (promise: Promise<unknown>) => rejectionOf(promise, SourceReadError);

const queries = (fake: FakeSalesforce) => fake.log.filter((e) => e.path.startsWith('/services/data/'));
const tokenCalls = (fake: FakeSalesforce) => fake.log.filter((e) => e.path === '/services/oauth2/token');

describe('Salesforce connector', () => {
  let fake: FakeSalesforce;

  beforeEach(async () => {
    fake = await startFakeSalesforce();
  });
  afterEach(async () => {
    await fake.close();
  });

  function connector(options: Partial<SalesforceConnectorOptions> = {}, httpDeps: HttpDeps = deps()) {
    return createSalesforceConnector(
      { loginUrl: fake.loginUrl, clientId: fake.clientId, refreshToken: fake.refreshToken, ...options },
      httpDeps,
    );
  }

  it('declares its type and the R3 rule that an employee needs a synced team (role)', () => {
    const c = connector();
    expect(c.type).toBe('salesforce');
    expect(c.rules).toEqual({ employeeNeedsSyncedTeam: true, teamNesting: true, hasTitle: false });
  });

  it('R1: roles become teams, ParentRoleId gives the hierarchy, sorted by id', async () => {
    const sales = fake.addRole({ Name: 'Sales' });
    const emea = fake.addRole({ Name: 'Sales EMEA', ParentRoleId: sales.Id });
    const nordics = fake.addRole({ Name: 'Sales Nordics', ParentRoleId: emea.Id });
    fake.roles.reverse(); // the source order must not matter

    const { teams } = await connector().readDirectory();

    expect(teams).toEqual([
      { sourceId: sales.Id, name: 'Sales', parentSourceId: null },
      { sourceId: emea.Id, name: 'Sales EMEA', parentSourceId: sales.Id },
      { sourceId: nordics.Id, name: 'Sales Nordics', parentSourceId: emea.Id },
    ]);
  });

  it('R3: only Standard users become people; the role is the membership; title stays null', async () => {
    const role = fake.addRole({ Name: 'Support' });
    const jane = fake.addUser({ Name: 'Jane Doe', Email: 'jane@acme.com', UserRoleId: role.Id });
    const noRole = fake.addUser({ Name: 'No Role', Email: null });
    fake.addUser({ Name: 'Partner Pete', UserType: 'PowerPartner', UserRoleId: role.Id });
    fake.addUser({ Name: 'Chatter Only', UserType: 'CsnOnly' });
    fake.addUser({ Name: 'Site Guest', UserType: 'Guest' });

    const { people } = await connector().readDirectory();

    expect(people).toEqual([
      { sourceId: jane.Id, name: 'Jane Doe', email: 'jane@acme.com', title: null, active: true, teamSourceIds: [role.Id] },
      { sourceId: noRole.Id, name: 'No Role', email: null, title: null, active: true, teamSourceIds: [] },
    ]);
    // The exact contract query, with the role nested.
    const userQuery = queries(fake).find((e) => e.object === 'User')!;
    expect(new URL(userQuery.path, fake.instanceUrl).searchParams.get('q')).toBe(
      'SELECT Id, Name, Email, IsActive, UserType, UserRoleId, UserRole.Name FROM User',
    );
  });

  it('R5: IsActive false becomes active false (departed users are deactivated, not deleted)', async () => {
    const role = fake.addRole({ Name: 'Sales' });
    const gone = fake.addUser({ Name: 'Gone Gary', IsActive: false, UserRoleId: role.Id });

    const { people } = await connector().readDirectory();

    expect(people).toEqual([expect.objectContaining({ sourceId: gone.Id, active: false, teamSourceIds: [role.Id] })]);
  });

  it('R10: 10,000 users arrive in 5 batches of 2,000 following nextRecordsUrl; none is lost', async () => {
    const role = fake.addRole({ Name: 'Sales' });
    for (let i = 0; i < 10_000; i++) fake.addUser({ Name: `User ${i}`, UserRoleId: role.Id });

    const { people } = await connector().readDirectory();

    expect(people).toHaveLength(10_000);
    expect(new Set(people.map((p) => p.sourceId)).size).toBe(10_000);
    expect(people.map((p) => p.sourceId)).toEqual(fake.users.map((u) => u.Id).sort());
    const userPages = queries(fake).filter((e) => e.object === 'User' || /\/query\/01g/.test(e.path));
    expect(userPages.map((e) => e.records)).toEqual([2000, 2000, 2000, 2000, 2000]);
    expect(userPages.slice(1).every((e) => /^\/services\/data\/v62\.0\/query\/01g\w+-\d+$/.test(e.path))).toBe(true);
  });

  it('a 20,000-user read (10 batches) completes', async () => {
    for (let i = 0; i < 20_000; i++) fake.addUser({ Name: `User ${i}` });

    const started = Date.now();
    const { people } = await connector().readDirectory();

    expect(people).toHaveLength(20_000);
    // 1 role query + 10 user batches.
    expect(queries(fake)).toHaveLength(11);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('signs in with the refresh-token grant when a refresh token is given', async () => {
    fake.addRole({ Name: 'Sales' });
    const { teams } = await connector({ clientSecret: fake.clientSecret }).readDirectory();

    expect(teams).toHaveLength(1);
    expect(tokenCalls(fake).map((e) => e.grantType)).toEqual(['refresh_token']);
  });

  it('signs in with client credentials when there is no refresh token', async () => {
    fake.addRole({ Name: 'Sales' });
    const { teams } = await connector({ refreshToken: undefined, clientSecret: fake.clientSecret }).readDirectory();

    expect(teams).toHaveLength(1);
    expect(tokenCalls(fake).map((e) => e.grantType)).toEqual(['client_credentials']);
  });

  it('an expired session gets one new access token and the call is retried once', async () => {
    fake.addRole({ Name: 'Sales' });
    const c = connector();
    await c.readDirectory();
    fake.expireSessions();

    const { teams } = await c.readDirectory();

    expect(teams).toHaveLength(1);
    expect(tokenCalls(fake)).toHaveLength(2);
    expect(fake.log.filter((e) => e.status === 401)).toHaveLength(1);
  });

  it('a session that expires in the middle of paging is renewed and the read completes (R10)', async () => {
    for (let i = 0; i < 5; i++) fake.addUser({ Name: `User ${i}` });
    fake.batchSize = 2;
    fake.failNext(1, 401, {
      path: /\/query\/01g/,
      body: [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }],
    });

    const { people } = await connector().readDirectory();

    expect(people).toHaveLength(5);
    expect(tokenCalls(fake)).toHaveLength(2);
  });

  it('a session rejected again after renewal fails as an auth error instead of looping', async () => {
    const expired = [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }];
    fake.failNext(5, 401, { path: /\/query/, body: expired });

    const error = await readError(connector().readDirectory());

    expect(error.kind).toBe('auth');
    expect(error.message).toContain(fake.instanceUrl);
    expect(error.message).toContain('INVALID_SESSION_ID');
    expect(queries(fake)).toHaveLength(2);
    expect(tokenCalls(fake)).toHaveLength(2);
  });

  it('403 REQUEST_LIMIT_EXCEEDED is a limit error with the exact message, and is never retried', async () => {
    fake.addRole({ Name: 'Sales' });
    fake.exhaustLimit();
    const clock = recordingClock();
    const c = connector({}, deps(clock));

    const error = await readError(c.readDirectory());

    expect(error.kind).toBe('limit');
    expect(error.system).toBe('Salesforce');
    expect(error.message).toBe(
      `Salesforce's daily API limit is used up for ${fake.instanceUrl} (REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded.); nothing was changed. Try again tomorrow.`,
    );
    expect(queries(fake)).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
    expect(c.usage().requests).toBe(2); // one token call, one query
  });

  it('invalid_grant is an auth error naming the login host, with no secret in the message', async () => {
    const refreshToken = '5AepREVOKED-refresh-token-123';
    const clientSecret = fake.clientSecret;

    const error = await readError(connector({ refreshToken, clientSecret }).readDirectory());

    expect(error.kind).toBe('auth');
    expect(error.message).toContain(`Salesforce sign-in at ${fake.loginUrl}`);
    expect(error.message).toContain('invalid_grant');
    expect(error.message).not.toContain(refreshToken);
    expect(error.message).not.toContain(clientSecret);
    expect(queries(fake)).toHaveLength(0);
  });

  it('a revoked refresh token during renewal surfaces as invalid_grant, not as a loop', async () => {
    fake.addRole({ Name: 'Sales' });
    const c = connector();
    await c.readDirectory();
    fake.expireSessions();
    fake.revokeRefreshTokens();

    const error = await readError(c.readDirectory());

    expect(error.kind).toBe('auth');
    expect(error.message).toContain('invalid_grant');
    expect(error.message).not.toContain(fake.refreshToken);
  });

  it('wrong client credentials are an auth error without the secret', async () => {
    const error = await readError(connector({ refreshToken: undefined, clientSecret: 'wrong-secret-789' }).readDirectory());

    expect(error.kind).toBe('auth');
    expect(error.message).toContain('invalid_client');
    expect(error.message).toContain(fake.loginUrl);
    expect(error.message).not.toContain('wrong-secret-789');
  });

  it('no refresh token and no client secret is an auth error before anything is sent', async () => {
    const d = deps();
    const error = await readError(connector({ refreshToken: undefined }, d).readDirectory());

    expect(error.kind).toBe('auth');
    expect(error.message).toMatch(/refresh token .* or a client secret/);
    expect(d.urls).toEqual([]);
  });

  it('records Sforce-Limit-Info and counts every request, token calls included', async () => {
    fake.addRole({ Name: 'Sales' });
    fake.apiUsed = 10_016;
    const c = connector();
    expect(c.usage()).toEqual({ requests: 0 });

    await c.readDirectory();

    expect(c.usage()).toEqual({ requests: 3, apiUsage: 'api-usage=10018/100000' });
    expect(fake.log).toHaveLength(3);
  });

  it('R12: transient 503s are retried honouring Retry-After, and retries are counted', async () => {
    fake.addRole({ Name: 'Sales' });
    fake.failNext(2, 503, { path: /\/query/, retryAfter: 1 });
    const clock = recordingClock();
    const c = connector({}, deps(clock));

    const { teams } = await c.readDirectory();

    expect(teams).toHaveLength(1);
    expect(clock.sleeps).toEqual([1000, 1000]);
    expect(c.usage().requests).toBe(5); // token + 3 role query attempts + user query
  });

  it('other error arrays name the errorCode and message; 403 INSUFFICIENT_ACCESS is a permission error', async () => {
    fake.failNext(1, 403, {
      path: /FROM\+UserRole|FROM%20UserRole/,
      body: [{ message: 'insufficient access rights on object id', errorCode: 'INSUFFICIENT_ACCESS' }],
    });

    const error = await readError(connector().readDirectory());

    expect(error.kind).toBe('permission');
    expect(error.message).toContain('INSUFFICIENT_ACCESS: insufficient access rights on object id');
    expect(error.message).toContain(fake.instanceUrl);
  });

  it('a bad query answer (400 INVALID_TYPE) is a bad_answer error with the code', async () => {
    fake.sobjects.delete('UserRole');

    const error = await readError(connector().readDirectory());

    expect(error.kind).toBe('bad_answer');
    expect(error.message).toContain("INVALID_TYPE: sObject type 'UserRole' is not supported.");
  });

  it('R10: done=false without nextRecordsUrl fails the read instead of returning part of it', async () => {
    fake.failNext(1, 200, { path: /\/query/, body: { totalSize: 4000, done: false, records: [] } });

    const error = await readError(connector().readDirectory());

    expect(error.kind).toBe('bad_answer');
  });

  it('never sends the bearer token to a nextRecordsUrl on another host', async () => {
    fake.failNext(1, 200, {
      path: /\/query/,
      body: { totalSize: 4000, done: false, nextRecordsUrl: 'https://evil.example/steal', records: [] },
    });
    const d = deps();

    const error = await readError(connector({}, d).readDirectory());

    expect(error.kind).toBe('bad_answer');
    expect(d.urls.some((u) => u.includes('evil.example'))).toBe(false);
  });

  it('an unreachable login host is a network error naming the host', async () => {
    const url = fake.loginUrl;
    await fake.close();

    const error = await readError(connector({ loginUrl: url }).readDirectory());

    expect(error.kind).toBe('network');
    expect(error.message).toContain(url);
    expect(error.message).not.toContain(fake.refreshToken);
  });

  it('refuses to send credentials to a plain-http, non-loopback login URL', async () => {
    const d = deps();
    const error = await readError(connector({ loginUrl: 'http://login.example.com' }, d).readDirectory());

    expect(error.kind).toBe('auth');
    expect(error.message).toContain('must use https');
    expect(d.urls).toEqual([]);
  });

  it('testConnection signs in, runs one cheap query and names the instance', async () => {
    const c = connector();

    await expect(c.testConnection()).resolves.toBe(`Connected to Salesforce at ${fake.instanceUrl}`);
    expect(queries(fake)).toHaveLength(1);
  });

  it('testConnection throws a SourceReadError when sign-in fails', async () => {
    const error = await readError(connector({ refreshToken: 'not-a-valid-token' }).testConnection());

    expect(error.kind).toBe('auth');
    expect(error.message).not.toContain('not-a-valid-token');
  });
});
