import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createIntercomConnector } from '../../main/connectors/intercom';
import { SourceReadError } from '../../main/domain/model';
import type { Clock } from '../../main/common/clock';
import type { HttpDeps } from '../../main/http/http';
import { startFakeIntercom, type FakeIntercom } from '../fakes/intercom-server';
import { httpDeps, recordingClock, rejectionOf } from '../support/test-kit';

const readError = (promise: Promise<unknown>) => rejectionOf(promise, SourceReadError);
const depsWith = (clock: Clock) => httpDeps(clock);

describe('Intercom connector', () => {
  let fake: FakeIntercom;
  const token = 'tok_live_abc123SECRET';

  beforeEach(async () => {
    fake = await startFakeIntercom({ token });
  });
  afterEach(async () => {
    await fake.close();
  });

  function connector(clock: Clock = recordingClock(5)) {
    return createIntercomConnector({ baseUrl: fake.baseUrl, accessToken: token }, depsWith(clock));
  }

  it('R4: membership is the union of admin.team_ids and team.admin_ids', async () => {
    const support = fake.addTeam({ name: 'Tier 1 Support' });
    const sales = fake.addTeam({ name: 'Sales' });
    const billing = fake.addTeam({ name: 'Billing' });
    const jane = fake.addAdmin({ name: 'Jane Doe', team_ids: [Number(support.id)] }); // only the admin side
    const john = fake.addAdmin({ name: 'John Roe' });
    sales.admin_ids.push(Number(john.id), Number(jane.id)); // only the team side
    fake.join(john.id, billing.id); // both sides
    support.admin_ids.push(123); // an admin that no longer exists

    const directory = await connector().readDirectory();

    expect(directory.people.map((p) => [p.sourceId, p.teamSourceIds])).toEqual([
      [jane.id, [sales.id, support.id].sort()],
      [john.id, [billing.id, sales.id].sort()],
    ]);
    expect(directory.people.some((p) => p.sourceId === '123')).toBe(false);
  });

  it('R3: every admin becomes a person; ids are strings; teams and people are sorted by source id', async () => {
    const team = fake.addTeam({ id: '900', name: 'Night shift' });
    fake.addTeam({ id: '100', name: 'Day shift' });
    fake.addAdmin({ id: '20', name: 'Zed', email: 'zed@example.com', job_title: 'Support lead', team_ids: [900, 900] });
    fake.addAdmin({ id: '10', name: 'Amy', email: 'amy@example.com', job_title: '' });

    const directory = await connector().readDirectory();

    expect(directory.teams).toEqual([
      { sourceId: '100', name: 'Day shift', parentSourceId: null },
      { sourceId: '900', name: 'Night shift', parentSourceId: null },
    ]);
    expect(directory.people).toEqual([
      { sourceId: '10', name: 'Amy', email: 'amy@example.com', title: null, active: true, teamSourceIds: [] },
      {
        sourceId: '20',
        name: 'Zed',
        email: 'zed@example.com',
        title: 'Support lead',
        active: true,
        teamSourceIds: [team.id],
      },
    ]);
    for (const id of directory.people.flatMap((p) => p.teamSourceIds)) expect(typeof id).toBe('string');
  });

  it('ignores legacy {"type": "team"} entries mixed into /admins', async () => {
    fake.addTeam({ name: 'Tier 1 Support' });
    const jane = fake.addAdmin({ name: 'Jane Doe' });
    fake.mixLegacyTeamEntries = true;

    const directory = await connector().readDirectory();

    expect(directory.people.map((p) => p.sourceId)).toEqual([jane.id]);
    expect(directory.teams).toHaveLength(1);
  });

  it('R5: an admin removed from the workspace simply disappears from the read', async () => {
    const team = fake.addTeam({ name: 'Support' });
    const jane = fake.addAdmin({ name: 'Jane Doe' });
    const john = fake.addAdmin({ name: 'John Roe' });
    fake.join(jane.id, team.id);
    fake.join(john.id, team.id);
    fake.removeAdmin(john.id);

    const directory = await connector().readDirectory();
    expect(directory.people.map((p) => p.sourceId)).toEqual([jane.id]);
  });

  it('sends bearer token, Intercom-Version 2.14 and Accept on every call, to the configured region base URL', async () => {
    fake.addAdmin({ name: 'Jane Doe' });
    // A base URL with a trailing slash is the same region.
    const c = createIntercomConnector({ baseUrl: fake.baseUrl + '/', accessToken: token }, depsWith(recordingClock(5)));

    await c.readDirectory();

    expect(fake.log.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual(['GET /admins 200', 'GET /teams 200']);
    for (const entry of fake.log) {
      expect(entry.intercomVersion).toBe('2.14');
      expect(entry.accept).toBe('application/json');
      expect(entry.authScheme).toBe('Bearer');
    }
    expect(c.usage().requests).toBe(2);
    expect(c.usage().apiUsage).toBe('rate limit remaining 9998/10000');
  });

  it('uses only the configured base URL (region), never a default host', async () => {
    const urls: string[] = [];
    const deps = depsWith(recordingClock(5));
    const spying: HttpDeps = { ...deps, fetch: (input, init) => (urls.push(String(input)), deps.fetch(input, init)) };
    await createIntercomConnector({ baseUrl: fake.baseUrl, accessToken: token }, spying).readDirectory();
    expect(urls).toEqual([`${fake.baseUrl}/admins`, `${fake.baseUrl}/teams`]);
  });

  it('R10: a 401 becomes SourceReadError(auth) naming Intercom and the host, without the token', async () => {
    const c = createIntercomConnector({ baseUrl: fake.baseUrl, accessToken: 'wrong-token-XYZ' }, depsWith(recordingClock(5)));

    const error = await readError(c.readDirectory());

    expect(error.kind).toBe('auth');
    expect(error.system).toBe('Intercom');
    expect(error.message).toBe(
      `Intercom rejected the access token at ${fake.baseUrl} (401 unauthorized: Access Token Invalid)`,
    );
    expect(error.message).not.toContain('wrong-token-XYZ');
    expect(fake.log).toHaveLength(1); // 401 is not retried
  });

  it('R12: a 429 waits until X-RateLimit-Reset, then succeeds', async () => {
    fake.addAdmin({ name: 'Jane Doe' });
    fake.failNext(1, 429, { path: /^\/admins/ });
    const clock = recordingClock(2_000); // real waits here: the reset is at most a second ahead

    const directory = await connector(clock).readDirectory();

    expect(directory.people).toHaveLength(1);
    expect(fake.log.map((e) => e.status)).toEqual([429, 200, 200]);
    const resetMs = (Math.floor(fake.log[0].at / 1000) + 1) * 1000;
    expect(clock.sleeps).toHaveLength(1);
    expect(clock.sleeps[0]).toBeGreaterThan(0);
    expect(clock.sleeps[0]).toBeLessThanOrEqual(1000);
    expect(fake.log[1].at).toBeGreaterThanOrEqual(resetMs - 5);
  });

  it('R10: a 5xx on /teams that persists after retries → SourceReadError, no partial directory', async () => {
    fake.addTeam({ name: 'Support' });
    fake.addAdmin({ name: 'Jane Doe' });
    fake.failNext(10, 503, { path: /^\/teams/ });
    const c = connector();

    const error = await readError(c.readDirectory());

    expect(error.kind).toBe('network');
    expect(error.message).toContain('Intercom');
    expect(error.message).toContain(fake.baseUrl);
    expect(error.message).toContain('GET /teams');
    expect(fake.log.filter((e) => e.path === '/teams').map((e) => e.status)).toEqual([503, 503, 503, 503, 503]);
    expect(c.usage().requests).toBe(6);
  });

  it('R10: a 5xx that clears within the retries reads the full directory', async () => {
    fake.addTeam({ name: 'Support' });
    fake.failNext(2, 500, { path: /^\/teams/ });
    const directory = await connector().readDirectory();
    expect(directory.teams).toHaveLength(1);
  });

  it('R10: a persistent 429 → SourceReadError(limit)', async () => {
    fake.failNext(10, 429);
    const error = await readError(connector(recordingClock(5)).readDirectory());
    expect(error.kind).toBe('limit');
    expect(error.message).toContain('rate_limit_exceeded');
  });

  it('R10: an answer of the wrong shape → SourceReadError(bad_answer)', async () => {
    fake.failNext(1, 200, { path: /^\/teams/, body: { type: 'team.list', data: [] } });
    const error = await readError(connector().readDirectory());
    expect(error.kind).toBe('bad_answer');
    expect(error.message).toBe(
      `Intercom gave an unexpected answer to GET /teams at ${fake.baseUrl}: expected a "teams" list`,
    );
  });

  it('R10: an unreachable host → SourceReadError(network) naming the host', async () => {
    const url = fake.baseUrl;
    await fake.close();
    const error = await readError(
      createIntercomConnector({ baseUrl: url, accessToken: token }, depsWith(recordingClock(1))).readDirectory(),
    );
    expect(error.kind).toBe('network');
    expect(error.message).toContain(`Could not reach Intercom at ${url}`);
    fake = await startFakeIntercom(); // for afterEach
  });

  it('testConnection makes one call to /admins and counts the admins', async () => {
    fake.addAdmin({ name: 'Jane Doe' });
    fake.addAdmin({ name: 'John Roe' });
    fake.mixLegacyTeamEntries = true;
    fake.addTeam({ name: 'Support' });

    await expect(connector().testConnection()).resolves.toBe('Connected to Intercom: 2 admins');
    expect(fake.log.map((e) => e.path)).toEqual(['/admins']);
  });

  it('testConnection with a bad token rejects with SourceReadError(auth)', async () => {
    const c = createIntercomConnector({ baseUrl: fake.baseUrl, accessToken: 'nope' }, depsWith(recordingClock(5)));
    expect((await readError(c.testConnection())).kind).toBe('auth');
  });
});
