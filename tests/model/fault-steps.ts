// Fault events of the model-based test: a lost answer, a kill or an admin edit
// at the k-th write of a sync; 429/5xx bursts; Plecto lists that shift between
// two pages while they are read (R10, R12).
import { editPlecto, type AdminEdit } from './admin-edits';
import { outcome, Step, type Model, type Real } from './step';
import { PLECTO_PAGE_SIZE, type ConnectionId, type WriteFaultKind } from './world';

/** A fault at the k-th Plecto write of a sync: a lost answer, a kill (then a restart on the same mirror), or an admin edit right after it. */
export class WriteFaultStep extends Step {
  constructor(readonly connection: ConnectionId, readonly kind: WriteFaultKind, readonly atWrite: number, readonly edit: AdminEdit, readonly a: number) {
    super();
  }
  label() {
    return `sync(${this.connection}) with ${this.kind} at write ${this.atWrite}${this.kind === 'edit-after' ? ` [${this.edit}(${this.a})]` : ''}`;
  }
  async exec(_m: Model, { world, checker }: Real) {
    const c = this.on(world, this.connection);
    let edited = '';
    world.clearFaults();
    world.writeFault = {
      atWrite: this.atWrite,
      kind: this.kind,
      edit: () => void (edited = checker.adminEdit(() => editPlecto(world, this.edit, this.a, this.atWrite)) ?? 'no edit'),
    };
    try {
      let sync: Promise<unknown> | undefined;
      const result = await checker.step(c, async () => {
        const call = world.engine.sync(c, 'manual');
        sync = call;
        const killed = world.killed.then(() => 'killed' as const);
        return Promise.race([call, killed]);
      });
      const fired = world.writesSeen >= this.atWrite;
      if (result === 'killed') {
        // "Start the process again" on the same data folder.
        world.restart(sync);
        this.did += 'killed; restarted on the same mirror';
      } else {
        this.did += `${fired ? '' : 'fault never fired; '}${outcome(result)}${edited ? `; ${edited}` : ''}`;
      }
    } finally {
      world.clearFaults();
    }
  }
}

/** 429 or 5xx answers in a burst, from Plecto (reads or writes) or the source; `count` large means a failure that outlasts the retries. */
export class Burst extends Step {
  constructor(readonly connection: ConnectionId, readonly target: 'plecto-write' | 'plecto-read' | 'source', readonly status: number, readonly count: number) {
    super();
  }
  label() {
    return `sync(${this.connection}) with ${this.count}× ${this.status} from ${this.target}`;
  }
  async exec(_m: Model, { world, checker }: Real) {
    const c = this.on(world, this.connection);
    const { plecto } = world;
    world.clearFaults();
    if (this.target === 'plecto-write') plecto.failNext(this.count, this.status, { retryAfter: 1, method: 'POST' });
    if (this.target === 'plecto-write') plecto.failNext(this.count, this.status, { retryAfter: 1, method: 'PATCH' });
    if (this.target === 'plecto-read') plecto.failNext(this.count, this.status, { retryAfter: 1, method: 'GET' });
    if (this.target === 'source') {
      const fake = world[c];
      fake.failNext(this.count, this.status, { retryAfter: 1 } as never);
    }
    // A source read that fails for good must change nothing (R10) — unless an interrupted apply is resumed first.
    const resumes = world.mirror.unfinishedRuns(c).length > 0;
    // 12 failures outlast the retries of one read (5 attempts): that read fails, and the run with it.
    const readFailsForGood = (this.target === 'source' || this.target === 'plecto-read') && this.count >= 12;
    try {
      const run = await checker.step(c, () => world.engine.sync(c, 'manual'), {
        noWrites: readFailsForGood && !resumes ? `R10: ${this.target === 'source' ? 'the source' : 'Plecto'} could not be read` : undefined,
      });
      this.did += outcome(run);
    } finally {
      world.clearFaults();
    }
  }
}

/** Items an admin inserted during reads, numbered across the whole run so names never repeat. */
let inserted = 0;

/** Plecto's member (or team) list shifts between two pages while it is read: once (read again, R10) or on every read (the read fails, R10). */
export class PageShift extends Step {
  constructor(readonly connection: ConnectionId, readonly list: 'members' | 'teams', readonly mode: 'once' | 'always', readonly how: 'move' | 'insert') {
    super();
  }
  label() {
    return `sync(${this.connection}) while Plecto's ${this.list} list shifts (${this.how}, ${this.mode})`;
  }
  async exec(_m: Model, { world, checker }: Real) {
    const c = this.on(world, this.connection);
    const { plecto } = world;
    world.clearFaults();
    let shifts = 0;
    plecto.beforeAnswer = ({ method, path, query }) => {
      if (method !== 'GET' || !path.endsWith(`/${this.list}/`) || query.get('page') !== '2') return;
      if (this.mode === 'once' && shifts > 0) return;
      shifts++;
      const map = this.list === 'members' ? plecto.members : plecto.teams;
      if (this.how === 'move') {
        // The first item moves to the end: one item of page 2 slips onto page 1 unseen, another is read twice.
        const first = map.values().next().value as { uuid: string } | undefined;
        if (!first) return;
        map.delete(first.uuid);
        (map as Map<string, unknown>).set(first.uuid, first);
      } else if (this.list === 'members') {
        const n = ++inserted;
        checker.adminEdit(() => plecto.addMember({ name: `Temp ${n}`, email: `temp${n}@elsewhere.com`, teams: [] }));
      } else {
        checker.adminEdit(() => world.handMade.add(plecto.addTeam(`Temp team ${++inserted}`).uuid));
      }
    };
    const resumes = world.mirror.unfinishedRuns(c).length > 0;
    // Only a list of several pages can shift between two of them.
    const paged = (this.list === 'members' ? plecto.members.size : plecto.teams.size) > PLECTO_PAGE_SIZE;
    try {
      const run = await checker.step(c, () => world.engine.sync(c, 'manual'), {
        noWrites: this.mode === 'always' && paged && !resumes ? 'R10: every read of Plecto was inconsistent' : undefined,
      });
      this.did += `${shifts} shift(s); ${outcome(run)}`;
    } finally {
      world.clearFaults();
    }
  }
}


/**
 * A preview made in another process (the desktop app) while a sync (a cron job) is writing, approved once
 * that sync is done: it is refused if the sync wrote after it was made (R12).
 */
export class PreviewDuringApply extends Step {
  constructor(readonly connection: ConnectionId, readonly atWrite: number) {
    super();
  }
  label() {
    return `sync(${this.connection}) while another process previews after write ${this.atWrite}, then approves that preview`;
  }
  async exec(_m: Model, { world, checker }: Real) {
    const c = this.on(world, this.connection);
    const desktop = world.otherProcess();
    let preview: Awaited<ReturnType<typeof desktop.engine.plan>> | null = null;
    let writesAtPreview = 0;
    world.clearFaults();
    world.writeFault = {
      atWrite: this.atWrite,
      kind: 'edit-after',
      during: async () => {
        writesAtPreview = world.plecto.log.length;
        preview = await desktop.engine.plan(c, 'manual');
      },
    };
    try {
      const cron = await checker.step(c, () => world.engine.sync(c, 'schedule'));
      this.did += `sync ${outcome(cron)}`;
    } finally {
      world.clearFaults();
    }
    const made = preview as Awaited<ReturnType<typeof desktop.engine.plan>> | null;
    if (!made || !made.plan) {
      this.did += made ? `; preview ${outcome(made)}` : '; no preview (fewer writes)';
      return;
    }
    const wroteAfter = world.plecto.log.slice(writesAtPreview).filter((e) => e.method !== 'GET').length;
    const late = await checker.step(c, () => desktop.engine.apply(made.id, { force: true }).catch((e: Error) => ({ refused: e.message })), {
      noWrites: wroteAfter > 0 ? `R12: a preview made while another process's apply was writing must be refused (${wroteAfter} write(s) after it)` : undefined,
    });
    this.did += `; ${wroteAfter} write(s) after the preview; its apply ${'refused' in late ? `refused: ${late.refused}` : outcome(late)}`;
  }
}
