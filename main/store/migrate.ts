// Brings a database up to the newest schema: every pending migration runs in
// ONE transaction, so a failure leaves the file exactly as it was.
import type BetterSqlite3 from 'better-sqlite3';
import { DatabaseFromFutureError } from './errors';
import { latestVersion, MIGRATIONS, type Migration } from './migrations';

export function migrate(
  db: BetterSqlite3.Database,
  file: string,
  migrations: readonly Migration[] = MIGRATIONS,
): { from: number; to: number } {
  assertOrdered(migrations);
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = latestVersion(migrations);
  if (current > latest) throw new DatabaseFromFutureError(file, current, latest);
  const pending = migrations.filter((m) => m.version > current);
  if (pending.length === 0) return { from: current, to: current };
  // Foreign keys are off while migrating (the pragma is ignored inside a
  // transaction) so that a migration may rebuild a table without cascading
  // deletes; the check below still refuses to commit dangling references.
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
  db.pragma('foreign_keys = OFF');
  try {
    db.transaction(() => {
      for (const migration of pending) {
        migration.up(db);
        // user_version lives in the file header and is rolled back with the transaction.
        db.pragma(`user_version = ${migration.version}`);
      }
      const dangling = db.pragma('foreign_key_check') as unknown[];
      if (dangling.length > 0) {
        throw new Error(`Migrating ${file} to version ${latest} left ${dangling.length} broken foreign key(s).`);
      }
    }).immediate();
  } finally {
    db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
  }
  return { from: current, to: latest };
}

/** Versions must be 1, 2, 3, … so that a missing or duplicated entry fails loudly in development. */
function assertOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`Migration "${migration.name}" has version ${migration.version}; expected ${index + 1}.`);
    }
  });
}
