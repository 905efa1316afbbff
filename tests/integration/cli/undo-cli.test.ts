// `plan --undo RUN` / `apply --undo RUN` (contracts/cli.md, sync-rules R14):
// JSON with undoOf and conflicts, the same exit codes as any plan, and one
// run through the real `npm run --silent cli`.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { plectoState, seedSmallCompany, startWorld, writesTo, type World } from '../harness';
import { addIntercomConversations } from '../../fakes/registration-routes';
import { startRegWorld, storedExternalIds, type RegWorld } from '../registrations-harness';
import { memberNamed } from '../world';

let world: World;
afterEach(async () => world?.close());

const ROOT = path.resolve(__dirname, '../../..');

/** The applied run's id, from `history --json`. */
async function lastAppliedRun(w: World): Promise<number> {
  const runs = JSON.parse((await w.cli('history', '--json')).stdout) as { id: number; status: string }[];
  return runs.find((r) => r.status === 'applied')!.id;
}

describe('command line: R14 undo', () => {
  it('R14 plan --undo previews with undoOf and conflicts and writes nothing; apply --undo applies it', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercoms[0]);
    await world.cli('apply');
    world.intercoms[0].removeAdmin('101');
    world.intercoms[0].removeAdmin('104');
    expect((await world.cli('apply')).code).toBe(0);
    const leave = await lastAppliedRun(world);
    // An admin reactivated Dan in Plecto since: a conflict, left alone.
    memberNamed(world.plecto, 'Dan Orr').is_active = true;
    const writes = world.plecto.writes();

    const plan = await world.cli('plan', '--undo', String(leave), '--json');
    expect(plan.code).toBe(0);
    const [result] = JSON.parse(plan.stdout);
    expect(result).toMatchObject({ connection: 'intercom', status: 'planned', undoOf: leave, holdReason: null });
    expect(result.summary).toMatchObject({ reactivate_employee: 1, add_membership: 3 });
    expect(result.changes.map((c: { kind: string; rule: string; employee: { name: string } }) => `${c.kind} ${c.rule} ${c.employee.name}`)).toEqual([
      'add_membership R14 Ann Lee',
      'add_membership R14 Dan Orr',
      'add_membership R14 Dan Orr',
      'reactivate_employee R14 Ann Lee',
    ]);
    expect(result.changes[3].reason).toBe(`undoes run #${leave}: Ann Lee was deactivated (R14)`);
    expect(result.conflicts).toEqual([
      {
        change: expect.objectContaining({ kind: 'deactivate_employee', rule: 'R5', employee: expect.objectContaining({ name: 'Dan Orr' }) }),
        now: `Dan Orr is active now (changed in Plecto since run #${leave})`,
      },
    ]);
    expect(result.notes.join(' ')).toContain('next ordinary sync will redo these changes');
    expect(plan.stderr).toContain(`Undo of run #${leave} (R14)`);
    expect(plan.stderr).toContain('conflict, not undone: deactivate_employee Dan Orr');
    expect(world.plecto.writes()).toBe(writes);

    const apply = await world.cli('apply', '--undo', String(leave), '--json');
    expect(apply.code).toBe(0);
    const [applied] = JSON.parse(apply.stdout);
    expect(applied).toMatchObject({ status: 'applied', undoOf: leave, failed: [] });
    expect(plectoState(world.plecto).members['Ann Lee']).toEqual({ active: true, teams: ['Support'] });
    // Dan's memberships were removed by the run and nobody changed them since: restored.
    expect(plectoState(world.plecto).members['Dan Orr']).toEqual({ active: true, teams: ['Sales', 'Support'] });
    // History names the run each undo undid.
    const history = JSON.parse((await world.cli('history', '--json')).stdout) as { id: number; undoOf?: number }[];
    expect(history.filter((r) => r.undoOf !== undefined).map((r) => r.undoOf)).toEqual([leave, leave]);
    expect(history.find((r) => r.id === leave)!.undoOf).toBeUndefined();
    expect((await world.cli('history')).stdout).toContain(`undo of #${leave}`);
  });

  it('R14 R10 apply --undo is held like any plan (exit 3) and --force applies it; bad run numbers are usage errors (exit 2)', async () => {
    world = await startWorld({ maxDeactivations: 2 });
    seedSmallCompany(world.intercoms[0]);
    await world.cli('apply');
    const first = await lastAppliedRun(world);
    const held = await world.cli('apply', '--undo', String(first), '--json');
    expect(held.code).toBe(3);
    expect(JSON.parse(held.stdout)[0]).toMatchObject({ status: 'held', undoOf: first });
    expect(Object.values(plectoState(world.plecto).members).every((m) => m.active)).toBe(true);
    const forced = await world.cli('apply', '--undo', String(first), '--force');
    expect(forced.code).toBe(0);
    expect(Object.values(plectoState(world.plecto).members).every((m) => !m.active)).toBe(true);

    const none = await world.cli('plan', '--undo', '999');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('There is no run #999');
    expect((await world.cli('plan', '--undo', 'last')).code).toBe(2);
    expect((await world.cli('history', '--undo', String(first))).code).toBe(2);
    const wrong = await world.cli('plan', '--undo', String(first), '--connection', 'intercom2');
    expect(wrong.code).toBe(2);
  });

  it('R14 runs as documented: npm run --silent cli -- plan --undo RUN --profile FILE --json', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercoms[0]);
    await world.cli('apply');
    const first = await lastAppliedRun(world);
    world.writeProfile();
    const child = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      // Asynchronous, so this process's fake servers keep answering.
      const proc = spawn('npm', ['run', '--silent', 'cli', '--', 'plan', '--undo', String(first), '--profile', world.profileFile, '--json'], {
        cwd: ROOT,
        env: { ...process.env, ...world.env, PLECTO_DIRSYNC_DATA_DIR: world.dir },
      });
      let stdout = '';
      let stderr = '';
      proc.stdout.on('data', (d) => (stdout += d));
      proc.stderr.on('data', (d) => (stderr += d));
      proc.on('close', (status) => resolve({ status, stdout, stderr }));
    });
    expect(child.status, child.stderr).toBe(0);
    const [result] = JSON.parse(child.stdout);
    expect(result).toMatchObject({ status: 'planned', undoOf: first, conflicts: [] });
    expect(result.summary).toMatchObject({ deactivate_employee: 4, remove_membership: 5 });
  });

  it('R14 R12 an undo killed mid-apply is finished by the next apply --undo: exact end state, nothing sent twice', async () => {
    world = await startWorld();
    const intercom = world.intercoms[0];
    intercom.addTeam({ id: '1', name: 'Support' });
    for (let a = 1; a <= 40; a++) {
      intercom.addAdmin({ id: String(100 + a), name: `Person ${a}`, email: `p${a}@acme.com`, job_title: null });
      intercom.join(String(100 + a), '1');
    }
    // Undoing the first sync deactivates all 40: no safeguard holds it here (R10 has its own test).
    world.connections[0].safeguards = { maxDeactivations: 100, maxDeactivationPercent: 100 };
    const setup = await world.cli('apply');
    expect(setup.code, setup.stderr).toBe(0);
    const first = await lastAppliedRun(world);
    world.writeProfile();
    const patches = () => world.plecto.log.filter((e) => e.method === 'PATCH' && e.status < 300).length;
    world.plecto.delay(15);
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'main/cli.ts', 'apply', '--undo', String(first), '--profile', world.profileFile, '--data-dir', world.dir],
      { cwd: ROOT, env: { ...process.env, ...world.env }, stdio: 'ignore' },
    );
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const deadline = Date.now() + 30_000;
    while (patches() < 10 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGKILL');
    await exited;
    world.plecto.delay(0);
    const sentBefore = patches();
    expect(sentBefore).toBeGreaterThanOrEqual(10);
    expect(sentBefore).toBeLessThan(40);
    const [interrupted] = world.mirror.listRuns({ connectionId: 'intercom', limit: 1 });
    expect(interrupted.status).toBe('applying');

    const resumed = await world.cli('apply', '--undo', String(first), '--json');
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain(`Finished interrupted run #${interrupted.id} first: applied.`);
    expect(world.mirror.getRun(interrupted.id)!.status).toBe('applied');
    expect(Object.values(plectoState(world.plecto).members).every((m) => !m.active && m.teams.length === 0)).toBe(true);
    // One member write each; at most the one in flight at the kill is sent again.
    expect(patches()).toBeLessThanOrEqual(41);
    expect(writesTo(world.plecto, '/members/', 'POST')).toBe(40);
    // Everything is undone already: the fresh undo plan lists it all as changed since (by the resumed undo).
    const [again] = JSON.parse(resumed.stdout);
    expect(again.changes).toEqual([]);
    expect(again.conflicts).toHaveLength(80);
  }, 60_000);
});

describe('command line: R14 undo and registrations', () => {
  let reg: RegWorld<'intercom'> | undefined;
  afterEach(async () => reg?.close());

  it('R14 R9 registrations a run imported are not undone, and applying an undo imports none', async () => {
    reg = await startRegWorld('intercom');
    const ic = reg.source;
    ic.addTeam({ id: '1', name: 'Support' });
    ic.addAdmin({ id: '101', name: 'Ann Lee', email: 'ann@acme.com' });
    ic.join('101', '1');
    const conversations = addIntercomConversations(ic);
    const t0 = Date.parse('2026-01-10T08:00:00Z') / 1000;
    for (let i = 0; i < 3; i++) conversations.add({ admin_assignee_id: 101, updated_at: t0 + i, team_assignee_id: 1 });
    const { code, result } = await reg.apply();
    expect(code).toBe(0);
    expect(result.registrations.imported).toBe(3);
    const imported = storedExternalIds(reg.plecto);
    // New records wait in the source; the undo must not import them.
    conversations.add({ admin_assignee_id: 101, updated_at: t0 + 10, team_assignee_id: 1 });
    const logAt = reg.plecto.log.length;

    const undo = await reg.cli('apply', '--undo', String(result.run), '--json');
    expect(undo.code, undo.stderr).toBe(0);
    const [undone] = JSON.parse(undo.stdout);
    expect(undone).toMatchObject({ status: 'applied', undoOf: result.run, registrations: { imported: 0, skippedOutOfScope: 0, failed: 0 } });
    expect(undone.notes.join(' ')).toContain('Registrations are not undone');
    expect(reg.registrationPosts(logAt)).toEqual([]);
    expect(storedExternalIds(reg.plecto)).toEqual(imported);
    expect([...reg.plecto.members.values()].map((m) => m.is_active)).toEqual([false]);
  });
});
