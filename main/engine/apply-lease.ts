// The desktop app and a cron job may share one mirror. Only one process may
// write a connection's changes to Plecto at a time: it holds a lease in the
// mirror, renews it while it works, and the lease expires by itself if the
// process dies (at once when it ran on this machine), so a crash never blocks
// the next run for long.
import os from 'node:os';
import type { Clock } from '../common/clock';
import type { ApplyLease as Lease, Mirror } from '../store/mirror';

export const LEASE_MS = 5 * 60_000;

/** A lease taken on this machine by a process that no longer runs is void (crash, kill, power loss). */
function holderIsGone(lease: Lease): boolean {
  if (lease.host !== os.hostname()) return false;
  try {
    process.kill(lease.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export class LeaseHeldError extends Error {
  constructor(connectionId: string, owner: string, until: number) {
    super(
      `Another Plecto Directory Sync (${owner}) is applying connection "${connectionId}"; ` +
        `try again after it finishes (its lease ends by ${new Date(until).toISOString()} if it stopped).`,
    );
    this.name = 'LeaseHeldError';
  }
}

export class ApplyLeases {
  constructor(
    private readonly mirror: Mirror,
    private readonly clock: Clock,
    private readonly owner = `${os.hostname()} pid ${process.pid}`,
    private readonly pid = process.pid,
  ) {}

  /** Takes the connection's lease, or throws LeaseHeldError naming the process that holds it. */
  acquire(connectionId: string): void {
    this.mirror.transaction(() => {
      const current = this.read(connectionId);
      if (current && current.owner !== this.owner && current.until > this.clock.now() && !holderIsGone(current)) {
        throw new LeaseHeldError(connectionId, current.owner, current.until);
      }
      this.write(connectionId);
    });
  }

  /** Extends the lease; cheap enough to call after every write. */
  renew(connectionId: string): void {
    const current = this.read(connectionId);
    if (!current || current.until - this.clock.now() < LEASE_MS / 2) this.write(connectionId);
  }

  release(connectionId: string): void {
    if (this.read(connectionId)?.owner === this.owner) this.mirror.setLease(connectionId, null);
  }

  private read(connectionId: string): Lease | null {
    return this.mirror.getLease(connectionId);
  }

  private write(connectionId: string): void {
    this.mirror.setLease(connectionId, { owner: this.owner, host: os.hostname(), pid: this.pid, until: this.clock.now() + LEASE_MS });
  }
}
