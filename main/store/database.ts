// Opens the mirror's SQLite file with the pragmas the app relies on and
// migrates it. WAL lets the desktop UI read while a sync writes; busy_timeout
// lets the CLI and the desktop app share one file without "database is locked".
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { NotADatabaseError } from './errors';
import { migrate } from './migrate';
import { MIGRATIONS, type Migration } from './migrations';

export type SqliteDatabase = Database.Database;

export function openDatabase(file: string, migrations: readonly Migration[] = MIGRATIONS): SqliteDatabase {
  const inMemory = file === ':memory:' || file === '';
  if (!inMemory) fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  let db: SqliteDatabase;
  try {
    db = new Database(file);
  } catch (error) {
    throw new NotADatabaseError(file, error);
  }
  try {
    // The first statement is where SQLite reads the header: SQLITE_NOTADB shows up here.
    db.pragma('journal_mode = WAL');
  } catch (error) {
    db.close();
    throw new NotADatabaseError(file, error);
  }
  try {
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // FULL: a journal entry saying a write is 'sending' survives a power loss right after the send (R12).
    db.pragma('synchronous = FULL');
    migrate(db, file, migrations);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
