// Small per-connection and app-wide values: the schedule, the registration
// import cursor, the apply lease and the settings table.
import { assertSettingIsNotSecret } from './secret-guard';
import type { StatementCache } from './statements';

export interface Schedule {
  nextRunAt: number | null;
  paused: boolean;
}

/** Who may write a connection's changes to Plecto until when (engine/apply-lease.ts). */
export interface ApplyLease {
  owner: string;
  host: string;
  pid: number;
  until: number;
}

export interface ImportState {
  cursor: string | null;
  dataSourceUuid: string | null;
  /** Which data source and start date the cursor belongs to (engine/registrations.ts). */
  origin: string | null;
}

export class AppStateRepo {
  constructor(private readonly sql: StatementCache) {}

  getSchedule(connectionId: string): Schedule {
    const row = this.sql.row<{ next_run_at: number | null; paused: 0 | 1 }>(
      'SELECT next_run_at, paused FROM schedules WHERE connection_id = ?',
      connectionId,
    );
    return row ? { nextRunAt: row.next_run_at, paused: row.paused === 1 } : { nextRunAt: null, paused: false };
  }

  /** Changes only the given fields. */
  setSchedule(connectionId: string, s: { nextRunAt?: number | null; paused?: boolean }): void {
    this.sql.transaction(() => {
      const next = { ...this.getSchedule(connectionId), ...defined(s) };
      this.sql.run(
        'INSERT OR REPLACE INTO schedules (connection_id, next_run_at, paused) VALUES (?, ?, ?)',
        connectionId,
        next.nextRunAt,
        next.paused ? 1 : 0,
      );
    });
  }

  getImportState(connectionId: string): ImportState {
    const row = this.sql.row<{ cursor: string | null; data_source_uuid: string | null; origin: string | null }>(
      'SELECT cursor, data_source_uuid, origin FROM registration_imports WHERE connection_id = ?',
      connectionId,
    );
    return { cursor: row?.cursor ?? null, dataSourceUuid: row?.data_source_uuid ?? null, origin: row?.origin ?? null };
  }

  /** Changes only the given fields. */
  setImportState(connectionId: string, s: Partial<ImportState>): void {
    this.sql.transaction(() => {
      const next = { ...this.getImportState(connectionId), ...defined(s) };
      this.sql.run(
        'INSERT OR REPLACE INTO registration_imports (connection_id, cursor, data_source_uuid, origin) VALUES (?, ?, ?, ?)',
        connectionId,
        next.cursor,
        next.dataSourceUuid,
        next.origin,
      );
    });
  }

  getLease(connectionId: string): ApplyLease | null {
    return (
      this.sql.row<ApplyLease>('SELECT owner, host, pid, until FROM apply_leases WHERE connection_id = ?', connectionId) ?? null
    );
  }

  /** null removes the lease. */
  setLease(connectionId: string, lease: ApplyLease | null): void {
    if (lease === null) {
      this.sql.run('DELETE FROM apply_leases WHERE connection_id = ?', connectionId);
      return;
    }
    this.sql.run(
      'INSERT OR REPLACE INTO apply_leases (connection_id, owner, host, pid, until) VALUES (?, ?, ?, ?, ?)',
      connectionId,
      lease.owner,
      lease.host,
      lease.pid,
      lease.until,
    );
  }

  getSetting(key: string): string | null {
    return this.sql.row<{ value: string }>('SELECT value FROM settings WHERE key = ?', key)?.value ?? null;
  }

  /** null removes the key. Keys named like a secret must hold a JSON secret reference. */
  setSetting(key: string, value: string | null): void {
    if (value === null) {
      this.sql.run('DELETE FROM settings WHERE key = ?', key);
      return;
    }
    assertSettingIsNotSecret(key, value);
    this.sql.run('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)', key, value);
  }
}

/** Drops undefined fields so that a partial update keeps stored values. */
function defined<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<T>;
}
