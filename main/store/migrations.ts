// The mirror's schema history, oldest first. Each entry moves the schema from
// version - 1 to version; `PRAGMA user_version` records the last one applied.
// To change the schema, append an entry (never edit a released one) and add
// its test to tests/unit/store/migrations.test.ts.
import type BetterSqlite3 from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  up(db: BetterSqlite3.Database): void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    up(db) {
      // No foreign keys to `connections`: the CLI runs connections straight
      // from a profile file, so links and snapshots may exist for connection
      // ids the mirror never stored. deleteConnection() cleans up explicitly.
      db.exec(`
        CREATE TABLE connections (
          id             TEXT PRIMARY KEY,
          type           TEXT NOT NULL,
          provider_label TEXT NOT NULL,
          position       INTEGER NOT NULL,
          config_json    TEXT NOT NULL
        );
        CREATE INDEX connections_by_position ON connections (position);

        -- Snapshots are one JSON blob per connection: they are only ever
        -- saved and loaded whole, and a blob is several times faster than rows.
        CREATE TABLE source_snapshots (
          connection_id TEXT PRIMARY KEY,
          read_at       INTEGER NOT NULL,
          team_count    INTEGER NOT NULL,
          person_count  INTEGER NOT NULL,
          teams_json    TEXT NOT NULL,
          people_json   TEXT NOT NULL
        );

        CREATE TABLE plecto_snapshot (
          id           INTEGER PRIMARY KEY CHECK (id = 1),
          read_at      INTEGER NOT NULL,
          team_count   INTEGER NOT NULL,
          member_count INTEGER NOT NULL,
          teams_json   TEXT NOT NULL,
          members_json TEXT NOT NULL
        );

        CREATE TABLE team_links (
          connection_id TEXT NOT NULL,
          source_id     TEXT NOT NULL,
          plecto_uuid   TEXT NOT NULL UNIQUE,
          PRIMARY KEY (connection_id, source_id)
        );

        CREATE TABLE employee_links (
          connection_id       TEXT NOT NULL,
          source_id           TEXT NOT NULL,
          plecto_uuid         TEXT NOT NULL,
          deactivated_by_sync INTEGER NOT NULL DEFAULT 0 CHECK (deactivated_by_sync IN (0, 1)),
          PRIMARY KEY (connection_id, source_id)
        );
        CREATE INDEX employee_links_by_member ON employee_links (plecto_uuid, connection_id);

        CREATE TABLE managed_manually (
          plecto_uuid TEXT PRIMARY KEY
        );

        CREATE TABLE runs (
          id                       INTEGER PRIMARY KEY AUTOINCREMENT,
          connection_id            TEXT NOT NULL,
          trigger                  TEXT NOT NULL,
          status                   TEXT NOT NULL,
          started_at               INTEGER NOT NULL,
          finished_at              INTEGER,
          hold_reason              TEXT,
          error                    TEXT,
          plan_json                TEXT,
          summary_json             TEXT,
          excluded_change_ids_json TEXT NOT NULL DEFAULT '[]',
          failed_json              TEXT NOT NULL DEFAULT '[]',
          api_usage_json           TEXT NOT NULL DEFAULT '{}',
          estimated_writes         INTEGER,
          estimated_seconds        REAL,
          registrations_json       TEXT
        );
        CREATE INDEX runs_by_connection ON runs (connection_id, id);
        CREATE INDEX runs_by_status ON runs (status, connection_id);

        CREATE TABLE journal (
          seq             INTEGER PRIMARY KEY AUTOINCREMENT,
          run_id          INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
          op_key          TEXT NOT NULL,
          change_ids_json TEXT NOT NULL,
          description     TEXT NOT NULL,
          state           TEXT NOT NULL CHECK (state IN ('sending', 'done', 'failed')),
          request_json    TEXT,
          result_json     TEXT,
          error           TEXT,
          updated_at      INTEGER NOT NULL,
          UNIQUE (run_id, op_key)
        );

        CREATE TABLE schedules (
          connection_id TEXT PRIMARY KEY,
          next_run_at   INTEGER,
          paused        INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1))
        );

        CREATE TABLE registration_imports (
          connection_id    TEXT PRIMARY KEY,
          cursor           TEXT,
          data_source_uuid TEXT
        );

        CREATE TABLE settings (
          key   TEXT PRIMARY KEY,
          value TEXT NOT NULL
        );
      `);
    },
  },
  {
    version: 2,
    name: 'apply writes on the run, apply leases, registration import origin',
    up(db) {
      // The writes an apply prepared (kept until it finishes, so an interrupted
      // apply resumes the same writes) move from the settings table onto their
      // run; the cross-process apply lease gets a table of its own; the origin of a
      // registration cursor moves from the settings table beside the cursor.
      db.exec(`
        ALTER TABLE runs ADD COLUMN apply_writes_json TEXT;
        UPDATE runs SET apply_writes_json = (SELECT value FROM settings WHERE key = 'apply-ops:' || runs.id);
        DELETE FROM settings WHERE key LIKE 'apply-ops:%' OR key LIKE 'apply-lease:%';

        -- Which data source and start date a registration cursor belongs to.
        ALTER TABLE registration_imports ADD COLUMN origin TEXT;
        INSERT OR IGNORE INTO registration_imports (connection_id)
          SELECT substr(key, length('registration-import-origin:') + 1) FROM settings WHERE key LIKE 'registration-import-origin:%';
        UPDATE registration_imports SET origin = (
          SELECT value FROM settings WHERE key = 'registration-import-origin:' || registration_imports.connection_id);
        DELETE FROM settings WHERE key LIKE 'registration-import-origin:%';

        CREATE TABLE apply_leases (
          connection_id TEXT PRIMARY KEY,
          owner         TEXT NOT NULL,
          host          TEXT NOT NULL,
          pid           INTEGER NOT NULL,
          until         INTEGER NOT NULL
        );
      `);
    },
  },
  {
    version: 3,
    name: 'compatibility check results',
    up(db) {
      // The last `check` of each system (Plecto, or a connection) and the
      // account it checked: plan and apply refuse to write while it found a
      // difference in something the sync writes through (issue 10, point 7).
      db.exec(`
        CREATE TABLE compatibility_checks (
          system      TEXT PRIMARY KEY,
          account     TEXT NOT NULL,
          checked_at  INTEGER NOT NULL,
          report_json TEXT NOT NULL
        );
      `);
    },
  },
];

/** The schema version this app writes. */
export function latestVersion(migrations: readonly Migration[] = MIGRATIONS): number {
  return migrations.length === 0 ? 0 : migrations[migrations.length - 1].version;
}
