// The desktop app and a cron job share one mirror: only one process at a time
// writes a connection's changes, and a dead process's lease expires.
import { afterEach, describe, expect, it } from 'vitest';
import { ApplyLeases, LEASE_MS } from '../../../main/engine/apply-lease';
import { seedSmallCompany, startWorld, type World } from '../harness';

let world: World;
afterEach(async () => world?.close());

describe('apply lease across processes', () => {
  it('R12 a sync while another process applies the same connection writes nothing and says who holds it', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercoms[0]);
    // A live process: this test's parent (the vitest main process).
    const other = new ApplyLeases(world.mirror, { now: () => Date.now(), sleep: async () => {} }, 'cron-host pid 4242', process.ppid);
    other.acquire('intercom');
    const run = await world.engine.sync('intercom', 'schedule');
    expect(run.status).toBe('failed');
    expect(run.error).toContain('cron-host pid 4242');
    expect(world.plecto.writes()).toBe(0);
    other.release('intercom');
    expect((await world.engine.sync('intercom', 'schedule')).status).toBe('applied');
    expect(world.plecto.members.size).toBe(4);
  });

  it('R12 the lease of a process on this machine that no longer runs is void at once', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercoms[0]);
    const { spawnSync } = await import('node:child_process');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    new ApplyLeases(world.mirror, { now: () => Date.now(), sleep: async () => {} }, 'killed pid', Number(dead)).acquire('intercom');
    expect((await world.engine.sync('intercom', 'manual')).status).toBe('applied');
  });

  it('R12 the lease of a process that died elsewhere expires, and the next run proceeds', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercoms[0]);
    const longAgo = Date.now() - 2 * LEASE_MS;
    new ApplyLeases(world.mirror, { now: () => longAgo, sleep: async () => {} }, 'crashed pid 1').acquire('intercom');
    expect((await world.engine.sync('intercom', 'manual')).status).toBe('applied');
  });
});
