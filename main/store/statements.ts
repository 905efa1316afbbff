// Prepares each SQL text once per connection: repositories call `get(sql)` in
// hot paths without paying for a re-parse.
import type BetterSqlite3 from 'better-sqlite3';

export class StatementCache {
  private readonly cache = new Map<string, BetterSqlite3.Statement<unknown[]>>();
  constructor(readonly db: BetterSqlite3.Database) {}

  get(sql: string): BetterSqlite3.Statement<unknown[]> {
    let statement = this.cache.get(sql);
    if (!statement) {
      statement = this.db.prepare<unknown[]>(sql);
      this.cache.set(sql, statement);
    }
    return statement;
  }

  /** First row of a query, typed by the caller (rows are plain column objects). */
  row<R>(sql: string, ...params: unknown[]): R | undefined {
    return this.get(sql).get(...params) as R | undefined;
  }

  rows<R>(sql: string, ...params: unknown[]): R[] {
    return this.get(sql).all(...params) as R[];
  }

  run(sql: string, ...params: unknown[]): BetterSqlite3.RunResult {
    return this.get(sql).run(...params);
  }

  /** Runs fn in a transaction (a savepoint when one is already open). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }
}

/** JSON column helpers: null stays SQL NULL. */
export function toJson(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

export function fromJson<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}
