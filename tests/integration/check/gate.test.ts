// Issue 10, point 7: plan and apply refuse to write while the last `check`
// found a difference in something the sync writes through — and on the first
// use of an account they run a quick check themselves. assertCompatible is
// what the engine calls before it reads or writes.
import { afterEach, describe, expect, it } from 'vitest';
import { assertCompatible, CompatibilityError, type GateDeps } from '../../../main/check/gate';
import { silentLogger } from '../../../main/common/logger';
import { ASSUMED } from '../../../main/plecto/wire';
import { MemorySecretStore } from '../../../main/secrets/secret-store';
import { startFakePlecto } from '../../fakes/plecto-server';
import { rejectionOf } from '../../support/test-kit';
import { fastClock, startMixedWorld, type MixedWorld } from '../world';

let world: MixedWorld;
afterEach(async () => world?.close());

async function start(): Promise<MixedWorld> {
  const w = await startMixedWorld([{ type: 'intercom' }]);
  w.plecto.addMember({ name: 'Ann Lee', email: 'ann@acme.com', api_providers: [{ provider: 'Intercom', provider_id: '101' }] });
  w.intercom().addAdmin({ name: 'Ann Lee', email: 'ann@acme.com' });
  return w;
}

function gateDeps(w: MixedWorld, quickCheck?: boolean): GateDeps {
  return {
    mirror: w.mirror,
    http: { fetch: (input, init) => fetch(input, init), clock: fastClock, logger: silentLogger },
    sources: { secrets: new MemorySecretStore(), env: w.env },
    plecto: () => w.plectoConfig,
    connection: (id) => w.connections.find((c) => c.id === id) ?? null,
    ...(quickCheck === undefined ? {} : { quickCheck }),
  };
}

describe('assertCompatible (point 7)', () => {
  it('first use of an account: runs a quick, read-only check and keeps it; a compatible account passes', async () => {
    world = await start();
    await assertCompatible('plecto', gateDeps(world));
    await assertCompatible('intercom', gateDeps(world));
    expect(world.plecto.log.length).toBeGreaterThan(0);
    expect(world.plecto.log.every((e) => e.method === 'GET')).toBe(true);
    expect(world.mirror.lastCheckResult('plecto')).toMatchObject({ system: 'plecto' });
    // Checked once: the next call reads nothing.
    const before = world.plecto.log.length;
    await assertCompatible('plecto', gateDeps(world));
    expect(world.plecto.log.length).toBe(before);
  });

  it('a difference the sync writes through is refused with the item named, and nothing is written', async () => {
    world = await start();
    world.plecto.switches.renameMemberFields = { api_providers: 'data_suppliers' };
    const error = await rejectionOf(assertCompatible('plecto', gateDeps(world)), CompatibilityError);
    expect(error.message).toContain(`"${ASSUMED.apiProviders.item}"`);
    expect(error.message).toContain('Nothing was written');
    expect(world.plecto.writes()).toBe(0);
  });

  it('the last `check` decides until `check` runs again: a fixed account passes only after a new check', async () => {
    world = await start();
    world.plecto.switches.listShape = 'other';
    expect((await world.cli('check')).code).toBe(5);
    world.plecto.switches.listShape = 'paged';
    const error = await rejectionOf(assertCompatible('plecto', gateDeps(world)), CompatibilityError);
    expect(error.message).toContain(`"${ASSUMED.listShape.item}"`);
    expect((await world.cli('check')).code).toBe(0);
    await expect(assertCompatible('plecto', gateDeps(world))).resolves.toBeUndefined();
  });

  it('a difference the sync does not write through (no rate headers) is reported by check but does not block', async () => {
    world = await start();
    world.intercom().omitRateHeaders = true;
    expect((await world.cli('check')).code).toBe(5);
    await expect(assertCompatible('intercom', gateDeps(world))).resolves.toBeUndefined();
  });

  it('another account (another Plecto host) is a first use: checked again', async () => {
    world = await start();
    await assertCompatible('plecto', gateDeps(world));
    const other = await startFakePlecto({ renameMemberFields: { is_active: 'active' } });
    try {
      other.addMember({ name: 'Bob Ray', email: 'bob@acme.com' });
      world.plectoConfig.baseUrl = other.baseUrl;
      const error = await rejectionOf(assertCompatible('plecto', gateDeps(world)), CompatibilityError);
      expect(error.message).toContain(`"${ASSUMED.memberFields.item}"`);
      expect(other.log.length).toBeGreaterThan(0);
    } finally {
      await other.close();
    }
  });

  it('quickCheck: false trusts an account never checked (nothing is read)', async () => {
    world = await start();
    world.plecto.switches.listShape = 'other';
    await expect(assertCompatible('plecto', gateDeps(world, false))).resolves.toBeUndefined();
    expect(world.plecto.log).toEqual([]);
  });
});
