// The events of the model-based test, as fast-check commands. Each carries
// only indexes and choices (so shrinking keeps it meaningful), runs against
// the real engine through the Checker, and prints as one readable line
// including what it actually did.
import fc from 'fast-check';
import type { RunRecord } from '../../main/domain/run';
import { ADMIN_EDITS, editPlecto, type AdminEdit } from './admin-edits';
import { Burst, PageShift, PreviewDuringApply, WriteFaultStep } from './fault-steps';
import { InvariantViolation } from './invariants';
import { OPEN_DEFECTS } from './open-defects';
import { SOURCE_EDITS, editSource, sourceTeams, type SourceEdit } from './source-edits';
import { UndoLastRun } from './undo-step';
import { outcome, Step, type Model, type Real } from './step';
import { CONNECTIONS, type ConnectionId, type WriteFaultKind } from './world';

export { Burst, PageShift, PreviewDuringApply, WriteFaultStep } from './fault-steps';
export { Step, type Real } from './step';

export class Sync extends Step {
  constructor(readonly connection: ConnectionId) {
    super();
  }
  label() {
    return `sync(${this.connection})`;
  }
  async exec(_m: Model, { world, checker }: Real) {
    const c = this.on(world, this.connection);
    const resumes = world.mirror.unfinishedRuns(c).length > 0;
    const mark = checker.snapshot();
    const run = await checker.step(c, () => world.engine.sync(c, 'manual'));
    this.did += outcome(run);
    // R10: a plan a safeguard holds writes nothing (an interrupted apply it finished first may have).
    const writes = checker.writesSince(mark);
    if (run.status === 'held' && !resumes && writes.length > 0) {
      throw new InvariantViolation('R10', `the plan was held (${run.holdReason}), yet ${writes.length} write(s) reached Plecto`);
    }
  }
}

/** The admin turns "Sync teams" or "Sync employees" off or on for a connection. */
export class SetSync extends Step {
  constructor(readonly connection: ConnectionId, readonly setting: 'syncTeams' | 'syncEmployees', readonly value: boolean) {
    super();
  }
  label() {
    return `settings(${this.connection}).${this.setting} = ${this.value}`;
  }
  async exec(_m: Model, { world }: Real) {
    const c = this.on(world, this.connection);
    world.settings(c)[this.setting] = this.value;
    this.did += 'set';
  }
}

export class EditSource extends Step {
  constructor(readonly connection: ConnectionId, readonly edit: SourceEdit, readonly a: number, readonly b: number) {
    super();
  }
  label() {
    return `source(${this.connection}).${this.edit}(${this.a}, ${this.b})`;
  }
  async exec(_m: Model, { world }: Real) {
    const c = this.on(world, this.connection);
    this.did += editSource(world, c, this.edit, this.a, this.b) ?? 'nothing to do';
  }
}

export class EditPlecto extends Step {
  constructor(readonly edit: AdminEdit, readonly a: number, readonly b: number) {
    super();
  }
  label() {
    return `plecto.admin.${this.edit}(${this.a}, ${this.b})`;
  }
  async exec(_m: Model, { world }: Real) {
    this.did += editPlecto(world, this.edit, this.a, this.b) ?? 'nothing to do';
  }
}

/** A preview, an admin edit in Plecto, then the apply of that preview (R3: writes start from Plecto as it is). */
export class EditBetweenPlanAndApply extends Step {
  constructor(readonly connection: ConnectionId, readonly edit: AdminEdit, readonly a: number, readonly b: number) {
    super();
  }
  label() {
    return `planThenAdminEditThenApply(${this.connection}, ${this.edit}(${this.a}, ${this.b}))`;
  }
  async exec(_m: Model, { world, checker }: Real) {
    const c = this.on(world, this.connection);
    const planned = await checker.step(c, () => world.engine.plan(c, 'manual'), { noWrites: 'R11: a preview never writes' });
    const edit = editPlecto(world, this.edit, this.a, this.b) ?? 'no edit';
    if (planned.status !== 'planned') {
      this.did += `plan ${outcome(planned)}; ${edit}`;
      return;
    }
    const applied = await checker.step(c, () => world.engine.apply(planned.id));
    this.did += `${edit}; apply ${outcome(applied)}`;
  }
}

/** An old preview approved late: after a newer one was applied (R12 stale previews are refused). */
export class StalePreview extends Step {
  constructor(readonly connection: ConnectionId, readonly variant: 'sync-between' | 'newer-applied' | 'older-applied-first', readonly edit: SourceEdit, readonly a: number) {
    super();
  }
  label() {
    return `stalePreview(${this.connection}, ${this.variant}, source ${this.edit}(${this.a}))`;
  }
  async exec(_m: Model, { world, checker }: Real) {
    const c = this.on(world, this.connection);
    const { engine } = world;
    const noWrites = { noWrites: 'R11: a preview never writes' };
    const older = await checker.step(c, () => world.engine.plan(c, 'manual'), noWrites);
    const edit = editSource(world, c, this.edit, this.a, this.a + 1) ?? 'no edit';
    let late: RunRecord;
    /** Writes the apply in between sent: with none, nothing was applied and the late preview is still valid (R12). */
    let wrote = 0;
    if (this.variant === 'older-applied-first') {
      // Both previews are made first; the older is applied; the newer was made before that apply.
      const newer = await checker.step(c, () => world.engine.plan(c, 'manual'), noWrites);
      const mark = checker.snapshot();
      const first = await checker.step(c, () => world.engine.apply(older.id, { force: true }));
      wrote = checker.writesSince(mark).length;
      late = newer;
      this.did += `${edit}; older apply ${outcome(first)} (${wrote} writes)`;
      if (first.status !== 'applied' && first.status !== 'partial') return;
    } else {
      const mark = checker.snapshot();
      const between =
        this.variant === 'sync-between'
          ? await checker.step(c, () => engine.sync(c, 'manual', { force: true }))
          : await checker.step(c, async () => {
              const newer = await world.engine.plan(c, 'manual');
              return newer.plan ? world.engine.apply(newer.id, { force: true }) : newer;
            });
      late = older;
      wrote = checker.writesSince(mark).length;
      this.did += `${edit}; newer ${outcome(between)} (${wrote} writes)`;
      if (between.status !== 'applied' && between.status !== 'partial') return;
    }
    if (!late.plan) return;
    const result = await checker.step(c, () => world.engine.apply(late.id, { force: true }).catch((e: Error) => ({ refused: e.message })), {
      noWrites: wrote > 0 ? 'R12: a preview made before another apply of its connection wrote must be refused' : undefined,
    });
    this.did += `; late apply ${'refused' in result ? `refused: ${result.refused}` : outcome(result)}`;
  }
}

/** An admin leaves some changes of a preview out (R13). */
export class LeaveOut extends Step {
  constructor(readonly connection: ConnectionId, readonly picks: number[]) {
    super();
  }
  label() {
    return `planThenApplyLeavingOut(${this.connection}, picks ${JSON.stringify(this.picks)})`;
  }
  async exec(_m: Model, { world, checker }: Real) {
    const c = this.on(world, this.connection);
    // An interrupted apply is finished before the preview (as the command line and the scheduler do):
    // otherwise the apply below finishes it first, and its writes are not this preview's (R12).
    for (const unfinished of world.mirror.unfinishedRuns(c)) {
      const resumed = await checker.step(c, () => world.engine.apply(unfinished.id));
      this.did += `resumed run #${unfinished.id} ${outcome(resumed)}; `;
    }
    const planned = await checker.step(c, () => world.engine.plan(c, 'manual'), { noWrites: 'R11: a preview never writes' });
    if (!planned.plan || planned.plan.changes.length === 0 || planned.status === 'failed') {
      this.did += `plan ${outcome(planned)} (nothing to leave out)`;
      return;
    }
    const changes = planned.plan.changes;
    const excluded = [...new Set(this.picks.map((p) => changes[p % changes.length]))];
    const applied = await checker.step(c, () => world.engine.apply(planned.id, { force: true, excludeChangeIds: excluded.map((x) => x.id) }), { excluded });
    this.did += `left out ${excluded.map((x) => `${x.kind} ${x.employee?.name ?? x.team?.name ?? ''}`).join(', ')}; ${outcome(applied)}`;
  }
}

/** The admin turns "Only sync data for selected teams" on (picking some of the source's teams) or off (R8). */
export class SetScope extends Step {
  constructor(readonly connection: ConnectionId, readonly picks: number[] | null) {
    super();
  }
  label() {
    return `scope(${this.connection}, ${this.picks ? `on, picks ${JSON.stringify(this.picks)}` : 'off'})`;
  }
  async exec(_m: Model, { world }: Real) {
    const c = this.on(world, this.connection);
    const settings = world.settings(c);
    const teams = sourceTeams(world, c);
    if (!this.picks || teams.length === 0) {
      settings.onlySelectedTeams = false;
      settings.selectedTeams = [];
      this.did += 'scope off';
      return;
    }
    const chosen = [...new Set(this.picks.map((p) => teams[p % teams.length]))];
    settings.onlySelectedTeams = true;
    settings.selectedTeams = chosen.map((t) => t.id).sort();
    this.did += `only ${chosen.map((t) => t.name).join(', ')}`;
  }
}

export class FreshMirror extends Step {
  label() {
    return 'freshMirror() — a second machine / new --data-dir';
  }
  async exec(_m: Model, { world }: Real) {
    world.freshMirror();
  }
}

export class Restart extends Step {
  label() {
    return 'restart() — a new process on the same mirror';
  }
  async exec(_m: Model, { world }: Real) {
    world.restart();
  }
}


const connection = fc.constantFrom(...CONNECTIONS);
const small = fc.nat(7);

export const commandArbs: fc.Arbitrary<fc.AsyncCommand<Model, Real>>[] = [
  { name: 'sync', arb: connection.map((c) => new Sync(c)) as fc.Arbitrary<Step>, weight: 4 },
  { name: 'source-edit', arb: fc.tuple(connection, fc.constantFrom(...SOURCE_EDITS), small, small).map(([c, e, a, b]) => new EditSource(c, e, a, b)), weight: 6 },
  { name: 'admin-edit', arb: fc.tuple(fc.constantFrom(...ADMIN_EDITS), small, small).map(([e, a, b]) => new EditPlecto(e, a, b)), weight: 3 },
  {
    name: 'edit-between-plan-and-apply',
    arb: fc.tuple(connection, fc.constantFrom(...ADMIN_EDITS), small, small).map(([c, e, a, b]) => new EditBetweenPlanAndApply(c, e, a, b)),
    weight: 2,
  },
  {
    name: 'write-fault',
    arb: fc
      .tuple(connection, fc.constantFrom<WriteFaultKind>('reset-after', 'gateway-after', 'kill-before', 'kill-after', 'edit-after'), fc.integer({ min: 1, max: 4 }), fc.constantFrom(...ADMIN_EDITS), small)
      .filter(([, k, , e]) => !(OPEN_DEFECTS.createMemberDuringApply && k === 'edit-after' && e === 'createMember'))
      .map(([c, k, n, e, a]) => new WriteFaultStep(c, k, n, e, a)),
    weight: 3,
  },
  {
    name: 'burst',
    arb: fc
      .tuple(connection, fc.constantFrom<Burst['target']>('plecto-write', 'plecto-read', 'source'), fc.constantFrom(429, 500, 503), fc.constantFrom(1, 3, 12))
      .map(([c, t, s, n]) => new Burst(c, t, s, n)),
    weight: 2,
  },
  {
    name: 'page-shift',
    arb: fc
      .tuple(connection, fc.constantFrom<PageShift['list']>('members', 'teams'), fc.constantFrom<PageShift['mode']>('once', 'always'), fc.constantFrom<PageShift['how']>('move', 'insert'))
      .map(([c, l, m, h]) => new PageShift(c, l, m, h)),
    weight: 2,
  },
  {
    name: 'stale-preview',
    arb: fc
      .tuple(
        connection,
        fc.constantFrom<StalePreview['variant']>('sync-between', 'newer-applied', 'older-applied-first'),
        fc.constantFrom(...SOURCE_EDITS),
        small,
      )
      .map(([c, v, e, a]) => new StalePreview(c, v, e, a)),
    weight: 2,
  },
  { name: 'leave-out', arb: fc.tuple(connection, fc.array(fc.nat(20), { minLength: 1, maxLength: 3 })).map(([c, p]) => new LeaveOut(c, p)), weight: 2 },
  {
    name: 'preview-during-apply',
    arb: fc.tuple(connection, fc.integer({ min: 1, max: 3 })).map(([c, k]) => new PreviewDuringApply(c, k)),
    weight: 1,
  },
  {
    name: 'sync-settings',
    arb: fc.tuple(connection, fc.constantFrom<SetSync['setting']>('syncTeams', 'syncEmployees'), fc.boolean()).map(([c, k, v]) => new SetSync(c, k, v)),
    weight: 1,
  },
  {
    name: 'scope',
    arb: fc.tuple(connection, fc.option(fc.array(fc.nat(5), { minLength: 1, maxLength: 2 }), { nil: null })).map(([c, p]) => new SetScope(c, p)),
    weight: 1,
  },
  { name: 'fresh-mirror', arb: fc.constant(null).map(() => new FreshMirror()), weight: 1 },
  { name: 'restart', arb: fc.constant(null).map(() => new Restart()), weight: 1 },
  { name: 'undo-last-run', arb: connection.map((c) => new UndoLastRun(c)), weight: 2 },
].flatMap((c) => Array.from({ length: c.weight }, () => c.arb as fc.Arbitrary<fc.AsyncCommand<Model, Real>>));
