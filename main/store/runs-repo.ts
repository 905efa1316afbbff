// Runs as History, the preview and the CLI show them. The plan is the heavy
// part: only getRun() and unfinished() load it.
import type { RunRecord, RunTrigger } from '../domain/run';
import { MirrorStateError } from './errors';
import { fromJson, toJson, type StatementCache } from './statements';

export type RunPatch = Partial<Omit<RunRecord, 'id' | 'connectionId' | 'trigger' | 'startedAt'>>;

interface RunRow {
  id: number;
  connection_id: string;
  trigger: RunTrigger;
  status: RunRecord['status'];
  started_at: number;
  finished_at: number | null;
  hold_reason: string | null;
  error: string | null;
  plan_json?: string | null;
  summary_json: string | null;
  excluded_change_ids_json: string;
  failed_json: string;
  api_usage_json: string;
  estimated_writes: number | null;
  estimated_seconds: number | null;
  registrations_json: string | null;
}

/** Patchable fields → column and how the value is stored. */
const COLUMNS: Record<keyof RunPatch, { column: string; json: boolean }> = {
  status: { column: 'status', json: false },
  finishedAt: { column: 'finished_at', json: false },
  holdReason: { column: 'hold_reason', json: false },
  error: { column: 'error', json: false },
  plan: { column: 'plan_json', json: true },
  summary: { column: 'summary_json', json: true },
  excludedChangeIds: { column: 'excluded_change_ids_json', json: true },
  failed: { column: 'failed_json', json: true },
  apiUsage: { column: 'api_usage_json', json: true },
  estimatedWrites: { column: 'estimated_writes', json: false },
  estimatedSeconds: { column: 'estimated_seconds', json: false },
  registrations: { column: 'registrations_json', json: true },
};

const LIGHT_COLUMNS = `id, connection_id, trigger, status, started_at, finished_at, hold_reason, error,
  summary_json, excluded_change_ids_json, failed_json, api_usage_json, estimated_writes, estimated_seconds,
  registrations_json`;
const ALL_COLUMNS = `${LIGHT_COLUMNS}, plan_json`;

export class RunsRepo {
  constructor(private readonly sql: StatementCache) {}

  create(r: { connectionId: string; trigger: RunTrigger; startedAt: number }): RunRecord {
    const { lastInsertRowid } = this.sql.run(
      `INSERT INTO runs (connection_id, trigger, status, started_at) VALUES (?, ?, 'planning', ?)`,
      r.connectionId,
      r.trigger,
      r.startedAt,
    );
    return this.get(Number(lastInsertRowid))!;
  }

  /** The writes an apply prepared (any JSON), or null to drop them when it finishes. */
  setApplyWrites(id: number, writes: unknown): void {
    this.sql.run('UPDATE runs SET apply_writes_json = ? WHERE id = ?', writes === null ? null : JSON.stringify(writes), id);
  }

  applyWrites(id: number): unknown {
    const row = this.sql.row<{ apply_writes_json: string | null }>('SELECT apply_writes_json FROM runs WHERE id = ?', id);
    return row?.apply_writes_json ? JSON.parse(row.apply_writes_json) : null;
  }

  update(id: number, patch: RunPatch): RunRecord {
    const fields = (Object.keys(patch) as (keyof RunPatch)[]).filter((key) => patch[key] !== undefined).sort();
    for (const field of fields) {
      if (!(field in COLUMNS)) throw new MirrorStateError(`Run field "${String(field)}" cannot be updated.`);
    }
    return this.sql.transaction(() => {
      if (fields.length > 0) {
        // Sorted field lists keep the number of distinct (cached) statements small.
        const assignments = fields.map((field) => `${COLUMNS[field].column} = ?`).join(', ');
        const values = fields.map((field) => (COLUMNS[field].json ? toJson(patch[field]) : patch[field]));
        this.sql.run(`UPDATE runs SET ${assignments} WHERE id = ?`, ...values, id);
      }
      const run = this.get(id);
      if (!run) throw new MirrorStateError(`Run ${id} does not exist in the mirror.`);
      return run;
    });
  }

  get(id: number): RunRecord | null {
    const row = this.sql.row<RunRow>(`SELECT ${ALL_COLUMNS} FROM runs WHERE id = ?`, id);
    return row ? toRun(row) : null;
  }

  /** Newest first (by creation), without plans. */
  list(options: { connectionId?: string; limit?: number } = {}): RunRecord[] {
    const limit = options.limit ?? -1; // SQLite: a negative LIMIT means no limit
    const rows =
      options.connectionId === undefined
        ? this.sql.rows<RunRow>(`SELECT ${LIGHT_COLUMNS} FROM runs ORDER BY id DESC LIMIT ?`, limit)
        : this.sql.rows<RunRow>(
            `SELECT ${LIGHT_COLUMNS} FROM runs WHERE connection_id = ? ORDER BY id DESC LIMIT ?`,
            options.connectionId,
            limit,
          );
    return rows.map(toRun);
  }

  /** Interrupted applies of a connection, oldest first, with their plans (the engine resumes them). */
  unfinished(connectionId: string): RunRecord[] {
    return this.sql
      .rows<RunRow>(
        `SELECT ${ALL_COLUMNS} FROM runs WHERE connection_id = ? AND status = 'applying' ORDER BY id`,
        connectionId,
      )
      .map(toRun);
  }
}

function toRun(row: RunRow): RunRecord {
  return {
    id: row.id,
    connectionId: row.connection_id,
    trigger: row.trigger,
    status: row.status,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    holdReason: row.hold_reason,
    error: row.error,
    plan: fromJson(row.plan_json ?? null),
    summary: fromJson(row.summary_json),
    excludedChangeIds: JSON.parse(row.excluded_change_ids_json),
    failed: JSON.parse(row.failed_json),
    apiUsage: JSON.parse(row.api_usage_json),
    estimatedWrites: row.estimated_writes,
    estimatedSeconds: row.estimated_seconds,
    registrations: fromJson(row.registrations_json),
  };
}
