// The write-ahead journal of Plecto writes (R12): an entry is 'sending' before
// the request leaves and 'done'/'failed' after, so an interrupted apply knows
// exactly which writes may have landed and never repeats a finished one.
import { MirrorStateError } from './errors';
import { fromJson, toJson, type StatementCache } from './statements';

export type JournalState = 'sending' | 'done' | 'failed';

export interface JournalEntry {
  opKey: string;
  changeIds: string[];
  description: string;
  state: JournalState;
  request: unknown;
  result: unknown;
  error: string | null;
  updatedAt: number;
}

interface JournalRow {
  op_key: string;
  change_ids_json: string;
  description: string;
  state: JournalState;
  request_json: string | null;
  result_json: string | null;
  error: string | null;
  updated_at: number;
}

/** Runs `work` (one commit) with synchronous=FULL, unless an outer transaction decides when to commit. */
function durably(sql: StatementCache, work: () => void): void {
  if (sql.db.inTransaction) return work();
  sql.db.pragma('synchronous = FULL');
  try {
    work();
  } finally {
    sql.db.pragma('synchronous = NORMAL');
  }
}

export class JournalRepo {
  constructor(
    private readonly sql: StatementCache,
    private readonly now: () => number,
  ) {}

  /** New entry, or a retry of a 'failed'/'sending' one (keeps its place). A 'done' write is never begun again. */
  begin(runId: number, opKey: string, entry: { changeIds: string[]; description: string; request: unknown }): void {
    // R12: "before it is sent" is durable. Only this commit waits for the disk (synchronous=FULL):
    // a lost 'done' merely makes a resume look before it writes again, a lost 'sending' could not.
    durably(this.sql, () => this.insertSending(runId, opKey, entry));
  }

  private insertSending(runId: number, opKey: string, entry: { changeIds: string[]; description: string; request: unknown }): void {
    this.sql.transaction(() => {
      if (!this.sql.row('SELECT 1 FROM runs WHERE id = ?', runId)) {
        throw new MirrorStateError(`Cannot journal write "${opKey}": run ${runId} does not exist in the mirror.`);
      }
      if (this.state(runId, opKey) === 'done') {
        throw new MirrorStateError(`Write "${opKey}" of run ${runId} is already done; it must not be sent twice.`);
      }
      this.sql.run(
        `INSERT INTO journal (run_id, op_key, change_ids_json, description, state, request_json, updated_at)
         VALUES (?, ?, ?, ?, 'sending', ?, ?)
         ON CONFLICT (run_id, op_key) DO UPDATE SET
           change_ids_json = excluded.change_ids_json, description = excluded.description, state = 'sending',
           request_json = excluded.request_json, result_json = NULL, error = NULL, updated_at = excluded.updated_at`,
        runId,
        opKey,
        JSON.stringify(entry.changeIds),
        entry.description,
        toJson(entry.request),
        this.now(),
      );
    });
  }

  done(runId: number, opKey: string, result: unknown): void {
    this.finish(runId, opKey, 'done', toJson(result), null);
  }

  failed(runId: number, opKey: string, error: string): void {
    this.finish(runId, opKey, 'failed', null, error);
  }

  /** Entries in the order they were first begun. */
  list(runId: number): JournalEntry[] {
    return this.sql
      .rows<JournalRow>(
        `SELECT op_key, change_ids_json, description, state, request_json, result_json, error, updated_at
         FROM journal WHERE run_id = ? ORDER BY seq`,
        runId,
      )
      .map((row) => ({
        opKey: row.op_key,
        changeIds: JSON.parse(row.change_ids_json),
        description: row.description,
        state: row.state,
        request: fromJson(row.request_json),
        result: fromJson(row.result_json),
        error: row.error,
        updatedAt: row.updated_at,
      }));
  }

  private finish(runId: number, opKey: string, state: 'done' | 'failed', resultJson: string | null, error: string | null) {
    this.sql.transaction(() => {
      const current = this.state(runId, opKey);
      if (current !== 'sending') {
        throw new MirrorStateError(
          current === null
            ? `Write "${opKey}" of run ${runId} was never begun; journalBegin must come first.`
            : `Write "${opKey}" of run ${runId} is '${current}', not 'sending'; cannot mark it '${state}'.`,
        );
      }
      this.sql.run(
        'UPDATE journal SET state = ?, result_json = ?, error = ?, updated_at = ? WHERE run_id = ? AND op_key = ?',
        state,
        resultJson,
        error,
        this.now(),
        runId,
        opKey,
      );
    });
  }

  private state(runId: number, opKey: string): JournalState | null {
    return (
      this.sql.row<{ state: JournalState }>('SELECT state FROM journal WHERE run_id = ? AND op_key = ?', runId, opKey)
        ?.state ?? null
    );
  }
}
