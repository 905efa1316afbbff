// The fake Plecto is what every integration test, the crash test and the demo
// run against; these tests pin its behaviour to contracts/plecto-api.md over
// raw HTTP, independently of the client.
import { afterEach, describe, expect, it } from 'vitest';
import { startFakePlecto, type FakePlecto, type FakePlectoOptions } from '../fakes/plecto-server';

let server: FakePlecto | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(options: FakePlectoOptions = {}) {
  server = await startFakePlecto(options);
  return server;
}

async function call(method: string, path: string, body?: unknown, auth = true) {
  const s = server!;
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (auth) headers.Authorization = 'Basic ' + Buffer.from(`${s.email}:${s.password}`).toString('base64');
  const url = path.startsWith('http') ? path : s.baseUrl + path;
  const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

describe('fake Plecto', () => {
  it('serves its API under /api/v2/ on 127.0.0.1 and demands Basic auth', async () => {
    const s = await start({ email: 'a@b.com', password: 'pw' });
    expect(s.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v2\/$/);
    expect(await call('GET', 'teams/', undefined, false)).toMatchObject({ status: 401, body: { detail: 'Authentication credentials were not provided.' } });
    const wrong = await fetch(s.baseUrl + 'teams/', { headers: { Authorization: 'Basic ' + Buffer.from('a@b.com:nope').toString('base64') } });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ detail: 'Invalid username/password.' });
    expect((await call('GET', 'teams/')).status).toBe(200);
  });

  it('pages with absolute next links, 100 per page by default, page_size capped at 1000', async () => {
    const s = await start();
    for (let i = 0; i < 1005; i++) s.addTeam(`T${i}`);
    const first = await call('GET', 'teams/');
    expect(first.body).toMatchObject({ count: 1005, previous: null, next: `${s.baseUrl}teams/?page=2` });
    expect(first.body.results).toHaveLength(100);
    const big = await call('GET', 'teams/?page_size=5000');
    expect(big.body.results).toHaveLength(1000);
    const last = await call('GET', big.body.next);
    expect(last.body.next).toBeNull();
    expect(last.body.results.map((t: { name: string }) => t.name)).toEqual(['T1000', 'T1001', 'T1002', 'T1003', 'T1004']);
    expect(last.body.previous).toContain('page=1');
    expect((await call('GET', 'teams/?page=99')).status).toBe(404);
  });

  it('answers a bare array with listShape "array"', async () => {
    const s = await start({ listShape: 'array' });
    s.addTeam('Support');
    expect((await call('GET', 'teams/?page_size=1')).body).toEqual([expect.objectContaining({ name: 'Support', parent: null })]);
  });

  it('POST /members/: teams is mandatory and must name existing teams', async () => {
    await start();
    const base = { updating_api_provider: 'Intercom', updating_api_provider_id: '1', name: 'Jane', is_active: true };
    expect(await call('POST', 'members/', base)).toMatchObject({ status: 400, body: { teams: ['This field is required.'] } });
    const unknown = await call('POST', 'members/', { ...base, teams: ['abc'] });
    expect(unknown).toMatchObject({ status: 400, body: { teams: ['Invalid pk "abc" - object does not exist.'] } });
    const created = await call('POST', 'members/', { ...base, teams: [] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Jane', email: null, is_active: true, teams: [], managed_manually: false, api_providers: [{ provider: 'Intercom', provider_id: '1' }] });
    expect(created.body.uuid).toMatch(/^[0-9a-f]{32}$/);
  });

  it('POST /members/ never gives an email-matched member a second id for the same provider', async () => {
    const s = await start();
    s.addMember({ name: 'Jane', email: 'jane@acme.com', api_providers: [{ provider: 'Intercom', provider_id: '1', email: 'jane@acme.com' }] });
    const clash = await call('POST', 'members/', { updating_api_provider: 'Intercom', updating_api_provider_id: '2', updating_api_provider_email: 'JANE@acme.com', name: 'Jane', teams: [] });
    expect(clash.status).toBe(400);
    expect(clash.body.updating_api_provider_id[0]).toContain('cannot be changed');
    expect(s.members.size).toBe(1);
  });

  it('PATCH answers 404 for an unknown uuid and checks team parents', async () => {
    const s = await start();
    expect(await call('PATCH', `members/${'0'.repeat(32)}/`, { is_active: false })).toMatchObject({ status: 404, body: { detail: 'Not found.' } });
    expect(await call('POST', 'teams/', { parent: null })).toMatchObject({ status: 400, body: { name: ['This field is required.'] } });
    expect((await call('POST', 'teams/', { name: 'X', parent: 'nope' })).status).toBe(400);
    const parent = s.addTeam('Parent');
    const child = s.addTeam('Child', parent.uuid);
    expect((await call('PATCH', `teams/${parent.uuid}/`, { parent: child.uuid })).status).toBe(400);
    expect(await call('GET', `teams/${child.uuid}/`)).toMatchObject({ status: 200, body: { name: 'Child', parent: parent.uuid } });
  });

  it('R9: registrations: ≤100 per request, validated as a whole, overwritten by (data_source, external_id), filtered on GET', async () => {
    const s = await start();
    const source = (await call('POST', 'datasources/', { title: 'Calls', fields: [{ name: 'duration', input: 'TextInput' }] })).body;
    expect(s.dataSources.get(source.uuid)?.title).toBe('Calls');
    const item = (i: number) => ({ data_source: source.uuid, member_api_provider: 'Enreach', member_api_id: 'u1', external_id: `c${i}`, date: '2026-11-25T10:00:00Z' });
    const tooMany = await call('POST', 'registrations/', Array.from({ length: 101 }, (_, i) => item(i)));
    expect(tooMany.status).toBe(400);
    const halfBad = await call('POST', 'registrations/', [item(1), { ...item(2), data_source: 'nope' }]);
    expect(halfBad.status).toBe(400);
    expect(s.registrations.size).toBe(0);
    expect((await call('POST', 'registrations/', [item(1), item(2)])).status).toBe(201);
    expect((await call('POST', 'registrations/', { ...item(1), duration: 9 })).status).toBe(201);
    expect(s.registrations.get(source.uuid)?.get('c1')).toMatchObject({ duration: 9 });
    const listed = await call('GET', `registrations/?data_source=${source.uuid}&reference=c2`);
    expect(listed.body.results).toEqual([expect.objectContaining({ external_id: 'c2' })]);
  });

  it('injects 429 with Retry-After and HTML 5xx, logs every request and counts successful writes', async () => {
    const s = await start();
    s.failNext(1, 429, { retryAfter: 3 });
    s.failNext(1, 502, { path: /teams/, method: 'POST' });
    const throttled = await call('GET', 'members/');
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('3');
    expect(throttled.body.detail).toBe('Request was throttled. Expected available in 3 seconds.');
    expect((await call('GET', 'members/')).status).toBe(200);
    expect((await call('GET', 'teams/')).status).toBe(200);
    const html = await fetch(s.baseUrl + 'teams/', { method: 'POST', body: '{}' });
    expect(html.status).toBe(502);
    expect(html.headers.get('content-type')).toContain('text/html');
    await call('POST', 'teams/', { name: 'Support' });
    expect(s.log.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([
      'GET /api/v2/members/ 429',
      'GET /api/v2/members/ 200',
      'GET /api/v2/teams/ 200',
      'POST /api/v2/teams/ 502',
      'POST /api/v2/teams/ 201',
    ]);
    expect(s.writes()).toBe(1);
  });

  it('carries out a slowed request even when the caller gives up (as a real server would)', async () => {
    const s = await start();
    s.delay(200);
    const auth = 'Basic ' + Buffer.from(`${s.email}:${s.password}`).toString('base64');
    const gaveUp = await fetch(s.baseUrl + 'teams/', {
      method: 'POST',
      headers: { Authorization: auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Slow' }),
      signal: AbortSignal.timeout(50),
    }).then(
      () => 'answered',
      () => 'gave up',
    );
    expect(gaveUp).toBe('gave up');
    expect(s.teams.size).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    expect([...s.teams.values()].map((t) => t.name)).toEqual(['Slow']);
  });
});
