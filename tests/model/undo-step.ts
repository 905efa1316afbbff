// The model-based test's "undo the last run" event (R14): a sync, then at once
// the undo of that run, planned from Plecto read fresh and applied. Invariant:
// undoing a run with no later changes restores Plecto's state for everything
// that run touched — no conflicts, every member and team as it was before it
// (a member it created ends deactivated, a team it created stays, emptied).
import fc from 'fast-check';
import { silentLogger } from '../../main/common/logger';
import type { RunRecord } from '../../main/domain/run';
import { appliedChanges } from '../../main/engine/undo/run-effects';
import { createUndoPlanner } from '../../main/engine/undo/undo-run';
import { MemorySecretStore } from '../../main/secrets/secret-store';
import { fastClock } from '../integration/world';
import type { PlectoMemberWire } from '../fakes/plecto-server';
import { InvariantViolation, type Snapshot } from './invariants';
import type { Real } from './commands';
import { LABEL, type ConnectionId, type ModelWorld } from './world';

type Model = Record<string, never>;

/** A plain undo planner over the world's Plecto (the undo is not a fault test). */
function undoPlanner(world: ModelWorld) {
  return createUndoPlanner({
    mirror: world.mirror,
    secrets: new MemorySecretStore(),
    env: { PLECTO_PASSWORD: world.plecto.password },
    fetch: (input, init) => fetch(input, init),
    clock: fastClock,
    logger: silentLogger,
    plecto: () => ({ baseUrl: world.plecto.baseUrl, email: world.plecto.email, password: { env: 'PLECTO_PASSWORD' }, requestsPerHour: 100_000_000 }),
    connection: (id) => world.connections.find((c) => c.id === id) ?? null,
  });
}

const applied = (run: RunRecord) => run.status === 'applied' || run.status === 'partial';

export class UndoLastRun implements fc.AsyncCommand<Model, Real> {
  private did = '';
  constructor(readonly connection: ConnectionId) {}
  check(): boolean {
    return true;
  }
  toString(): string {
    return `syncThenUndo(${this.connection})${this.did ? ` {${this.did}}` : ''}`;
  }

  async run(_m: Model, { world, checker }: Real): Promise<void> {
    this.did = '';
    const c = world.use(this.connection);
    if (c !== this.connection) this.did = `on ${c}; `;
    world.clearFaults();
    // An interrupted apply is finished first, so the run below is the only thing between snapshot and undo.
    if (world.mirror.unfinishedRuns(c).length > 0) await checker.step(c, () => world.engine.sync(c, 'manual', { force: true }));
    const before = checker.snapshot();
    const run = await checker.step(c, () => world.engine.sync(c, 'manual', { force: true }));
    if (!applied(run)) {
      this.did += `sync ${run.status}; nothing to undo`;
      return;
    }
    const planned = await undoPlanner(world).planUndo(run.id, 'manual');
    if (planned.status === 'failed') throw new InvariantViolation('R14', `the undo of run #${run.id} could not be planned: ${planned.error}`);
    const conflicts = (planned.plan?.conflicts ?? []).filter((x) => !/is not a team of this connection/.test(x.now));
    if (conflicts.length > 0) {
      throw new InvariantViolation('R14', `nothing changed after run #${run.id}, yet its undo lists conflicts: ${conflicts.map((x) => `${x.change.kind} — ${x.now}`).join('; ')}`);
    }
    // The undo deliberately deactivates people the source still has (the admin asked): R6 is not checked on it.
    const undone = await world.engine.apply(planned.id, { force: true });
    if (undone.status !== 'applied') throw new InvariantViolation('R14', `the undo of run #${run.id} ended ${undone.status}: ${undone.error ?? JSON.stringify(undone.failed)}`);
    checker.noTwins();
    restoredAsBefore(world, before, run);
    this.did += `run #${run.id} (${planned.plan!.changes.length} change(s) undone)`;
  }
}

/** Everything the run's done writes touched is as it was before the run (R14). */
function restoredAsBefore(world: ModelWorld, before: Snapshot, run: RunRecord): void {
  const { plecto, mirror } = world;
  const manual = new Set(mirror.manuallyManaged());
  const label = LABEL[run.connectionId as ConnectionId] ?? run.connectionId;
  const journal = mirror.journal(run.id).map((e) => ({ opKey: e.opKey, changeIds: e.changeIds, state: e.state, result: e.result }));
  const fail = (what: string) => {
    throw new InvariantViolation('R14', `after undoing ${label} run #${run.id}, ${what}`);
  };
  const putThere = new Set<string>();
  for (const a of appliedChanges({ id: run.id, connectionId: run.connectionId, plan: run.plan!, journal }, mirror.allTeamLinks())) {
    const { change } = a;
    const was: PlectoMemberWire | undefined = a.employeeUuid ? before.members.get(a.employeeUuid) : undefined;
    const now = a.employeeUuid ? plecto.members.get(a.employeeUuid) : undefined;
    const who = change.employee ? `${change.employee.name} (${change.kind})` : '';
    if (change.employee) {
      if (!now) fail(`${who} is not in Plecto`);
      if (now!.managed_manually || manual.has(now!.uuid)) continue; // R7: skipped by the undo too
    }
    switch (change.kind) {
      case 'create_employee':
        if (!was && now!.is_active) fail(`${who}, created by the run, is still active`);
        break;
      case 'deactivate_employee':
      case 'reactivate_employee':
        if (was && now!.is_active !== was.is_active) fail(`${who} is ${now!.is_active ? 'active' : 'inactive'}, was ${was.is_active ? 'active' : 'inactive'}`);
        break;
      case 'update_employee':
        if (was && change.name !== undefined && now!.name !== was.name) fail(`${who} is named "${now!.name}", was "${was.name}"`);
        if (was && change.title !== undefined && (now!.title ?? '') !== (was.title ?? '')) fail(`${who} has title "${now!.title}", was "${was.title}"`);
        break;
      case 'add_membership':
      case 'remove_membership': {
        if (change.kind === 'add_membership') putThere.add(`${a.employeeUuid}:${a.teamUuid}`);
        const wasIn = was ? was.teams.includes(a.teamUuid!) : false;
        const nowIn = now!.teams.includes(a.teamUuid!);
        if (nowIn !== wasIn) fail(`${who} is ${nowIn ? '' : 'not '}in team ${change.team!.name}; before the run ${wasIn ? 'they were' : 'they were not'}`);
        break;
      }
      case 'update_team': {
        const t0 = before.teams.get(a.teamUuid!);
        const t1 = plecto.teams.get(a.teamUuid!);
        if (!t0 || !t1) fail(`team ${change.team!.name} is gone`);
        if (change.name !== undefined && t1!.name !== t0!.name) fail(`team "${t1!.name}" was not renamed back to "${t0!.name}"`);
        const parentKept = t0!.parent !== null && !mirror.teamLinks(run.connectionId).some((l) => l.plectoUuid === t0!.parent);
        if (change.parent !== undefined && !parentKept && t1!.parent !== t0!.parent) fail(`team "${t1!.name}" was not moved back under ${t0!.parent ?? 'the top level'}`);
        break;
      }
      default:
        break;
    }
  }
  // A team the run created stays (R2), emptied of the members the run put in it.
  for (const a of appliedChanges({ id: run.id, connectionId: run.connectionId, plan: run.plan!, journal }, mirror.allTeamLinks())) {
    if (a.change.kind !== 'create_team' || !a.teamUuid) continue;
    if (!plecto.teams.has(a.teamUuid)) fail(`team ${a.change.team!.name}, created by the run, was deleted`);
    for (const m of plecto.members.values()) {
      if (m.teams.includes(a.teamUuid) && putThere.has(`${m.uuid}:${a.teamUuid}`) && !m.managed_manually && !manual.has(m.uuid)) {
        fail(`${m.name} is still in team ${a.change.team!.name}, which the run created`);
      }
    }
  }
}
