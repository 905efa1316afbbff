import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../main/common/logger';
import { PlectoClient, PlectoError, type PlectoClientOptions } from '../../main/plecto/client';
import { startFakePlecto, type FakePlecto, type FakePlectoOptions } from '../fakes/plecto-server';
import { startJsonServer, type JsonServer } from '../fakes/http-server';
import { capturingLogger as recordingLogger, virtualClock } from '../support/test-kit';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function fake(options: FakePlectoOptions = {}): Promise<FakePlecto> {
  const server = await startFakePlecto(options);
  open.push(server);
  return server;
}

function clientFor(
  server: { baseUrl: string; email: string; password: string },
  options: Partial<PlectoClientOptions> = {},
  clock = virtualClock(),
  logger: Logger = recordingLogger(),
) {
  const client = new PlectoClient(
    { baseUrl: server.baseUrl, email: server.email, password: server.password, ...options },
    { fetch: (input, init) => fetch(input, init), clock, logger },
  );
  return { client, clock, logger };
}

async function failure(promise: Promise<unknown>): Promise<PlectoError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PlectoError);
  return error as PlectoError;
}

function seed(server: FakePlecto, teams: number, members: number) {
  const seeded = Array.from({ length: teams }, (_, i) => server.addTeam(`Team ${i}`));
  for (let i = 0; i < members; i++) server.addMember({ name: `Person ${i}`, email: `p${i}@acme.com`, teams: [seeded[i % teams].uuid] });
  return seeded;
}

describe('PlectoClient lists', () => {
  it('reads every page of the paginated envelope, asking for page_size=1000 and following absolute next links', async () => {
    const server = await fake({ pageSize: 3 });
    seed(server, 4, 10);
    const { client } = clientFor(server);
    const directory = await client.readDirectory();
    expect(directory.teams.map((t) => t.name)).toEqual(['Team 0', 'Team 1', 'Team 2', 'Team 3']);
    expect(directory.members.map((m) => m.name)).toEqual(Array.from({ length: 10 }, (_, i) => `Person ${i}`));
    const memberGets = server.log.filter((e) => e.path === '/api/v2/members/');
    expect(memberGets.map((e) => new URLSearchParams(e.query).get('page') ?? '1')).toEqual(['1', '2', '3', '4']);
    expect(new URLSearchParams(memberGets[0].query).get('page_size')).toBe('1000');
    expect(client.stats()).toEqual({ requests: 6, writes: 0 });
  });

  it('reads a bare array as the whole list', async () => {
    const server = await fake({ listShape: 'array' });
    seed(server, 2, 5);
    const { client } = clientFor(server);
    expect(await client.listMembers()).toHaveLength(5);
    expect(await client.listTeams()).toHaveLength(2);
    expect(client.stats().requests).toBe(2);
  });

  it('maps members with absent managed_manually, api_providers and title (R7 default false)', async () => {
    const server = await fake();
    const team = server.addTeam('Support');
    server.addMember({ name: 'Jane Doe', email: 'jane@acme.com', teams: [team.uuid], managed_manually: undefined, api_providers: undefined, title: undefined });
    const { client } = clientFor(server);
    const [member] = await client.listMembers();
    expect(member).toMatchObject({ name: 'Jane Doe', managedManually: false, apiProviders: [], title: null, teams: [team.uuid] });
    expect(member.uuid).toMatch(/^[0-9a-f]{32}$/);
  });

  it('accepts a base URL without the trailing slash', async () => {
    const server = await fake();
    server.addTeam('Support');
    const { client } = clientFor({ ...server, baseUrl: server.baseUrl.replace(/\/$/, '') });
    expect(client.baseUrl).toBe(server.baseUrl);
    expect(await client.listTeams()).toHaveLength(1);
  });

  describe('against a misbehaving server', () => {
    let odd: JsonServer;
    let hits = 0;
    async function oddServer(answer: (origin: string) => unknown) {
      let origin = '';
      hits = 0;
      odd = await startJsonServer(() => ({ status: 200, body: (hits++, answer(origin)) }));
      origin = odd.origin;
      open.push(odd);
      return { baseUrl: `${odd.origin}/api/v2/`, email: 'sync@acme.com', password: 'pw' };
    }

    it('stops with bad_answer when a next link leads back to a page already read', async () => {
      const server = await oddServer((origin) => ({ count: 9, next: `${origin}/api/v2/teams/?page=2`, previous: null, results: [{ uuid: 'a'.repeat(32), name: 'T', parent: null }] }));
      const error = await failure(clientFor(server).client.listTeams());
      expect(error.kind).toBe('bad_answer');
      expect(error.message).toMatch(/GET \/api\/v2\/teams\/ .*leads back to .*page=2/);
    });

    it('refuses a list that is neither an array nor a page, naming the endpoint', async () => {
      const server = await oddServer(() => ({ detail: 'maintenance' }));
      const error = await failure(clientFor(server).client.listMembers());
      expect(error.kind).toBe('bad_answer');
      expect(error.message).toBe(`Plecto gave an unusable answer to GET /api/v2/members/ at ${odd.origin}: expected a JSON array or a page with "results", got an object`);
    });

    it('does not follow a next link to another host with the credentials', async () => {
      const team = { uuid: 'b'.repeat(32), name: 'T', parent: null };
      const server = await oddServer(() => ({ count: 2, next: 'https://evil.example/api/v2/teams/?page=2', previous: null, results: [team] }));
      const error = await failure(clientFor(server).client.listTeams());
      expect(error.kind).toBe('bad_answer');
      expect(error.message).toContain('points to https://evil.example');
      expect(hits).toBe(1);
    });
  });
});

describe('PlectoClient errors', () => {
  it('names the user and host when the credentials are rejected, never the password', async () => {
    const server = await fake();
    const logger = recordingLogger();
    const { client } = clientFor({ ...server, password: 'Sup3r-Secret-pw' }, {}, virtualClock(), logger);
    const error = await failure(client.listTeams());
    expect(error.kind).toBe('auth');
    expect(error.status).toBe(401);
    expect(error.message).toBe(`Plecto rejected the credentials of directory-sync@acme.com at ${server.origin} (401: Invalid username/password.)`);
    expect(`${error.message}${error.stack}${JSON.stringify(error)}${logger.lines.join('')}`).not.toContain('Sup3r-Secret-pw');
    expect(JSON.stringify(client)).not.toContain('Sup3r-Secret-pw');
  });

  it('R12: honours Retry-After on 429, then succeeds', async () => {
    const server = await fake();
    server.addTeam('Support');
    server.failNext(2, 429, { retryAfter: 2 });
    const { client, clock } = clientFor(server);
    expect(await client.listTeams()).toHaveLength(1);
    expect(clock.sleeps).toEqual([2000, 2000]);
    expect(server.log.map((e) => e.status)).toEqual([429, 429, 200]);
    expect(client.stats().requests).toBe(3);
  });

  it('R12: retries a 5xx and succeeds', async () => {
    const server = await fake();
    server.failNext(1, 503, { path: /members/ });
    const team = server.addTeam('Support');
    const { client } = clientFor(server);
    const { member } = await client.upsertMember({ provider: 'Intercom', providerId: '1', providerEmail: 'a@acme.com', name: 'A', isActive: true, teams: [team.uuid] });
    expect(member.name).toBe('A');
    expect(server.log.map((e) => `${e.method} ${e.status}`)).toEqual(['POST 503', 'POST 201']);
    expect(server.members.size).toBe(1);
    expect(client.stats()).toEqual({ requests: 2, writes: 2 });
  });

  it('R12: reports a server error after the retries run out', async () => {
    const server = await fake();
    server.failNext(100, 500);
    const { client } = clientFor(server);
    const error = await failure(client.listMembers());
    expect(error.kind).toBe('server');
    expect(error.status).toBe(500);
    expect(error.message).toBe(`Plecto failed to answer GET /api/v2/members/ at ${server.origin} after 5 attempts (500: Server Error (500))`);
    expect(server.log).toHaveLength(5);
  });

  it('R12: reports throttling that never ends as throttled', async () => {
    const server = await fake();
    server.failNext(100, 429, { retryAfter: 1 });
    const error = await failure(clientFor(server, { retry: { maxAttempts: 3 } }).client.listTeams());
    expect(error.kind).toBe('throttled');
    expect(error.status).toBe(429);
    expect(server.log).toHaveLength(3);
  });

  it('reports an unreachable Plecto as a network error naming the host', async () => {
    const server = await fake();
    const address = { baseUrl: server.baseUrl, email: server.email, password: server.password };
    await server.close();
    const error = await failure(clientFor(address, { retry: { maxAttempts: 2 } }).client.listTeams());
    expect(error.kind).toBe('network');
    expect(error.status).toBeNull();
    expect(error.message).toBe(`Could not reach Plecto at ${server.origin}: connection refused`);
  });

  it('reports a Plecto that does not answer in time as a network error', async () => {
    const server = await fake();
    server.delay(400);
    const error = await failure(clientFor(server, { retry: { maxAttempts: 1, timeoutMs: 100 } }).client.listTeams());
    expect(error.kind).toBe('network');
    expect(error.message).toContain(`${server.origin}: no answer within 0.1 s`);
  });

  it('maps 403 to permission and an unknown uuid to not_found', async () => {
    const server = await fake();
    server.failNext(1, 403);
    const { client } = clientFor(server);
    const denied = await failure(client.createTeam({ name: 'Support', parent: null }));
    expect(denied.kind).toBe('permission');
    expect(denied.message).toContain('directory-sync@acme.com is not allowed to POST /api/v2/teams/');
    const missing = await failure(client.updateMember('0'.repeat(32), { isActive: false }));
    expect(missing.kind).toBe('not_found');
    expect(missing.status).toBe(404);
  });

  it('reports Plecto field messages on 400 (unknown team uuid)', async () => {
    const server = await fake();
    const { client } = clientFor(server);
    const error = await failure(client.upsertMember({ provider: 'Intercom', providerId: '1', providerEmail: null, name: 'A', isActive: true, teams: ['f'.repeat(32)] }));
    expect(error.kind).toBe('validation');
    expect(error.fieldErrors.teams).toEqual([`Invalid pk "${'f'.repeat(32)}" - object does not exist.`]);
    expect(server.members.size).toBe(0);
  });
});

describe('PlectoClient writes', () => {
  it('R3: POST /members/ creates (201), attaches by email (200) and updates by provider id (200)', async () => {
    const server = await fake();
    const support = server.addTeam('Support');
    const sales = server.addTeam('Sales');
    const existing = server.addMember({ name: 'Jane Doe', email: 'Jane@Acme.com', teams: [sales.uuid] });
    const { client } = clientFor(server);

    const created = await client.upsertMember({ provider: 'Intercom', providerId: '11', providerEmail: 'bob@acme.com', name: 'Bob', isActive: true, teams: [support.uuid], title: 'Agent' });
    expect(created.created).toBe(true);
    expect(created.member).toMatchObject({ name: 'Bob', email: 'bob@acme.com', teams: [support.uuid], title: 'Agent', apiProviders: [{ provider: 'Intercom', providerId: '11', email: 'bob@acme.com' }] });

    const attached = await client.upsertMember({ provider: 'Intercom', providerId: '22', providerEmail: 'jane@acme.com', name: 'Jane Doe', isActive: true, teams: [sales.uuid, support.uuid] });
    expect(attached.created).toBe(false);
    expect(attached.member.uuid).toBe(existing.uuid);
    expect(attached.member.apiProviders).toEqual([{ provider: 'Intercom', providerId: '22', email: 'jane@acme.com' }]);
    expect(attached.member.teams).toEqual([sales.uuid, support.uuid]);

    const updated = await client.upsertMember({ provider: 'Intercom', providerId: '11', providerEmail: 'bob@acme.com', name: 'Robert', isActive: false, teams: [] });
    expect(updated.created).toBe(false);
    expect(updated.member).toMatchObject({ uuid: created.member.uuid, name: 'Robert', isActive: false, teams: [], title: 'Agent' });

    expect(server.members.size).toBe(2);
    expect(server.log.map((e) => e.status)).toEqual([201, 200, 200]);
    expect(server.writes()).toBe(3);
    expect(client.stats()).toEqual({ requests: 3, writes: 3 });
  });

  it('R4: PATCH replaces the whole team list; R5: deactivation keeps the teams', async () => {
    const server = await fake();
    const [a, b, c] = ['A', 'B', 'C'].map((name) => server.addTeam(name));
    const member = server.addMember({ name: 'Jane', teams: [a.uuid, b.uuid] });
    const { client } = clientFor(server);
    expect((await client.updateMember(member.uuid, { teams: [c.uuid] })).teams).toEqual([c.uuid]);
    const deactivated = await client.updateMember(member.uuid, { isActive: false });
    expect(deactivated).toMatchObject({ isActive: false, teams: [c.uuid], name: 'Jane' });
    expect(server.log.map((e) => e.body)).toEqual([{ teams: [c.uuid] }, { is_active: false }]);
  });

  it('R1: creates a sub-team and renames/moves a team', async () => {
    const server = await fake();
    const { client } = clientFor(server);
    const parent = await client.createTeam({ name: 'Sales', parent: null });
    const child = await client.createTeam({ name: 'Nordics', parent: parent.uuid });
    expect(child).toEqual({ uuid: expect.stringMatching(/^[0-9a-f]{32}$/), name: 'Nordics', parent: parent.uuid });
    const moved = await client.updateTeam(child.uuid, { name: 'Nordic sales', parent: null });
    expect(moved).toEqual({ uuid: child.uuid, name: 'Nordic sales', parent: null });
    expect(server.teams.get(child.uuid)).toEqual({ uuid: child.uuid, name: 'Nordic sales', parent: null });
  });

  it('creates and lists data sources with their field names', async () => {
    const server = await fake();
    const { client } = clientFor(server);
    const created = await client.createDataSource('Intercom conversations', ['state', 'channel']);
    expect(server.dataSources.get(created.uuid)?.fields).toEqual([
      { name: 'state', input: 'TextInput' },
      { name: 'channel', input: 'TextInput' },
    ]);
    expect(await client.listDataSources()).toEqual([{ uuid: created.uuid, title: 'Intercom conversations', fields: ['state', 'channel'] }]);
  });

  it('R9: posts registrations in batches of at most 100; a retried batch overwrites by external_id', async () => {
    const server = await fake({ pageSize: 40 });
    const source = server.addDataSource('Calls', ['duration']);
    const { client } = clientFor(server);
    const items = Array.from({ length: 101 }, (_, i) => ({
      data_source: source.uuid,
      member_api_provider: 'Enreach',
      member_api_id: `u${i % 7}`,
      member_name: `User ${i % 7}`,
      external_id: `call-${i}`,
      date: '2026-11-25T10:00:00Z',
      duration: i,
    }));
    const tooMany = await failure(client.postRegistrations(items));
    expect(tooMany.kind).toBe('validation');
    expect(tooMany.message).toContain('at most 100');
    expect(server.log).toHaveLength(0);

    await client.postRegistrations(items.slice(0, 100));
    await client.postRegistrations(items.slice(0, 100));
    expect(server.registrations.get(source.uuid)?.size).toBe(100);
    expect(server.log.map((e) => e.status)).toEqual([201, 201]);

    const listed = await client.listRegistrations(source.uuid);
    expect(listed).toHaveLength(100);
    expect(await client.listRegistrations(source.uuid, 'call-5')).toEqual([expect.objectContaining({ external_id: 'call-5', duration: 5 })]);
  });
});

describe('PlectoClient pacing', () => {
  it('holds a burst of 60 and makes the 61st request wait ~1 s at 3,600/h', async () => {
    const server = await fake({ listShape: 'array' });
    const { client, clock } = clientFor(server);
    for (let i = 0; i < 60; i++) await client.listTeams();
    expect(clock.sleeps).toEqual([]);
    await client.listTeams();
    expect(clock.sleeps).toEqual([1000]);
    expect(client.stats().requests).toBe(61);
  });

  it('makes retries take tokens too', async () => {
    const server = await fake();
    server.failNext(1, 429, { retryAfter: 0 });
    const { client, clock } = clientFor(server, { burst: 1, requestsPerHour: 3600 });
    await client.listTeams();
    // The 429's own wait (0 s), then a 1 s wait for the retry's token.
    expect(clock.sleeps).toEqual([0, 1000]);
    expect(server.log).toHaveLength(2);
  });

  it('uses the configured hourly rate', async () => {
    const server = await fake({ listShape: 'array' });
    const { client, clock } = clientFor(server, { burst: 1, requestsPerHour: 36_000 });
    for (let i = 0; i < 3; i++) await client.listTeams();
    expect(clock.sleeps).toEqual([100, 100]);
  });
});
