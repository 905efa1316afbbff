// The desktop app and a cron job share one mirror: only one process at a time
// writes a connection's changes (R12). The lock is an OS lock beside the
// mirror, so a live holder keeps it however long it waits, and a dead one
// loses it the moment it dies. (Killed and simultaneous processes through the
// real command line: tests/integration/cli/hostile-input.test.ts.)
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../../main/common/clock';
import { silentLogger } from '../../../main/common/logger';
import { ApplyLeases, LEASE_MS, LeaseHeldError, LeaseLostError, lockFileName } from '../../../main/engine/apply-lease';
import { createSyncEngine } from '../../../main/engine/sync-engine';
import { MemorySecretStore } from '../../../main/secrets/secret-store';
import { Mirror } from '../../../main/store/mirror';
import { seedSmallCompany, startWorld, writesTo, type World } from '../harness';

let world: World;
const opened: Mirror[] = [];
afterEach(async () => {
  for (const mirror of opened.splice(0)) mirror.close();
  await world?.close();
});

/** A second process's view: its own connection to the same mirror file. */
function secondMirror(): Mirror {
  const mirror = Mirror.open(path.join(world.dir, 'mirror.db'));
  opened.push(mirror);
  return mirror;
}

function engineOn(mirror: Mirror, clock: Clock) {
  return createSyncEngine({
    mirror,
    secrets: new MemorySecretStore(),
    env: world.env,
    fetch: (input, init) => fetch(input, init),
    clock,
    logger: silentLogger,
    plecto: () => world.plectoConfig,
    connection: (id) => world.connections.find((c) => c.id === id) ?? null,
  });
}

describe('apply lease across processes (R12)', () => {
  it('R12 a sync while another process applies the same connection writes nothing and names the holder', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercoms[0]);
    const other = new ApplyLeases(secondMirror(), { now: () => Date.now(), sleep: async () => {} }, 'cron-host pid 4242');
    other.acquire('intercom');
    const run = await world.engine.sync('intercom', 'schedule');
    expect(run.status).toBe('failed');
    expect(run.error).toContain('cron-host pid 4242');
    expect(run.error).toContain('nothing was done');
    expect(world.plecto.writes()).toBe(0);
    other.release('intercom');
    expect((await world.engine.sync('intercom', 'schedule')).status).toBe('applied');
    expect(world.plecto.members.size).toBe(4);
  });

  it('R12 the lock is taken by one holder only, even when its lease row is long past its time', async () => {
    world = await startWorld();
    let now = Date.now();
    const clock: Clock = { now: () => now, sleep: async () => {} };
    const first = new ApplyLeases(world.mirror, clock, 'first');
    const second = new ApplyLeases(secondMirror(), clock, 'second');
    first.acquire('intercom');
    now += 10 * LEASE_MS; // no renewal happened: a time-based lease would have expired
    expect(() => second.acquire('intercom')).toThrow(LeaseHeldError);
    expect(() => second.acquire('intercom')).toThrow(/\(first\)/);
    expect(() => first.check('intercom')).not.toThrow();
    first.release('intercom');
    expect(() => second.acquire('intercom')).not.toThrow();
    expect(world.mirror.getLease('intercom')?.owner).toBe('second');
    second.release('intercom');
    expect(world.mirror.getLease('intercom')).toBeNull();
  });

  it('R12 a holder waiting on a Retry-After longer than the lease keeps it; the second process is refused; no twin teams', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercoms[0]);
    // Ten minutes of Retry-After on the first team create: twice the lease time.
    world.plecto.failNext(1, 429, { retryAfter: 600, path: /\/teams\/$/, method: 'POST' });
    let now = Date.now();
    let waiting!: () => void;
    const waitingStarted = new Promise<void>((resolve) => (waiting = resolve));
    let resume!: () => void;
    const resumed = new Promise<void>((resolve) => (resume = resolve));
    const clock: Clock = {
      now: () => now,
      async sleep(ms) {
        now += ms; // time passes in full for both processes
        if (ms >= LEASE_MS) {
          waiting();
          await resumed;
        }
      },
    };
    const holder = engineOn(world.mirror, clock);
    const second = engineOn(secondMirror(), clock);
    const first = holder.sync('intercom', 'cli');
    await waitingStarted;
    expect(now - Date.now()).toBeGreaterThan(LEASE_MS);
    const refused = await second.sync('intercom', 'schedule');
    expect(refused.status).toBe('failed');
    expect(refused.error).toMatch(/is applying connection "intercom"/);
    resume();
    expect((await first).status).toBe('applied');
    expect([...world.plecto.teams.values()].map((t) => t.name).sort()).toEqual(['Sales', 'Support']);
    expect(writesTo(world.plecto, '/teams/')).toBe(2);
  });

  it('R12 in one process, a holder whose mirror was closed (it can journal nothing more) gives way; its fencing check fails', async () => {
    world = await startWorld();
    const clock: Clock = { now: () => Date.now(), sleep: async () => {} };
    const closing = secondMirror();
    const gone = new ApplyLeases(closing, clock, 'gone');
    gone.acquire('intercom');
    const next = new ApplyLeases(world.mirror, clock, 'next');
    expect(() => next.acquire('intercom')).toThrow(LeaseHeldError);
    closing.close();
    expect(() => gone.check('intercom')).toThrow(LeaseLostError);
    expect(() => next.acquire('intercom')).not.toThrow();
    expect(world.mirror.getLease('intercom')?.owner).toBe('next');
    next.release('intercom');
  });

  it('R12 fencing: a holder whose lock file was replaced stops before its next write', async () => {
    world = await startWorld();
    const leases = new ApplyLeases(world.mirror, { now: () => Date.now(), sleep: async () => {} });
    leases.acquire('intercom');
    const file = path.join(world.dir, 'locks', lockFileName('intercom'));
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    fs.renameSync(file, file + '.moved');
    fs.writeFileSync(file, '');
    expect(() => leases.check('intercom')).toThrow(LeaseLostError);
    leases.release('intercom');
    expect(() => leases.check('intercom')).toThrow(/does not hold/);
  });

  it('R12 a lock taken by a process that has exited is free at once', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercoms[0]);
    const { spawnSync } = await import('node:child_process');
    const file = path.join(world.dir, 'locks', lockFileName('intercom'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // The child takes the lock, writes its row and exits without releasing anything.
    const script = `const D = require('better-sqlite3'); const db = new D(${JSON.stringify(file)}); db.exec('BEGIN EXCLUSIVE');
      const m = new D(${JSON.stringify(path.join(world.dir, 'mirror.db'))});
      m.prepare("INSERT OR REPLACE INTO apply_leases VALUES ('intercom','gone pid',?,?,?)").run(require('os').hostname(), process.pid, Date.now() + 600000);
      process.exit(0);`;
    const child = spawnSync(process.execPath, ['-e', script], { cwd: process.cwd() });
    expect(child.status).toBe(0);
    expect(world.mirror.getLease('intercom')?.owner).toBe('gone pid');
    expect((await world.engine.sync('intercom', 'manual')).status).toBe('applied');
  });
});
