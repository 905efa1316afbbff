// Every migration has its own test (enforced below), plus the guarantees of
// the runner: idempotent reopen, refusal of newer files, all-or-nothing.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase, type SqliteDatabase } from '../../../main/store/database';
import { DatabaseFromFutureError } from '../../../main/store/errors';
import { migrate } from '../../../main/store/migrate';
import { latestVersion, MIGRATIONS, type Migration } from '../../../main/store/migrations';
import { Mirror } from '../../../main/store/mirror';
import { tempDir } from './helpers';

/** A database migrated up to `version` (not further), ready for the next migration's test. */
function databaseAt(version: number): { db: SqliteDatabase; file: string } {
  const file = path.join(tempDir(), 'mirror.db');
  return { db: openDatabase(file, MIGRATIONS.slice(0, version)), file };
}

function userVersion(db: SqliteDatabase): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function columns(db: SqliteDatabase, table: string): string[] {
  return (db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name);
}

/**
 * One test per migration, keyed by version. Each starts from a database at
 * version - 1 (with data where there is data to carry over) and checks what
 * the migration must achieve.
 */
const MIGRATION_TESTS: Record<number, () => void> = {
  1: () => {
    const { db, file } = databaseAt(0);
    expect(userVersion(db)).toBe(0);
    migrate(db, file, MIGRATIONS.slice(0, 1));
    expect(userVersion(db)).toBe(1);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
      name: string;
    }[])
      .map((t) => t.name)
      .filter((name) => !name.startsWith('sqlite_'));
    expect(tables).toEqual([
      'connections',
      'employee_links',
      'journal',
      'managed_manually',
      'plecto_snapshot',
      'registration_imports',
      'runs',
      'schedules',
      'settings',
      'source_snapshots',
      'team_links',
    ]);
    expect(columns(db, 'employee_links')).toEqual(['connection_id', 'source_id', 'plecto_uuid', 'deactivated_by_sync']);
    expect(columns(db, 'journal')).toEqual([
      'seq',
      'run_id',
      'op_key',
      'change_ids_json',
      'description',
      'state',
      'request_json',
      'result_json',
      'error',
      'updated_at',
    ]);
    // The constraints the engine relies on.
    db.prepare("INSERT INTO team_links VALUES ('a', 't1', 'uuid-1')").run();
    expect(() => db.prepare("INSERT INTO team_links VALUES ('b', 't9', 'uuid-1')").run()).toThrow(/UNIQUE/);
    expect(() => db.prepare("INSERT INTO team_links VALUES ('a', 't1', 'uuid-2')").run()).toThrow(/UNIQUE/);
    db.prepare("INSERT INTO runs (connection_id, trigger, status, started_at) VALUES ('a', 'cli', 'applying', 1)").run();
    const insertJournal = db.prepare(
      "INSERT INTO journal (run_id, op_key, change_ids_json, description, state, updated_at) VALUES (?, 'op', '[]', 'x', ?, 1)",
    );
    expect(() => insertJournal.run(1, 'bogus')).toThrow(/CHECK/);
    insertJournal.run(1, 'sending');
    expect(() => insertJournal.run(1, 'done')).toThrow(/UNIQUE/);
    expect(() => insertJournal.run(99, 'sending')).toThrow(/FOREIGN KEY/);
    db.close();
  },
  2: () => {
    // Version 1 kept an apply's writes, apply leases and registration cursor origins in `settings`.
    const { db, file } = databaseAt(1);
    db.prepare("INSERT INTO runs (connection_id, trigger, status, started_at) VALUES ('a', 'cli', 'applying', 1)").run();
    db.prepare("INSERT INTO runs (connection_id, trigger, status, started_at) VALUES ('a', 'cli', 'applied', 2)").run();
    const setting = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
    setting.run('apply-ops:1', '[{"key":"member:1"}]');
    setting.run('apply-lease:a', '{"owner":"x","until":5}');
    setting.run('registration-import-origin:a', '{"dataSource":"calls"}');
    setting.run('registration-import-origin:b', '{"dataSource":"deals"}');
    setting.run('plecto', '{"email":"sync@acme.com"}');
    db.prepare("INSERT INTO registration_imports (connection_id, cursor, data_source_uuid) VALUES ('a', 'c-1', 'ds-1')").run();

    migrate(db, file, MIGRATIONS.slice(0, 2));
    expect(userVersion(db)).toBe(2);
    expect(db.prepare('SELECT id, apply_writes_json FROM runs ORDER BY id').all()).toEqual([
      { id: 1, apply_writes_json: '[{"key":"member:1"}]' },
      { id: 2, apply_writes_json: null },
    ]);
    expect(db.prepare('SELECT * FROM registration_imports ORDER BY connection_id').all()).toEqual([
      { connection_id: 'a', cursor: 'c-1', data_source_uuid: 'ds-1', origin: '{"dataSource":"calls"}' },
      { connection_id: 'b', cursor: null, data_source_uuid: null, origin: '{"dataSource":"deals"}' },
    ]);
    expect(db.prepare('SELECT key FROM settings').all()).toEqual([{ key: 'plecto' }]);
    expect(columns(db, 'apply_leases')).toEqual(['connection_id', 'owner', 'host', 'pid', 'until']);
    db.close();
  },
  3: () => {
    const { db, file } = databaseAt(2);
    db.prepare("INSERT INTO settings (key, value) VALUES ('plecto', '{}')").run();
    migrate(db, file, MIGRATIONS.slice(0, 3));
    expect(userVersion(db)).toBe(3);
    expect(columns(db, 'compatibility_checks')).toEqual(['system', 'account', 'checked_at', 'report_json']);
    // One result per system: a new check replaces the last one.
    const insert = db.prepare("INSERT INTO compatibility_checks VALUES ('plecto', 'a', ?, '{}')");
    insert.run(1);
    expect(() => insert.run(2)).toThrow(/UNIQUE/);
    expect(db.prepare('SELECT key FROM settings').all()).toEqual([{ key: 'plecto' }]);
    db.close();
  },
};

describe('migrations', () => {
  it('every migration has a test, and versions run 1, 2, 3, … without gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(Object.keys(MIGRATION_TESTS).map(Number).sort((a, b) => a - b)).toEqual(MIGRATIONS.map((m) => m.version));
  });

  for (const migration of MIGRATIONS) {
    it(`migration ${migration.version} (${migration.name})`, () => MIGRATION_TESTS[migration.version]());
  }

  it('a fresh file ends at the newest version; opening it again changes nothing', () => {
    const file = path.join(tempDir(), 'nested', 'folder', 'mirror.db');
    const first = Mirror.open(file);
    first.setSetting('plecto.email', 'sync@acme.com');
    first.close();
    const again = Mirror.open(file);
    expect(again.getSetting('plecto.email')).toBe('sync@acme.com');
    again.close();
    const db = new Database(file);
    expect(userVersion(db)).toBe(latestVersion());
    db.close();
  });

  it('refuses a file from a newer app without touching it', () => {
    const file = path.join(tempDir(), 'mirror.db');
    const db = new Database(file);
    db.pragma(`user_version = ${latestVersion() + 3}`);
    db.close();
    let error: unknown;
    try {
      Mirror.open(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DatabaseFromFutureError);
    const message = (error as Error).message;
    expect(message).toContain(file);
    expect(message).toContain(`version ${latestVersion() + 3}`);
    expect(message).toContain(`version ${latestVersion()}`);
    expect(message).toContain('update the app');
    const check = new Database(file);
    expect(userVersion(check)).toBe(latestVersion() + 3);
    check.close();
  });

  it('a failing migration rolls back every pending migration and leaves user_version unchanged', () => {
    const failing: Migration = {
      version: latestVersion() + 1,
      name: 'breaks halfway',
      up(db) {
        db.exec('CREATE TABLE half_done (x INTEGER)');
        throw new Error('migration exploded');
      },
    };
    // From an empty file: migration 1 is rolled back together with the failing one.
    const fresh = path.join(tempDir(), 'fresh.db');
    expect(() => openDatabase(fresh, [...MIGRATIONS, failing])).toThrow('migration exploded');
    const freshDb = new Database(fresh);
    expect(userVersion(freshDb)).toBe(0);
    expect(freshDb.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table'").get()).toEqual({ n: 0 });
    freshDb.close();

    // From a current file with data: the data and version survive.
    const current = path.join(tempDir(), 'current.db');
    const mirror = Mirror.open(current);
    mirror.linkTeam('intercom', 't1', 'uuid-1');
    mirror.close();
    expect(() => openDatabase(current, [...MIGRATIONS, failing])).toThrow('migration exploded');
    const reopened = Mirror.open(current);
    expect(reopened.teamLinks('intercom')).toEqual([{ sourceId: 't1', plectoUuid: 'uuid-1' }]);
    reopened.close();
    const currentDb = new Database(current);
    expect(userVersion(currentDb)).toBe(latestVersion());
    expect(currentDb.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").get()).toBeUndefined();
    currentDb.close();
  });

  it('a later migration is one array entry and runs on an existing file', () => {
    const file = path.join(tempDir(), 'mirror.db');
    Mirror.open(file).close();
    const next: Migration = {
      version: latestVersion() + 1,
      name: 'add a column',
      up(db) {
        db.exec('ALTER TABLE settings ADD COLUMN updated_at INTEGER');
      },
    };
    const db = openDatabase(file, [...MIGRATIONS, next]);
    expect(userVersion(db)).toBe(latestVersion() + 1);
    expect(columns(db, 'settings')).toContain('updated_at');
    db.close();
  });

  it('rejects a migration list with a gap (a programming error)', () => {
    const db = new Database(':memory:');
    const gap: Migration[] = [...MIGRATIONS, { version: latestVersion() + 2, name: 'skips one', up() {} }];
    expect(() => migrate(db, ':memory:', gap)).toThrow(/expected/);
    db.close();
  });
});

describe('openDatabase', () => {
  it('turns on WAL, foreign keys, busy_timeout 5000 and synchronous NORMAL (the journal commits its sending entries with FULL)', () => {
    const file = path.join(tempDir(), 'mirror.db');
    const db = openDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    db.close();
  });

  it('creates a missing parent folder', () => {
    const file = path.join(tempDir(), 'a', 'b', 'mirror.db');
    openDatabase(file).close();
    expect(fs.existsSync(file)).toBe(true);
  });

  it('names the path when the file is not a SQLite database', () => {
    const file = path.join(tempDir(), 'notes.db');
    fs.writeFileSync(file, 'these are my notes, not a database\n'.repeat(200));
    expect(() => Mirror.open(file)).toThrow(/not a SQLite database/);
    expect(() => Mirror.open(file)).toThrow(file);
    // The file is left as it was.
    expect(fs.readFileSync(file, 'utf8').startsWith('these are my notes')).toBe(true);
  });

  it('accepts :memory: for tests', () => {
    const mirror = Mirror.open(':memory:');
    mirror.setSetting('k', 'v');
    expect(mirror.getSetting('k')).toBe('v');
    mirror.close();
  });
});
