// The engine under an admin's real week (issue 8): Plecto edited between
// preview and apply, answers lost on the wire, lists that shift while they are
// read, stale previews, Plecto failing write after write, an approved empty
// source. Engine + real SQLite mirror + fake Plecto and Intercom over HTTP.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../main/common/logger';
import { createSyncEngine } from '../../../main/engine/sync-engine';
import { MAX_FAILURES_IN_A_ROW } from '../../../main/engine/applier';
import { MemorySecretStore } from '../../../main/secrets/secret-store';
import { Mirror } from '../../../main/store/mirror';
import { fastClock, plectoState, seedSmallCompany, startWorld, writesTo, type World } from '../harness';
import { startMixedWorld } from '../world';

let world: World;
const opened: Mirror[] = [];
afterEach(async () => {
  for (const m of opened.splice(0)) m.close();
  await world?.close();
});

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

/** Another engine on the world's mirror file (another process, as far as the mirror can tell), with its own fetch. */
function engineWith(w: World, fetchFn: Fetch = (i, init) => fetch(i, init)) {
  const mirror = Mirror.open(path.join(w.dir, 'mirror.db'));
  opened.push(mirror);
  return createSyncEngine({
    mirror,
    secrets: new MemorySecretStore(),
    env: w.env,
    fetch: fetchFn,
    clock: fastClock,
    logger: silentLogger,
    plecto: () => w.plectoConfig,
    connection: (id) => w.connections.find((c) => c.id === id) ?? null,
  });
}

/** The `nth` POST to a path ending in `pathEnd` reaches Plecto and is carried out, but its answer is replaced by `lose()`. */
function losingFetch(pathEnd: string, nth: number, lose: () => Promise<Response>): Fetch & { lost: () => boolean } {
  let posts = 0;
  const wrapped = async (input: string, init?: RequestInit) => {
    const response = await fetch(input, init);
    if (init?.method === 'POST' && input.endsWith(pathEnd) && ++posts === nth) return lose();
    return response;
  };
  return Object.assign(wrapped, { lost: () => posts >= nth });
}

const badGateway = async () => new Response('<html>502 Bad Gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } });
const connectionReset = async (): Promise<Response> => {
  throw new TypeError('fetch failed', { cause: Object.assign(new Error('other side closed'), { code: 'ECONNRESET' }) });
};

describe('R12 no blind re-send of a create whose answer was lost', () => {
  for (const [what, lose] of [
    ['a 502 after Plecto made it', badGateway],
    ['a connection reset after it was sent', connectionReset],
  ] as const) {
    it(`R12 a team create answered with ${what} is looked up before any retry: no twin team`, async () => {
      world = await startWorld();
      seedSmallCompany(world.intercoms[0]);
      const fetchFn = losingFetch('/teams/', 1, lose);
      const run = await engineWith(world, fetchFn).sync('intercom', 'manual');
      expect(fetchFn.lost()).toBe(true);
      expect(run.status).toBe('applied');
      expect(world.plecto.teams.size).toBe(2);
      expect(writesTo(world.plecto, '/teams/')).toBe(2);
      expect(plectoState(world.plecto).members['Dan Orr']).toEqual({ active: true, teams: ['Sales', 'Support'] });
    });
  }

  it('R12 a team create refused with 429 (not carried out) is sent again and made once', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercoms[0]);
    world.plecto.failNext(1, 429, { method: 'POST', path: /teams/, retryAfter: 1 });
    const run = await world.engine.sync('intercom', 'manual');
    expect(run.status).toBe('applied');
    expect(world.plecto.teams.size).toBe(2);
  });
});

describe('R3 writes start from Plecto as it is at apply time', () => {
  it('R3 a member made by hand with the same email after the preview keeps her teams that this connection does not import', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercoms[0]);
    const preview = await world.engine.plan('intercom', 'manual');
    expect(preview.plan!.changes.some((c) => c.kind === 'create_employee' && c.employee!.name === 'Ann Lee')).toBe(true);

    // Meanwhile an admin creates Ann by hand, in a team Intercom does not import.
    const board = world.plecto.addTeam('Board');
    const ann = world.plecto.addMember({ name: 'Ann Lee', email: 'Ann@Acme.com', teams: [board.uuid], title: 'Chair' });
    const run = await engineWith(world).apply(preview.id);

    expect(run.status).toBe('applied');
    const anns = [...world.plecto.members.values()].filter((m) => m.email?.toLowerCase() === 'ann@acme.com');
    expect(anns.map((m) => m.uuid)).toEqual([ann.uuid]);
    expect(plectoState(world.plecto).members['Ann Lee']).toEqual({ active: true, teams: ['Board', 'Support'] });
    expect(run.plan!.notes.join(' ')).toMatch(/Ann Lee appeared in Plecto after the preview/);
  });

  it('R7 a member made by hand and marked managed manually after the preview is never written', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercoms[0]);
    const preview = await world.engine.plan('intercom', 'manual');
    const ann = world.plecto.addMember({ name: 'Ann Lee', email: 'ann@acme.com', managed_manually: true, title: 'Chair' });
    const run = await engineWith(world).apply(preview.id);

    expect(run.status).toBe('partial');
    expect(run.failed.find((f) => /managed manually/.test(f.error))).toBeTruthy();
    expect(world.plecto.log.filter((e) => e.method !== 'GET' && JSON.stringify(e.body).includes('ann@acme.com'))).toEqual([]);
    expect(world.plecto.members.get(ann.uuid)).toMatchObject({ title: 'Chair', teams: [], api_providers: [] });
  });

  it('R7 a member marked managed manually in Plecto after the preview gets none of the planned membership changes', async () => {
    world = await startWorld();
    const { support } = seedSmallCompany(world.intercoms[0]);
    await world.engine.sync('intercom', 'manual');
    world.intercoms[0].removeTeam(support.id);
    const preview = await world.engine.plan('intercom', 'manual');
    const bob = [...world.plecto.members.values()].find((m) => m.name === 'Bob Ray')!;
    expect(preview.plan!.changes.some((c) => c.employee?.plectoUuid === bob.uuid)).toBe(true);
    bob.managed_manually = true;
    const teamsBefore = [...bob.teams];

    await engineWith(world).apply(preview.id);
    expect(world.plecto.members.get(bob.uuid)!.teams).toEqual(teamsBefore);
    expect(world.plecto.log.some((e) => e.method === 'PATCH' && e.path.includes(bob.uuid))).toBe(false);
  });
});

describe('R12 stale previews are refused', () => {
  it('R12 a preview made by another process while an apply was under way is refused', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercoms[0]);
    // The "cron job": its apply is slowed so the desktop's preview is read in the middle of it.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let blocked = false;
    const slowFetch: Fetch = async (input, init) => {
      if (init?.method === 'POST' && input.includes('/members/') && !blocked) {
        blocked = true;
        await gate;
      }
      return fetch(input, init);
    };
    const cron = engineWith(world, slowFetch).sync('intercom', 'cli');
    while (!blocked) await new Promise((r) => setTimeout(r, 5));

    const desktop = engineWith(world);
    const preview = await desktop.plan('intercom', 'manual');
    release();
    expect((await cron).status).toBe('applied');
    const writes = world.plecto.writes();

    const refused = await desktop.apply(preview.id);
    expect(refused.status).toBe('failed');
    expect(refused.error).toMatch(/under way.*preview again/i);
    expect(world.plecto.writes()).toBe(writes);
    // A fresh preview sees that there is nothing left to do.
    expect((await desktop.plan('intercom', 'manual')).plan!.changes).toEqual([]);
  });
});

describe('R10 consistent reads', () => {
  /** More members than one page of the client's page size (1,000). */
  function seedManyMembers(w: World, n: number) {
    for (let i = 0; i < n; i++) w.plecto.addMember({ name: `Hand Made ${i}`, email: `hand${i}@acme.com` });
  }

  it('R10 a Plecto member list that shifts once while it is paged is read again, and the sync goes on', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercoms[0]);
    seedManyMembers(world, 1100);
    let shifted = false;
    world.plecto.beforeAnswer = ({ method, path: p, query }) => {
      if (!shifted && method === 'GET' && p.endsWith('/members/') && query.get('page') === '2') {
        shifted = true;
        world.plecto.addMember({ name: 'Late Joiner', email: 'late@acme.com' }); // everything moves by one
      }
    };
    const run = await world.engine.sync('intercom', 'manual');
    expect(shifted).toBe(true);
    expect(run.status).toBe('applied');
    expect(world.plecto.members.size).toBe(1101 + 4);
  });

  it('R10 a Plecto list that keeps shifting fails the read: nothing is written', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercoms[0]);
    seedManyMembers(world, 1100);
    let n = 0;
    world.plecto.beforeAnswer = ({ method, path: p, query }) => {
      if (method === 'GET' && p.endsWith('/members/') && query.get('page') === '2') {
        world.plecto.addMember({ name: `Late Joiner ${n++}`, email: `late${n}@acme.com` });
      }
    };
    const run = await world.engine.sync('intercom', 'manual');
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/changed while it was read, twice/);
    expect(world.plecto.writes()).toBe(0);
  });
});

describe('R12 early stop', () => {
  it(`R12 after ${MAX_FAILURES_IN_A_ROW} failed writes in a row the apply stops; the rest are not attempted and the next run does them`, async () => {
    world = await startWorld();
    const intercom = world.intercoms[0];
    for (let i = 1; i <= 15; i++) intercom.addAdmin({ id: String(100 + i), name: `Person ${i}`, email: `p${i}@acme.com` });
    world.plecto.failNext(1000, 400, { method: 'POST', path: /members/ });

    const run = await world.engine.sync('intercom', 'manual');
    expect(run.status).toBe('partial');
    expect(run.failed).toHaveLength(15);
    expect(run.failed.filter((f) => f.error.startsWith('not attempted'))).toHaveLength(15 - MAX_FAILURES_IN_A_ROW);
    expect(world.plecto.log.filter((e) => e.method === 'POST' && e.path.endsWith('/members/'))).toHaveLength(MAX_FAILURES_IN_A_ROW);

    world.plecto.clearFailures();
    expect((await world.engine.sync('intercom', 'manual')).status).toBe('applied');
    expect(world.plecto.members.size).toBe(15);
  });
});

describe('R10 an approved empty source', () => {
  it('R10 after an admin approves an empty read, the next run with the same empty source is not held again', async () => {
    world = await startWorld();
    const { ann, bob, cat, dan } = seedSmallCompany(world.intercoms[0]);
    await world.engine.sync('intercom', 'manual');
    for (const a of [ann, bob, cat, dan]) world.intercoms[0].removeAdmin(a.id);

    const held = await world.engine.sync('intercom', 'manual');
    expect(held.status).toBe('held');
    expect(held.holdReason).toMatch(/returned no people/);
    expect((await world.engine.apply(held.id, { force: true })).status).toBe('applied');
    expect(Object.values(plectoState(world.plecto).members).every((m) => !m.active)).toBe(true);

    const next = await world.engine.sync('intercom', 'manual');
    expect(next.status).toBe('applied');
    expect(next.plan!.changes).toEqual([]);
  });

  it('R10 an empty read that nobody approved stays held on the next run', async () => {
    world = await startWorld();
    const { ann, bob, cat, dan } = seedSmallCompany(world.intercoms[0]);
    await world.engine.sync('intercom', 'manual');
    for (const a of [ann, bob, cat, dan]) world.intercoms[0].removeAdmin(a.id);
    expect((await world.engine.sync('intercom', 'manual')).status).toBe('held');
    expect((await world.engine.sync('intercom', 'manual')).status).toBe('held');
    expect(world.plecto.writes()).toBe(2 + 4);
  });
});

describe('R13 leaving changes out', () => {
  it('R13 leaving out a link_employee leaves that member wholly untouched', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercoms[0]);
    const ann = world.plecto.addMember({ name: 'Ann Lee', email: 'ann@acme.com', title: 'Lead' });
    const preview = await world.engine.plan('intercom', 'manual');
    const link = preview.plan!.changes.find((c) => c.kind === 'link_employee')!;
    const annChanges = preview.plan!.changes.filter((c) => c.employee?.sourceId === link.employee!.sourceId);
    expect(annChanges.length).toBeGreaterThan(1);

    const run = await world.engine.apply(preview.id, { excludeChangeIds: [link.id] });
    expect(run.status).toBe('applied');
    expect(world.plecto.members.get(ann.uuid)).toMatchObject({ title: 'Lead', teams: [], api_providers: [] });
    expect(world.plecto.log.some((e) => e.method !== 'GET' && JSON.stringify(e.body).includes('ann@acme.com'))).toBe(false);
    expect(new Set(run.excludedChangeIds)).toEqual(new Set(annChanges.map((c) => c.id)));
    expect(run.plan!.notes.join('\n')).toMatch(/left out because 'Link employee Ann Lee' is left out \(R13\)/);
  });

  it('R13 leaving out a create_team leaves out the memberships in that team', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercoms[0]);
    const preview = await world.engine.plan('intercom', 'manual');
    const createSales = preview.plan!.changes.find((c) => c.kind === 'create_team' && c.team!.name === 'Sales')!;
    const run = await world.engine.apply(preview.id, { excludeChangeIds: [createSales.id] });
    expect(run.status).toBe('applied');
    expect(plectoState(world.plecto)).toEqual({
      teams: ['Support'],
      members: {
        'Ann Lee': { active: true, teams: ['Support'] },
        'Bob Ray': { active: true, teams: ['Support'] },
        'Cat Poe': { active: true, teams: [] },
        'Dan Orr': { active: true, teams: ['Support'] },
      },
    });
    const salesAdds = preview.plan!.changes.filter((c) => c.kind === 'add_membership' && c.team!.name === 'Sales');
    expect(run.excludedChangeIds).toEqual(expect.arrayContaining([createSales.id, ...salesAdds.map((c) => c.id)]));
    // The next run plans them again.
    const next = await world.engine.plan('intercom', 'manual');
    expect(next.plan!.changes.map((c) => c.kind).sort()).toEqual(['add_membership', 'add_membership', 'create_team']);
  });
});

describe('R7 manual members are not linked (model-based finding F1)', () => {
  it('R7 a member managed manually in Plecto with a source email is skipped, not linked, and the plan converges', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercoms[0]);
    const ann = world.plecto.addMember({ name: 'Ann Lee', email: 'ann@acme.com', managed_manually: true });
    const first = await world.engine.sync('intercom', 'manual');
    expect(first.plan!.changes.some((c) => c.employee?.name === 'Ann Lee')).toBe(false);
    expect(first.plan!.skipped.find((s) => s.employee?.name === 'Ann Lee')?.reason).toMatch(/managed manually \(R7\)/);
    expect(world.plecto.members.get(ann.uuid)).toMatchObject({ api_providers: [], teams: [] });
    expect((await world.engine.plan('intercom', 'manual')).plan!.changes).toEqual([]);
  });
});

describe('R3 a link that makes a twin (plecto-api.md, Caution)', () => {
  it('R3 when Plecto answers a link by email with a second member, linking stops for the run, nobody is deactivated, and both uuids are reported', async () => {
    const mixed = await startMixedWorld([{ type: 'intercom' }], { plecto: { twinOnEmailPost: true } });
    world = Object.assign(mixed, { intercoms: [mixed.intercom()] });
    const { bob } = seedSmallCompany(world.intercoms[0]);
    await world.engine.sync('intercom', 'manual');
    // Two hand-made members with the emails of two new source people, and a leaver in the same run.
    world.intercoms[0].addAdmin({ id: '105', name: 'Eve Fox', email: 'eve@acme.com' });
    world.intercoms[0].addAdmin({ id: '106', name: 'Fay Gil', email: 'fay@acme.com' });
    const eve = world.plecto.addMember({ name: 'Eve Fox', email: 'eve@acme.com' });
    const fay = world.plecto.addMember({ name: 'Fay Gil', email: 'fay@acme.com' });
    world.intercoms[0].removeAdmin(bob.id);

    const run = await world.engine.sync('intercom', 'manual');
    expect(run.status).toBe('partial');
    const twin = run.failed.find((f) => f.description === 'Link employee Eve Fox')!;
    expect(twin.error).toContain(eve.uuid);
    const eveTwin = [...world.plecto.members.values()].find((m) => m.email === 'eve@acme.com' && m.uuid !== eve.uuid)!;
    expect(twin.error).toContain(eveTwin.uuid);
    // The next link by email and the deactivation were not attempted.
    expect(run.failed.find((f) => f.description === 'Link employee Fay Gil')!.error).toMatch(/^not attempted/);
    expect(run.failed.find((f) => /Bob Ray/.test(f.description))!.error).toMatch(/^not attempted/);
    expect(world.plecto.members.get(fay.uuid)!.api_providers).toEqual([]);
    expect(plectoState(world.plecto).members['Bob Ray'].active).toBe(true);
  });
});

describe('R2 a source team recreated under a new id (model-based finding F2)', () => {
  it('R2 an Enreach group deleted and made again with the same name re-links to the same Plecto team, never a twin', async () => {
    const mixed = await startMixedWorld([{ type: 'enreach' }]);
    world = Object.assign(mixed, { intercoms: [] });
    const enreach = mixed.enreach();
    const sales = world.plecto.addTeam('Sales');
    const old = enreach.addGroup({ Name: 'Sales' });
    const user = enreach.addUser({ FirstName: 'Ann', LastName: 'Lee', Email: 'ann@acme.com', GroupIds: [old.Id] });
    expect((await mixed.sync('enreach')).status).toBe('applied');

    enreach.groups = enreach.groups.filter((g) => g.Id !== old.Id);
    const again = enreach.addGroup({ Name: 'Sales' });
    user.GroupIds = [again.Id];
    const run = await mixed.sync('enreach');
    expect(run.status).toBe('applied');
    expect([...world.plecto.teams.values()].map((t) => t.uuid)).toEqual([sales.uuid]);
    expect(world.mirror.teamLinks('enreach')).toEqual([{ sourceId: again.Id, plectoUuid: sales.uuid }]);
    expect(plectoState(world.plecto).members['Ann Lee']).toEqual({ active: true, teams: ['Sales'] });
    expect((await mixed.engine.plan('enreach', 'manual')).plan!.changes).toEqual([]);
  });
});

describe('R1 team parents end to end', () => {
  it('R1 a parent and child that swap places in Enreach apply in one run with no failure', async () => {
    const mixed = await startMixedWorld([{ type: 'enreach' }]);
    world = Object.assign(mixed, { intercoms: [] });
    const enreach = mixed.enreach();
    const a = enreach.addGroup({ Name: 'Alpha' });
    const b = enreach.addGroup({ Name: 'Beta', ParentId: a.Id });
    expect((await mixed.sync('enreach')).status).toBe('applied');
    const uuid = (name: string) => [...world.plecto.teams.values()].find((t) => t.name === name)!.uuid;
    expect(world.plecto.teams.get(uuid('Beta'))!.parent).toBe(uuid('Alpha'));

    a.ParentId = b.Id;
    b.ParentId = null;
    const run = await mixed.sync('enreach');
    expect(run.status).toBe('applied');
    expect(run.failed).toEqual([]);
    expect(world.plecto.teams.get(uuid('Alpha'))!.parent).toBe(uuid('Beta'));
    expect(world.plecto.teams.get(uuid('Beta'))!.parent).toBeNull();
  });

  it('R1 Intercom never changes the parent an admin gave a team in Plecto', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercoms[0]);
    await world.engine.sync('intercom', 'manual');
    const teams = [...world.plecto.teams.values()];
    const support = teams.find((t) => t.name === 'Support')!;
    const sales = teams.find((t) => t.name === 'Sales')!;
    support.parent = sales.uuid; // nesting made by hand in Plecto
    const run = await world.engine.sync('intercom', 'manual');
    expect(run.plan!.changes).toEqual([]);
    expect(world.plecto.teams.get(support.uuid)!.parent).toBe(sales.uuid);
  });

  it('R1 R8 a parent out of scope leaves the Plecto parent as it is, never the top level', async () => {
    const mixed = await startMixedWorld([{ type: 'enreach' }]);
    world = Object.assign(mixed, { intercoms: [] });
    const enreach = mixed.enreach();
    const parent = enreach.addGroup({ Name: 'Region' });
    const child = enreach.addGroup({ Name: 'Desk', ParentId: parent.Id });
    const handMade = world.plecto.addTeam('Head Office');
    const desk = world.plecto.addTeam('Desk', handMade.uuid);
    mixed.connections[0].settings = { ...mixed.connections[0].settings, onlySelectedTeams: true, selectedTeams: [child.Id] };
    const run = await mixed.sync('enreach');
    expect(run.status).toBe('applied');
    expect(run.plan!.changes.filter((c) => c.kind === 'update_team')).toEqual([]);
    expect(world.plecto.teams.get(desk.uuid)!.parent).toBe(handMade.uuid);
  });
});
