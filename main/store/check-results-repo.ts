// The last compatibility check of each system ("plecto" or a connection id)
// and the account it checked, so plan and apply can refuse to write while it
// found a difference (issue 10, point 7) and re-check when the account changes.
import type { StatementCache } from './statements';

export interface StoredCheck {
  system: string;
  /** Which account was checked: host and user name, never a secret. */
  account: string;
  checkedAt: number;
  /** The report as `check` built it (main/check/report.ts). */
  report: unknown;
}

export class CheckResultsRepo {
  constructor(private readonly sql: StatementCache) {}

  save(check: StoredCheck): void {
    this.sql.run(
      'INSERT OR REPLACE INTO compatibility_checks (system, account, checked_at, report_json) VALUES (?, ?, ?, ?)',
      check.system,
      check.account,
      check.checkedAt,
      JSON.stringify(check.report),
    );
  }

  get(system: string): StoredCheck | null {
    const row = this.sql.row<{ system: string; account: string; checked_at: number; report_json: string }>(
      'SELECT system, account, checked_at, report_json FROM compatibility_checks WHERE system = ?',
      system,
    );
    return row ? { system: row.system, account: row.account, checkedAt: row.checked_at, report: JSON.parse(row.report_json) } : null;
  }

  delete(system: string): void {
    this.sql.run('DELETE FROM compatibility_checks WHERE system = ?', system);
  }
}
