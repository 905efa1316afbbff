// The base of the model-based test's events: a fast-check command that runs
// against the real engine through the Checker and prints as one readable line
// including what it actually did.
import type fc from 'fast-check';
import type { RunRecord } from '../../main/domain/run';
import type { Checker } from './invariants';
import type { ConnectionId, ModelWorld } from './world';

export interface Real {
  world: ModelWorld;
  checker: Checker;
}
export type Model = Record<string, never>;

/** What a command did, for the report of a failing case. */
export abstract class Step implements fc.AsyncCommand<Model, Real> {
  protected did = '';
  /** The connection a command acts on, mapped onto the case's connections when it does not use this one. */
  protected on(world: ModelWorld, connection: ConnectionId): ConnectionId {
    const used = world.use(connection);
    if (used !== connection) this.did = `on ${used}; `;
    return used;
  }
  check(): boolean {
    return true;
  }
  /** Milliseconds the last run took (shown by the fuzz script's --verbose). */
  ms = 0;
  async run(model: Model, real: Real): Promise<void> {
    this.did = '';
    const started = Date.now();
    try {
      await this.exec(model, real);
    } finally {
      this.ms = Date.now() - started;
    }
  }
  protected abstract exec(model: Model, real: Real): Promise<void>;
  abstract label(): string;
  toString(): string {
    return this.did ? `${this.label()} {${this.did}}` : this.label();
  }
}

export const outcome = (run: RunRecord) =>
  `${run.status}${run.error ? `: ${run.error}` : ''}${run.holdReason ? `: ${run.holdReason}` : ''}${run.failed.length ? ` (${run.failed.length} failed)` : ''}`;

