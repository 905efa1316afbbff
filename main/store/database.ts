// Opens the mirror's SQLite file with the pragmas the app relies on and
// migrates it. WAL lets the desktop UI read while a sync writes; busy_timeout
// lets the CLI and the desktop app share one file without "database is locked".
// The folder is created 0700 and the files are 0600: they hold names and
// emails. A folder this user cannot write is reported as such — not as a
// damaged database, which would send the admin to move a healthy mirror aside.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DataFolderError, NotADatabaseError } from './errors';
import { migrate } from './migrate';
import { MIGRATIONS, type Migration } from './migrations';

export type SqliteDatabase = Database.Database;

const NO_ACCESS = new Set(['EACCES', 'EPERM', 'EROFS']);

export function openDatabase(file: string, migrations: readonly Migration[] = MIGRATIONS): SqliteDatabase {
  const inMemory = file === ':memory:' || file === '';
  if (!inMemory) prepareFolder(file);
  let db: SqliteDatabase;
  try {
    // timeout: another process (the desktop app, a cron job) may be writing; wait instead of failing.
    db = new Database(file, { timeout: 5000 });
  } catch (error) {
    throw openFailure(file, error);
  }
  try {
    if (!inMemory) restrict(file);
    // The first statement is where SQLite reads the header: SQLITE_NOTADB shows up here.
    db.pragma('journal_mode = WAL');
  } catch (error) {
    db.close();
    throw openFailure(file, error);
  }
  try {
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // NORMAL for everything but the journal's "sending" entries, which commit with FULL (journal-repo.ts, R12).
    db.pragma('synchronous = NORMAL');
    migrateOnce(db, file, migrations);
    if (!inMemory) for (const extra of ['-wal', '-shm']) restrict(file + extra);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Creates the folder (0700) and proves this user can create files in it and use the mirror file. */
function prepareFolder(file: string): void {
  const folder = path.dirname(path.resolve(file));
  try {
    fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code === 'EEXIST' || code === 'ENOTDIR') throw new DataFolderError(folder, 'is not a folder', error);
    throw new DataFolderError(folder, 'cannot be created', error);
  }
  // SQLite needs to create its -wal and -shm files beside the mirror: try it the same way.
  const probe = path.join(folder, `.write-test-${process.pid}-${Date.now()}`);
  try {
    fs.closeSync(fs.openSync(probe, 'wx', 0o600));
    fs.rmSync(probe, { force: true });
  } catch (error) {
    if (NO_ACCESS.has((error as NodeJS.ErrnoException).code ?? '')) throw new DataFolderError(folder, 'cannot be written by this user', error);
    throw new DataFolderError(folder, 'cannot be used', error);
  }
  if (fs.existsSync(file)) {
    try {
      fs.accessSync(file, fs.constants.R_OK | fs.constants.W_OK);
    } catch (error) {
      throw new DataFolderError(folder, `holds a mirror file (${path.basename(file)}) this user cannot read and write`, error);
    }
  }
}

/** Owner-only permissions on a file we created (no-op where it does not exist or is not ours, and on Windows). */
function restrict(file: string): void {
  try {
    const stat = fs.statSync(file);
    if ((stat.mode & 0o077) !== 0 && (typeof process.getuid !== 'function' || stat.uid === process.getuid())) fs.chmodSync(file, 0o600);
  } catch {
    // Missing (-shm before the first write) or not ours: nothing to tighten.
  }
}

function openFailure(file: string, error: unknown): Error {
  const code = (error as { code?: string }).code ?? '';
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') return new NotADatabaseError(file, error);
  if (NO_ACCESS.has(code) || code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_PERM')) {
    return new DataFolderError(path.dirname(path.resolve(file)), `does not let this user open the mirror ${path.basename(file)}`, error);
  }
  return new NotADatabaseError(file, error);
}

/**
 * Two processes opening a new mirror at once (two cron jobs) both see version 0; the second
 * waits for the first's migration and then fails on tables that now exist. Its own transaction
 * rolled back, so it looks again and finds nothing left to do.
 */
function migrateOnce(db: SqliteDatabase, file: string, migrations: readonly Migration[]): void {
  const before = db.pragma('user_version', { simple: true }) as number;
  try {
    migrate(db, file, migrations);
  } catch (error) {
    const now = db.pragma('user_version', { simple: true }) as number;
    if (now === before) throw error;
    migrate(db, file, migrations);
  }
}
