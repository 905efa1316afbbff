// One process at a time writes a connection's changes to Plecto (R12): the
// desktop app and a cron job may share one mirror.
//
// Why an operating-system lock and not a lease row with an expiry and a pid:
// - a row with an expiry is lost by a live holder that waits longer than the
//   expiry (a long Retry-After), and the second writer makes twin teams;
// - a pid check keeps a killed holder "alive" while it lingers as a zombie, or
//   when its pid is reused, and blocks the re-run.
// Node 20 has no flock(); the lock SQLite itself uses is an fcntl() byte-range
// lock (LockFileEx on Windows) that the kernel drops the moment the process
// dies — before it becomes a zombie — and that SQLite also enforces between
// two connections of one process. So the holder keeps `BEGIN EXCLUSIVE` open
// on a small lock database beside the mirror (one file per connection, never
// written to) for the whole apply; a second acquirer gets SQLITE_BUSY at once:
// race-free, no clock, no pid. A lock directory with pid + start time would
// need /proc (not on macOS/Windows) and still races on stale-lock removal.
// The mirror's apply_leases row only names the holder for the "busy" message
// and shows it is alive (a keep-alive timer renews it while a request waits);
// it decides nothing. A mirror in memory (tests) has no file to lock beside:
// there one process is the only user and an in-process set suffices.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Clock } from '../common/clock';
import type { Mirror } from '../store/mirror';

/** How long the holder's row says it is alive; renewed every third of it while held. */
export const LEASE_MS = 5 * 60_000;

/** Another process applies the connection: nothing was done (CLI exit 6). */
export class LeaseHeldError extends Error {
  constructor(
    readonly connectionId: string,
    readonly holder: string | null,
  ) {
    super(
      `Another Plecto Directory Sync${holder ? ` (${holder})` : ''} is applying connection "${connectionId}"; ` +
        `nothing was done. Try again when it has finished.`,
    );
    this.name = 'LeaseHeldError';
  }
}

/** The fencing check failed: this process no longer holds the connection's lock, so it must not write. */
export class LeaseLostError extends Error {
  constructor(connectionId: string, why: string) {
    super(`Stopped applying connection "${connectionId}": ${why}. Nothing more was written; run it again.`);
    this.name = 'LeaseLostError';
  }
}

interface Held {
  /** The lock database with its open EXCLUSIVE transaction; null for an in-memory mirror. */
  lock: Database.Database | null;
  file: string | null;
  inode: number | null;
  keepAlive: NodeJS.Timeout;
}

/**
 * The holders in this process, by lock file. SQLite already refuses a second holder in the same
 * process; this only lets a holder whose mirror was closed (it can journal nothing more, so it
 * can write nothing more) give way, as a dead process would.
 */
const processHolders = new Map<string, ApplyLeases>();

/** Connections held per in-memory mirror (no file to lock): one process is its only user. */
const inMemoryHeld = new WeakMap<Mirror, Set<string>>();

/** The run records of syncs refused because another process held the lease (the CLI's exit 6). */
const busyRuns = new WeakSet<object>();
export function markBusy<T extends object>(run: T): T {
  busyRuns.add(run);
  return run;
}
export function wasBusy(run: object): boolean {
  return busyRuns.has(run);
}

/** Connection ids are plain in profiles (letters, digits, - and _); anything else gets a hashed file name. */
export function lockFileName(connectionId: string): string {
  return /^[A-Za-z0-9_-]{1,64}$/.test(connectionId)
    ? `${connectionId}.lock`
    : `${crypto.createHash('sha256').update(connectionId).digest('hex').slice(0, 32)}.lock`;
}

export class ApplyLeases {
  private readonly held = new Map<string, Held>();
  private readonly lockDir: string | null;

  constructor(
    private readonly mirror: Mirror,
    private readonly clock: Clock,
    /** Shown to a process that finds the connection busy. */
    readonly owner = `${os.hostname()} pid ${process.pid}`,
  ) {
    const file = mirror.file;
    this.lockDir = file && file !== ':memory:' ? path.join(path.dirname(path.resolve(file)), 'locks') : null;
  }

  /** Takes the connection's lock, or throws LeaseHeldError naming the process that holds it. */
  acquire(connectionId: string): void {
    if (this.held.has(connectionId)) throw new LeaseHeldError(connectionId, this.owner);
    let lock: Database.Database | null = null;
    let file: string | null = null;
    let inode: number | null = null;
    if (this.lockDir) {
      fs.mkdirSync(this.lockDir, { recursive: true, mode: 0o700 });
      file = path.join(this.lockDir, lockFileName(connectionId));
      const stale = processHolders.get(file);
      if (stale && stale !== this && !stale.mirror.isOpen) stale.release(connectionId);
      // timeout 0: a held lock answers SQLITE_BUSY at once instead of after better-sqlite3's default 5 s.
      lock = new Database(file, { timeout: 0 });
      try {
        fs.chmodSync(file, 0o600);
        lock.exec('BEGIN EXCLUSIVE');
        inode = fs.statSync(file).ino;
      } catch (error) {
        lock.close();
        const code = (error as { code?: string }).code ?? '';
        if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
          throw new LeaseHeldError(connectionId, this.mirror.getLease(connectionId)?.owner ?? null);
        }
        throw error;
      }
    } else {
      const set = inMemoryHeld.get(this.mirror) ?? new Set<string>();
      inMemoryHeld.set(this.mirror, set);
      if (set.has(connectionId)) throw new LeaseHeldError(connectionId, this.mirror.getLease(connectionId)?.owner ?? null);
      set.add(connectionId);
    }
    // Keeps the holder's row fresh while a request waits (a long Retry-After): the row names a live holder.
    const keepAlive = setInterval(() => this.renew(connectionId), LEASE_MS / 3);
    keepAlive.unref();
    this.held.set(connectionId, { lock, file, inode, keepAlive });
    if (file) processHolders.set(file, this);
    try {
      this.writeRow(connectionId);
    } catch (error) {
      this.release(connectionId);
      throw error;
    }
  }

  /** Whether this object holds the connection's lock right now. */
  holds(connectionId: string): boolean {
    return this.held.has(connectionId);
  }

  /**
   * The fencing check, before every write: throws LeaseLostError unless this process still holds
   * the lock (its transaction is open and the lock file is still the one it locked — a file moved
   * or deleted by hand would let another process lock a new one).
   */
  check(connectionId: string): void {
    const held = this.held.get(connectionId);
    if (!held) throw new LeaseLostError(connectionId, 'this process does not hold its apply lock');
    if (held.lock && !held.lock.inTransaction) throw new LeaseLostError(connectionId, 'its apply lock was released');
    if (!this.mirror.isOpen) throw new LeaseLostError(connectionId, 'its mirror was closed');
    if (held.file) {
      let inode: number | null = null;
      try {
        inode = fs.statSync(held.file).ino;
      } catch {
        inode = null;
      }
      if (inode !== held.inode) throw new LeaseLostError(connectionId, `its lock file ${held.file} was removed or replaced`);
    }
    this.renew(connectionId);
  }

  /** Refreshes the holder's row (cheap; called by the keep-alive timer and after writes). */
  renew(connectionId: string): void {
    if (!this.held.has(connectionId)) return;
    const current = this.mirror.getLease(connectionId);
    if (!current || current.owner !== this.owner || current.until - this.clock.now() < (LEASE_MS * 2) / 3) {
      try {
        this.writeRow(connectionId);
      } catch {
        // The row is informational: a busy mirror must not stop the apply (the lock still holds).
      }
    }
  }

  release(connectionId: string): void {
    const held = this.held.get(connectionId);
    if (!held) return;
    clearInterval(held.keepAlive);
    try {
      // Still under the lock: no other process can have written its own row yet.
      if (this.mirror.getLease(connectionId)?.owner === this.owner) this.mirror.setLease(connectionId, null);
    } catch {
      // A closed or busy mirror: the next holder overwrites the row.
    } finally {
      this.held.delete(connectionId);
      if (held.file && processHolders.get(held.file) === this) processHolders.delete(held.file);
      if (held.lock) {
        // The lock file stays: deleting it would let a waiter lock a file another one is about to replace.
        if (held.lock.inTransaction) held.lock.exec('ROLLBACK');
        held.lock.close();
      } else {
        inMemoryHeld.get(this.mirror)?.delete(connectionId);
      }
    }
  }

  private writeRow(connectionId: string): void {
    // One statement, so it takes the mirror's write lock directly (no read-then-write upgrade to fail).
    this.mirror.setLease(connectionId, { owner: this.owner, host: os.hostname(), pid: process.pid, until: this.clock.now() + LEASE_MS });
  }
}
