// R12: an apply interrupted mid-way (process killed, answer lost) resumes on
// the next run from its journal and ends in exactly the intended state, with
// nothing done twice.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../main/common/logger';
import { createSyncEngine } from '../../../main/engine/sync-engine';
import { MemorySecretStore } from '../../../main/secrets/secret-store';
import { Mirror } from '../../../main/store/mirror';
import type { FakeIntercom } from '../../fakes/intercom-server';
import { fastClock, plectoState, startWorld, writesTo, type World } from '../harness';

let world: World;
afterEach(async () => world?.close());

const ROOT = path.resolve(__dirname, '../../..');

/** 12 teams, 60 admins, each in one or two teams. */
function seedCompany(intercom: FakeIntercom) {
  for (let t = 1; t <= 12; t++) intercom.addTeam({ id: String(t), name: `Team ${t}` });
  for (let a = 1; a <= 60; a++) {
    intercom.addAdmin({ id: String(1000 + a), name: `Person ${a}`, email: `p${a}@acme.com`, job_title: null });
    intercom.join(String(1000 + a), String((a % 12) + 1));
    if (a % 3 === 0) intercom.join(String(1000 + a), String(((a + 5) % 12) + 1));
  }
}

function expectedState(intercom: FakeIntercom) {
  const teamName = new Map(intercom.teams.map((t) => [Number(t.id), t.name]));
  return {
    teams: intercom.teams.map((t) => t.name).sort(),
    members: Object.fromEntries(
      intercom.admins
        .map((a) => [a.name, { active: true, teams: a.team_ids.map((id) => teamName.get(id)!).sort() }] as const)
        .sort(([x], [y]) => x.localeCompare(y)),
    ),
  };
}

function engineDeps(w: World) {
  return {
    secrets: new MemorySecretStore(),
    env: w.env,
    clock: fastClock,
    logger: silentLogger,
    plecto: () => w.plectoConfig,
    connection: (id: string) => w.connections.find((c) => c.id === id) ?? null,
  };
}

/**
 * Starts a sync whose `nth` POST to `pathEnd` reaches Plecto but whose answer never comes back
 * (a crash or network loss right after sending), and resolves once that POST went out.
 */
async function loseAnswerOf(w: World, pathEnd: string, nth: number): Promise<void> {
  let posts = 0;
  const losingFetch = async (input: string, init?: RequestInit) => {
    const response = await fetch(input, init);
    if (init?.method === 'POST' && input.endsWith(pathEnd) && ++posts === nth) return new Promise<Response>(() => {});
    return response;
  };
  // Its own connection to the mirror, closed at the "crash": a closed mirror's apply lock gives way (engine/apply-lease.ts).
  const mirror = Mirror.open(path.join(w.dir, 'mirror.db'));
  void createSyncEngine({ ...engineDeps(w), mirror, fetch: losingFetch }).sync('intercom', 'manual').catch(() => undefined);
  while (posts < nth) await new Promise((r) => setTimeout(r, 5));
  mirror.close();
}

/** "Restart": a new engine on the same mirror file. */
function restart(w: World) {
  const mirror = Mirror.open(path.join(w.dir, 'mirror.db'));
  return { mirror, engine: createSyncEngine({ ...engineDeps(w), mirror, fetch: (i, init) => fetch(i, init) }) };
}

describe('R12 interrupted apply', () => {
  it('R12 a process killed mid-apply resumes on the next run: exact end state, no duplicate team or member', async () => {
    world = await startWorld();
    seedCompany(world.intercoms[0]);
    world.writeProfile();
    world.plecto.delay(15);
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'main/cli.ts', 'apply', '--profile', world.profileFile, '--data-dir', world.dir],
      { cwd: ROOT, env: { ...process.env, ...world.env }, stdio: 'ignore' },
    );
    const exited = new Promise((resolve) => child.on('exit', resolve));
    // Kill it once it is part-way through the member writes.
    const deadline = Date.now() + 30_000;
    while (writesTo(world.plecto, '/members/') < 20 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGKILL');
    await exited;
    world.plecto.delay(0);
    const writesBefore = writesTo(world.plecto, '/members/');
    expect(writesBefore).toBeGreaterThanOrEqual(20);
    expect(writesBefore).toBeLessThan(60);
    expect(world.plecto.members.size).toBeLessThan(60);
    const interrupted = world.mirror.listRuns({ connectionId: 'intercom' });
    expect(interrupted[0].status).toBe('applying');

    const resumed = await world.cli('apply', '--json');
    expect(resumed.code).toBe(0);
    expect(world.mirror.getRun(interrupted[0].id)!.status).toBe('applied');
    expect(plectoState(world.plecto)).toEqual(expectedState(world.intercoms[0]));
    expect(writesTo(world.plecto, '/teams/')).toBe(12); // every team created exactly once
    // Members created exactly once each; at most the one in flight at the kill is sent again (an idempotent upsert).
    expect(writesTo(world.plecto, '/members/')).toBeLessThanOrEqual(61);
    const providerIds = [...world.plecto.members.values()].map((m) => m.api_providers[0].provider_id);
    expect(new Set(providerIds).size).toBe(60);
    // And the run after that has nothing to do.
    const before = world.plecto.writes();
    expect((await world.cli('apply')).code).toBe(0);
    expect(world.plecto.writes()).toBe(before);
  }, 60_000);

  it('R12 a team create whose answer was lost is adopted on resume, not created twice', async () => {
    world = await startWorld();
    seedCompany(world.intercoms[0]);
    await loseAnswerOf(world, '/teams/', 3);
    expect(world.plecto.teams.size).toBe(3);

    const { engine, mirror } = restart(world);
    try {
      const run = await engine.sync('intercom', 'manual');
      expect(run.status).toBe('applied');
      expect(plectoState(world.plecto)).toEqual(expectedState(world.intercoms[0]));
      expect(world.plecto.teams.size).toBe(12);
      expect(writesTo(world.plecto, '/teams/')).toBe(12);
      const journal = mirror.journal(mirror.listRuns({ connectionId: 'intercom' }).at(-1)!.id);
      expect(journal.find((e) => e.opKey === 'team:create:11')?.result).toMatchObject({ adopted: true });
    } finally {
      mirror.close();
    }
  });

  it('R12 applying a preview made while an earlier apply was interrupted finishes that one first and asks for a fresh preview', async () => {
    world = await startWorld();
    seedCompany(world.intercoms[0]);
    await loseAnswerOf(world, '/members/', 10);

    const { engine, mirror } = restart(world);
    try {
      const preview = await engine.plan('intercom', 'manual'); // the desktop's preview: it writes nothing
      const result = await engine.apply(preview.id);
      expect(result.status).toBe('failed');
      expect(result.error).toMatch(/interrupted and was finished first.*Preview again/);
      expect(plectoState(world.plecto)).toEqual(expectedState(world.intercoms[0]));
      expect(writesTo(world.plecto, '/teams/')).toBe(12);
      const fresh = await engine.plan('intercom', 'manual');
      expect(fresh.plan!.changes).toEqual([]);
    } finally {
      mirror.close();
    }
  });
});

describe('R8 R12 an interrupted run planned under another scope', () => {
  it('R8 R12 is not finished after the scope changed: what it had not written is reported, and the next plan follows the new scope', async () => {
    world = await startWorld();
    const intercom = world.intercoms[0];
    intercom.addTeam({ id: '1', name: 'Support' });
    intercom.addTeam({ id: '2', name: 'Sales' });
    for (const [id, name, teams] of [['101', 'Ann Lee', ['1']], ['102', 'Bob Ray', ['1']], ['103', 'Cat Poe', ['2']], ['104', 'Dan Orr', ['1', '2']]] as const) {
      intercom.addAdmin({ id, name, email: `${id}@acme.com` });
      for (const t of teams) intercom.join(id, t);
    }
    await loseAnswerOf(world, '/members/', 1); // killed while Ann is written
    // The admin narrows the scope to Support before the next run.
    world.connections[0].settings = { ...world.connections[0].settings, onlySelectedTeams: true, selectedTeams: ['1'] };

    const { engine, mirror } = restart(world);
    try {
      const run = await engine.sync('intercom', 'manual');
      const interrupted = mirror.listRuns({ connectionId: 'intercom' }).find((r) => r.id < run.id && r.status === 'partial')!;
      expect(interrupted.failed.map((f) => f.error)).toEqual(
        expect.arrayContaining([expect.stringMatching(/^not attempted: the connection's settings .* changed after this run was planned/)]),
      );
      expect(run.status).toBe('applied');
      const state = plectoState(world.plecto);
      expect(state.members['Cat Poe']).toBeUndefined(); // only in Sales: out of the new scope (R8)
      expect(state.members['Dan Orr']).toEqual({ active: true, teams: ['Support'] });
      expect(state.members['Bob Ray']).toEqual({ active: true, teams: ['Support'] });
    } finally {
      mirror.close();
    }
  });
});
