import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEnreachConnector, discoverApiBase, obtainSecretKey } from '../../main/connectors/enreach';
import { SourceReadError } from '../../main/domain/model';
import type { Clock } from '../../main/common/clock';
import type { Logger } from '../../main/common/logger';
import type { HttpDeps } from '../../main/http/http';
import { startFakeEnreach, type FakeEnreach } from '../fakes/enreach-server';
import { capturingLogger, httpDeps, recordingClock, rejectionOf } from '../support/test-kit';

const readError = (promise: Promise<unknown>) => rejectionOf(promise, SourceReadError);
const depsWith = (clock: Clock = recordingClock(5), logger: Logger = capturingLogger()) => httpDeps(clock, logger);

describe('Enreach connector', () => {
  let fake: FakeEnreach;

  beforeEach(async () => {
    fake = await startFakeEnreach();
  });
  afterEach(async () => {
    await fake.close();
  });

  function connector(deps: HttpDeps = depsWith()) {
    return createEnreachConnector({ baseUrl: fake.baseUrl, username: fake.username, secretKey: fake.secretKey }, deps);
  }

  it('R3/R10: reads 1,200 users in 3 pages of take=500, completely, then the first page again to see it did not shift', async () => {
    const group = fake.addGroup({ Name: 'Outbound sales' });
    for (let i = 0; i < 1200; i++) fake.addUser({ FirstName: 'Agent', LastName: `N${i}`, GroupIds: [group.Id] });
    const c = connector();

    const directory = await c.readDirectory();

    expect(directory.people).toHaveLength(1200);
    expect(new Set(directory.people.map((p) => p.sourceId)).size).toBe(1200);
    expect(fake.log.filter((e) => e.path.startsWith('/users')).map((e) => e.path)).toEqual([
      '/users?skip=0&take=500',
      '/users?skip=500&take=500',
      '/users?skip=1000&take=500',
      '/users?skip=0&take=500',
    ]);
    expect(directory.people.map((p) => p.sourceId)).toEqual(fake.users.map((u) => u.Id).sort());
    expect(c.usage().requests).toBe(5); // 1 group page + 3 user pages + the first again
    expect(c.usage().apiUsage).toMatch(/^rate limit remaining \d+\/6000$/);
  });

  it('reads an exact multiple of take with one extra, empty page', async () => {
    for (let i = 0; i < 500; i++) fake.addUser({ FirstName: 'A', LastName: `B${i}` });
    const directory = await connector().readDirectory();
    expect(directory.people).toHaveLength(500);
    expect(fake.log.filter((e) => e.path.startsWith('/users')).map((e) => e.path)).toEqual([
      '/users?skip=0&take=500',
      '/users?skip=500&take=500',
      '/users?skip=0&take=500',
    ]);
  });

  for (const caseStyle of ['pascal', 'camel'] as const) {
    it(`R1/R3/R5: maps users and groups sent in ${caseStyle} case`, async () => {
      fake.caseStyle = caseStyle;
      const sales = fake.addGroup({ Id: 'g-200', Name: 'Sales' });
      const outbound = fake.addGroup({ Id: 'g-100', Name: 'Outbound sales', ParentId: sales.Id });
      fake.addUser({
        Id: 'u-2',
        FirstName: 'Jane',
        LastName: 'Doe',
        Email: 'jane@acme.com',
        GroupIds: [outbound.Id, sales.Id, outbound.Id],
      });
      fake.addUser({ Id: 'u-1', FirstName: '', LastName: '', UserName: 'old.agent@acme.com', Email: '', IsActive: false });
      fake.addUser({ Id: 'u-3', FirstName: 'Kiosk', LastName: '', UserName: 'kiosk-7', Email: '' });

      const directory = await connector().readDirectory();

      expect(directory.teams).toEqual([
        { sourceId: 'g-100', name: 'Outbound sales', parentSourceId: 'g-200' },
        { sourceId: 'g-200', name: 'Sales', parentSourceId: null },
      ]);
      expect(directory.people).toEqual([
        { sourceId: 'u-1', name: 'old.agent@acme.com', email: 'old.agent@acme.com', title: null, active: false, teamSourceIds: [] },
        { sourceId: 'u-2', name: 'Jane Doe', email: 'jane@acme.com', title: null, active: true, teamSourceIds: ['g-100', 'g-200'] },
        { sourceId: 'u-3', name: 'Kiosk', email: null, title: null, active: true, teamSourceIds: [] },
      ]);
    });
  }

  it('R1: nested groups give parentSourceId; a parent that is not listed leaves the group at top level', async () => {
    fake.addGroup({ Id: 'g-1', Name: 'Company' });
    fake.addGroup({ Id: 'g-2', Name: 'Sales', ParentId: 'g-1' });
    fake.addGroup({ Id: 'g-3', Name: 'Outbound', ParentId: 'g-2' });
    fake.addGroup({ Id: 'g-4', Name: 'Orphan', ParentId: 'g-missing' });

    const { teams } = await connector().readDirectory();

    expect(teams.map((t) => [t.sourceId, t.parentSourceId])).toEqual([
      ['g-1', null],
      ['g-2', 'g-1'],
      ['g-3', 'g-2'],
      ['g-4', null],
    ]);
  });

  it('R5: IsActive false → active false; a removed user disappears', async () => {
    const jane = fake.addUser({ FirstName: 'Jane', LastName: 'Doe', IsActive: false });
    const john = fake.addUser({ FirstName: 'John', LastName: 'Roe' });
    const gone = fake.addUser({ FirstName: 'Gone', LastName: 'Agent' });
    fake.removeUser(gone.Id);

    const { people } = await connector().readDirectory();

    expect(people.map((p) => [p.sourceId, p.active])).toEqual([
      [jane.Id, false],
      [john.Id, true],
    ]);
  });

  it('sends Basic auth username:secretKey', async () => {
    fake.addUser({ FirstName: 'Jane', LastName: 'Doe' });
    const wrong = createEnreachConnector(
      { baseUrl: fake.baseUrl, username: fake.username, secretKey: 'not-the-key' },
      depsWith(),
    );
    expect((await readError(wrong.readDirectory())).kind).toBe('auth');
    await expect(connector().readDirectory()).resolves.toMatchObject({ people: [{ name: 'Jane Doe' }] });
  });

  it('R10: a 401 → SourceReadError(auth) naming Enreach, the user and the host, without the secret key', async () => {
    const secretKey = 'SUPER-secret-key-42';
    const c = createEnreachConnector({ baseUrl: fake.baseUrl, username: 'api@acme.com', secretKey }, depsWith());

    const error = await readError(c.readDirectory());

    expect(error.kind).toBe('auth');
    expect(error.system).toBe('Enreach');
    expect(error.message).toBe(
      `Enreach rejected the credentials of api@acme.com at ${fake.baseUrl} (401: Authorization has been denied for this request.)`,
    );
    expect(error.message).not.toContain(secretKey);
  });

  it('R10: an error on page 2 that persists → SourceReadError, no partial directory', async () => {
    for (let i = 0; i < 700; i++) fake.addUser({ FirstName: 'A', LastName: `B${i}` });
    fake.failNext(10, 500, { path: /^\/users\?skip=500/ });
    const c = connector();

    const error = await readError(c.readDirectory());

    expect(error.kind).toBe('network');
    expect(error.message).toBe(
      `Enreach failed on GET /users at ${fake.baseUrl} after 5 attempts (500: An error has occurred.)`,
    );
    expect(fake.log.filter((e) => e.path === '/users?skip=500&take=500')).toHaveLength(5);
  });

  it('R10: a page of the wrong shape → SourceReadError(bad_answer)', async () => {
    fake.failNext(1, 200, { path: /^\/usergroups/, body: { Items: [] } });
    const error = await readError(connector().readDirectory());
    expect(error.kind).toBe('bad_answer');
    expect(error.message).toContain(`GET /usergroups?skip=0&take=500 at ${fake.baseUrl}`);
  });

  it('an endpoint that ignores skip/take and answers the same page again ends the read: no loop, nobody read twice', async () => {
    for (let i = 0; i < 500; i++) fake.addGroup({ Name: `G${i}` });
    fake.ignoreSkipTake = true;
    const directory = await connector().readDirectory();
    expect(directory.teams).toHaveLength(500);
    expect(new Set(directory.teams.map((t) => t.sourceId)).size).toBe(500);
    expect(fake.log.filter((e) => e.path.startsWith('/usergroups')).map((e) => e.path)).toEqual([
      '/usergroups?skip=0&take=500',
      '/usergroups?skip=500&take=500',
      '/usergroups?skip=0&take=500',
    ]);
  });

  it('/users answering unpaged (more than take) is read in one request', async () => {
    for (let i = 0; i < 700; i++) fake.addUser({ FirstName: 'A', LastName: `B${i}` });
    fake.ignoreSkipTake = true;
    const directory = await connector().readDirectory();
    expect(directory.people).toHaveLength(700);
    expect(fake.log.filter((e) => e.path.startsWith('/users')).map((e) => e.path)).toEqual(['/users?skip=0&take=500']);
  });

  it('R10: a list that shifts while it is read is read again once, then refused', async () => {
    for (let i = 0; i < 600; i++) fake.addUser({ FirstName: 'A', LastName: `B${i}` });
    // Someone removes a user on the first page each time the second page is read.
    const route = fake.routes.find((r) => r.path === '/users')!;
    const inner = route.handle;
    route.handle = (request) => {
      if (request.query.get('skip') === '500') fake.removeUser(fake.users[0].Id);
      return inner(request);
    };
    const error = await readError(connector().readDirectory());
    expect(error.kind).toBe('bad_answer');
    expect(error.message).toContain('changed while it was read');
    expect(fake.log.filter((e) => e.path === '/users?skip=500&take=500')).toHaveLength(2);
  });

  it('R12: a 429 waits for Retry-After, then the read completes', async () => {
    fake.addUser({ FirstName: 'Jane', LastName: 'Doe' });
    fake.failNext(2, 429, { retryAfter: 1, path: /^\/users/ });
    const clock = recordingClock(5);

    const directory = await connector(depsWith(clock)).readDirectory();

    expect(directory.people).toHaveLength(1);
    expect(clock.sleeps).toEqual([1000, 1000]);
    expect(fake.log.map((e) => e.status)).toEqual([200, 429, 429, 200]);
  });

  it('discovery strips the trailing slash of apiEndpoint and is used when no base URL is set', async () => {
    fake.addUser({ FirstName: 'Jane', LastName: 'Doe' });
    await expect(discoverApiBase(fake.username, depsWith(), fake.discoveryUrl + '/')).resolves.toBe(fake.baseUrl);

    const c = createEnreachConnector(
      { discoveryUrl: fake.discoveryUrl, username: fake.username, secretKey: fake.secretKey },
      depsWith(),
    );
    fake.log.length = 0;
    expect((await c.readDirectory()).people).toHaveLength(1);
    expect(fake.log.map((e) => e.path)).toEqual([
      `/api/user?user=${encodeURIComponent(fake.username)}`,
      '/usergroups?skip=0&take=500',
      '/users?skip=0&take=500',
    ]);
    await c.readDirectory();
    expect(fake.log.filter((e) => e.path.startsWith('/api/user'))).toHaveLength(1); // discovered once
  });

  it('a base URL set on the connection wins over discovery', async () => {
    const other = await startFakeEnreach();
    try {
      const c = createEnreachConnector(
        { baseUrl: fake.baseUrl + '/', discoveryUrl: other.discoveryUrl, username: fake.username, secretKey: fake.secretKey },
        depsWith(),
      );
      await c.readDirectory();
      expect(other.log).toEqual([]);
      expect(fake.log.map((e) => e.path)).toEqual(['/usergroups?skip=0&take=500', '/users?skip=0&take=500']);
    } finally {
      await other.close();
    }
  });

  it('discovery that knows no endpoint for the user → SourceReadError naming the user and the host', async () => {
    const error = await readError(discoverApiBase('nobody@else.com', depsWith(), fake.discoveryUrl));
    expect(error.message).toContain('nobody@else.com');
    expect(error.message).toContain(fake.discoveryUrl);
  });

  for (const caseStyle of ['pascal', 'camel'] as const) {
    it(`obtains the secret key from the password (${caseStyle} answer), never logging the password`, async () => {
      fake.caseStyle = caseStyle;
      const logger = capturingLogger();
      fake.failNext(1, 503, { path: /^\/authuser/ }); // one retry, so the retry path logs something
      const key = await obtainSecretKey(fake.baseUrl + '/', fake.username, fake.password, depsWith(recordingClock(5), logger));
      expect(key).toBe(fake.secretKey);
      expect(logger.lines.length).toBeGreaterThan(0);
      expect(logger.lines.join('\n')).not.toContain(fake.password);
    });
  }

  it('a wrong password → SourceReadError(auth) without the password', async () => {
    const error = await readError(obtainSecretKey(fake.baseUrl, fake.username, 'wrong-PASSWORD-9', depsWith()));
    expect(error.kind).toBe('auth');
    expect(error.message).toBe(
      `Enreach rejected the password of ${fake.username} at ${fake.baseUrl} (401: Authorization has been denied for this request.)`,
    );
    expect(error.message).not.toContain('wrong-PASSWORD-9');
  });

  it('testConnection checks the credentials with one call', async () => {
    await expect(connector().testConnection()).resolves.toBe(`Connected to Enreach at ${fake.baseUrl} as ${fake.username}`);
    expect(fake.log.map((e) => e.path)).toEqual(['/users?skip=0&take=1']);
    const bad = createEnreachConnector({ baseUrl: fake.baseUrl, username: fake.username, secretKey: 'x' }, depsWith());
    expect((await readError(bad.testConnection())).kind).toBe('auth');
  });

  it('an unreachable host → SourceReadError(network) naming Enreach and the host', async () => {
    const url = fake.baseUrl;
    await fake.close();
    const error = await readError(
      createEnreachConnector({ baseUrl: url, username: 'api@acme.com', secretKey: 'k' }, depsWith(recordingClock(1))).readDirectory(),
    );
    expect(error.kind).toBe('network');
    expect(error.message).toContain(`Could not reach Enreach at ${url}`);
    fake = await startFakeEnreach(); // for afterEach
  });
});
