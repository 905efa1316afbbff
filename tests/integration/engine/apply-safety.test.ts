// The engine under an admin's real week (issue 8): Plecto edited between
// preview and apply, answers lost on the wire, lists that shift while they are
// read, stale previews, Plecto failing write after write, an approved empty
// source. Engine + real SQLite mirror + fake Plecto and Intercom over HTTP.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../main/common/logger';
import { runCli } from '../../../main/cli/run-cli';
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
function engineWith(w: World, fetchFn: Fetch = (i, init) => fetch(i, init), clock = fastClock, firstUseCheck = false) {
  const mirror = Mirror.open(path.join(w.dir, 'mirror.db'));
  opened.push(mirror);
  return createSyncEngine({
    mirror,
    secrets: new MemorySecretStore(),
    env: w.env,
    fetch: fetchFn,
    clock,
    logger: silentLogger,
    plecto: () => w.plectoConfig,
    connection: (id) => w.connections.find((c) => c.id === id) ?? null,
    firstUseCheck,
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

  it('R3 a long apply re-reads Plecto before member writes: a member made by hand during the apply keeps her other teams', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercoms[0]);
    const board = world.plecto.addTeam('Board');
    // Every member write takes 11 minutes of this clock: the apply outlives the re-read interval.
    let offset = 0;
    const slowClock = { now: () => Date.now() + offset, sleep: fastClock.sleep };
    let memberPosts = 0;
    const fetchFn: Fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (init?.method === 'POST' && input.endsWith('/members/')) {
        offset += 11 * 60_000;
        // While Ann is being written, an admin creates Cat by hand in a team Intercom does not import.
        if (++memberPosts === 1) world.plecto.addMember({ name: 'Cat Poe', email: 'cat@acme.com', teams: [board.uuid] });
      }
      return response;
    };
    const run = await engineWith(world, fetchFn, slowClock).sync('intercom', 'manual');
    expect(run.status).toBe('applied');
    const cats = [...world.plecto.members.values()].filter((m) => m.email === 'cat@acme.com');
    expect(cats).toHaveLength(1);
    expect(plectoState(world.plecto).members['Cat Poe']).toEqual({ active: true, teams: ['Board', 'Sales'] });
  });

  it('R3 R4 an admin edit between the apply\'s read and a member write is kept: the member is re-read just before it is written', async () => {
    world = await startWorld();
    const { ann } = seedSmallCompany(world.intercoms[0]);
    await world.engine.sync('intercom', 'manual');
    const board = world.plecto.addTeam('Board');
    const billing = world.intercoms[0].addTeam({ id: '3', name: 'Billing' });
    world.intercoms[0].join(ann.id, billing.id);
    const annUuid = [...world.plecto.members.values()].find((m) => m.name === 'Ann Lee')!.uuid;
    // Right after the team create (the apply has read Plecto), an admin puts Ann in Board.
    const fetchFn: Fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (init?.method === 'POST' && input.endsWith('/teams/')) world.plecto.members.get(annUuid)!.teams.push(board.uuid);
      return response;
    };
    const run = await engineWith(world, fetchFn).sync('intercom', 'manual');
    expect(run.status).toBe('applied');
    expect(plectoState(world.plecto).members['Ann Lee']).toEqual({ active: true, teams: ['Billing', 'Board', 'Support'] });
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
  it('R6 R12 a preview approved after a leaver came back does not deactivate her; other changes go on', async () => {
    world = await startWorld();
    const { bob, cat, support } = seedSmallCompany(world.intercoms[0]);
    await world.engine.sync('intercom', 'manual');
    world.intercoms[0].removeAdmin(bob.id);
    world.intercoms[0].removeAdmin(cat.id);
    const preview = await world.engine.plan('intercom', 'manual');
    expect(preview.summary).toMatchObject({ deactivate_employee: 2, remove_membership: 2 });
    // Bob is back before the admin approves the preview.
    world.intercoms[0].addAdmin({ id: bob.id, name: 'Bob Ray', email: 'bob@acme.com' });
    world.intercoms[0].join(bob.id, support.id);

    const run = await engineWith(world).apply(preview.id);
    expect(run.status).toBe('partial');
    // His deactivation, and the removal from Support that goes with it.
    expect(run.failed.map((f) => f.error).sort()).toEqual([
      "not applied: Bob Ray is active in Intercom again since this preview was made (R6); preview again",
      "not applied: it goes with 'Deactivate Bob Ray', which is no longer due (R13)",
    ]);
    expect(run.excludedChangeIds).toEqual([]);
    const state = plectoState(world.plecto);
    expect(state.members['Bob Ray']).toEqual({ active: true, teams: ['Support'] });
    expect(state.members['Cat Poe']).toEqual({ active: false, teams: [] });
  });

  it('R8 R12 a preview made before the scope changed is refused, and writes nothing', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercoms[0]);
    const preview = await world.engine.plan('intercom', 'manual');
    world.connections[0].settings = { ...world.connections[0].settings, onlySelectedTeams: true, selectedTeams: ['1'] };
    const refused = await world.engine.apply(preview.id);
    expect(refused.status).toBe('failed');
    expect(refused.error).toMatch(/settings of "intercom" \(scope or sync switches\) changed after this preview.*preview again/);
    expect(world.plecto.writes()).toBe(0);
  });

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

describe('issue 10: nothing is written through an API that differs from its contract', () => {
  it('a Plecto whose members lack api_providers is refused on first use: the run fails naming the item, nothing is written', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercoms[0]);
    world.plecto.addMember({ name: 'Hand Made', email: 'hand@acme.com' });
    world.plecto.switches.renameMemberFields = { api_providers: 'data_suppliers' };
    const run = await engineWith(world, undefined, undefined, true).sync('intercom', 'manual');
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/Plecto differs from what the app expects in .*api_providers/);
    expect(world.plecto.writes()).toBe(0);

    const out: string[] = [];
    const io = { stdout: (t: string) => out.push(t), stderr: () => undefined, env: world.env, firstUseCheck: true };
    world.writeProfile();
    const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'dirsync-gate-'));
    expect(await runCli(['apply', '--json', '--profile', world.profileFile, '--data-dir', fresh], io)).toBe(5);
    expect(JSON.parse(out.join(''))[0].error).toMatch(/api_providers/);
    expect(world.plecto.writes()).toBe(0);
  });

  it('with a passing check on first use the sync goes on as usual', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercoms[0]);
    const run = await engineWith(world, undefined, undefined, true).sync('intercom', 'manual');
    expect(run.status).toBe('applied');
    expect(world.plecto.members.size).toBe(4);
  });
});
