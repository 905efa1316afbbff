// R6 and R3 across connections and mirrors: a person who moves from one
// source to another ends active whatever the order of the syncs, and a fresh
// mirror (another data folder or machine) manages the same people through
// Plecto's data suppliers.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../main/common/logger';
import { createSyncEngine } from '../../../main/engine/sync-engine';
import { MemorySecretStore } from '../../../main/secrets/secret-store';
import { Mirror } from '../../../main/store/mirror';
import { fastClock } from '../harness';
import { memberByProvider, startMixedWorld, type MixedWorld } from '../world';

let world: MixedWorld;
const extra: Mirror[] = [];
afterEach(async () => {
  for (const m of extra.splice(0)) m.close();
  await world?.close();
});

async function intercomAndEnreach() {
  world = await startMixedWorld([{ type: 'intercom' }, { type: 'enreach' }]);
  const intercom = world.intercom();
  const team = intercom.addTeam({ id: '1', name: 'Support' });
  const omar = intercom.addAdmin({ id: '201', name: 'Omar Haddad', email: 'omar@acme.com' });
  intercom.join(omar.id, team.id);
  intercom.addAdmin({ id: '202', name: 'Stay Put', email: 'stay@acme.com' });
  return { intercom, omar, enreach: world.enreach() };
}

const omarInPlecto = (w: MixedWorld) => [...w.plecto.members.values()].filter((m) => m.email === 'omar@acme.com');

describe('R6 a person active in any managing connection is active', () => {
  for (const order of [
    ['intercom', 'enreach'],
    ['enreach', 'intercom'],
  ] as const) {
    it(`R6 removed from Intercom and added to Enreach ends active (syncs in the order ${order.join(', ')})`, async () => {
      const { intercom, omar, enreach } = await intercomAndEnreach();
      expect((await world.sync('intercom')).status).toBe('applied');
      intercom.removeAdmin(omar.id);
      enreach.addUser({ FirstName: 'Omar', LastName: 'Haddad', Email: 'omar@acme.com', UserName: 'omar@acme.com' });

      for (const id of order) expect(['applied', 'partial']).toContain((await world.sync(id)).status);
      // And once more each, to see it stays so.
      for (const id of order) await world.sync(id);
      const omars = omarInPlecto(world);
      expect(omars).toHaveLength(1);
      expect(omars[0].is_active).toBe(true);
      expect(omars[0].teams).toEqual([]); // left Intercom's team
    });
  }
});

describe('R3 Plecto is the record of who is managed', () => {
  /** An engine on a new, empty data folder: another machine. */
  function freshMachine(w: MixedWorld) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dirsync-fresh-'));
    const mirror = Mirror.open(path.join(dir, 'mirror.db'));
    extra.push(mirror);
    return createSyncEngine({
      mirror,
      secrets: new MemorySecretStore(),
      env: w.env,
      fetch: (i, init) => fetch(i, init),
      clock: fastClock,
      logger: silentLogger,
      plecto: () => w.plectoConfig,
      connection: (id) => w.connections.find((c) => c.id === id) ?? null,
      connections: () => w.connections,
    });
  }

  it('R3 R5 R6 a fresh mirror deactivates a leaver and reactivates a returner exactly as the old mirror would', async () => {
    world = await startMixedWorld([{ type: 'intercom' }]);
    const intercom = world.intercom();
    const team = intercom.addTeam({ id: '1', name: 'Support' });
    for (const [id, name] of [['301', 'Ann Lee'], ['302', 'Bob Ray'], ['303', 'Cat Poe']]) {
      intercom.addAdmin({ id, name, email: `${id}@acme.com` });
      intercom.join(id, team.id);
    }
    await world.sync('intercom');
    intercom.removeAdmin('302');
    await world.sync('intercom'); // Bob deactivated by the old mirror
    expect(memberByProvider(world.plecto, 'Intercom', '302')!.is_active).toBe(false);

    // On a second machine: Ann leaves, Bob comes back.
    intercom.removeAdmin('301');
    const bob = intercom.addAdmin({ id: '302', name: 'Bob Ray', email: '302@acme.com' });
    intercom.join(bob.id, team.id);
    const fresh = freshMachine(world);
    const run = await fresh.sync('intercom', 'manual');
    expect(run.status).toBe('applied');
    expect(run.plan!.changes.map((c) => `${c.kind} ${c.employee?.name ?? c.team?.name}`).sort()).toEqual([
      'add_membership Bob Ray',
      'deactivate_employee Ann Lee',
      'reactivate_employee Bob Ray',
      'remove_membership Ann Lee',
    ]);
    expect(world.plecto.teams.size).toBe(1);
    expect(world.plecto.members.size).toBe(3);
    expect(memberByProvider(world.plecto, 'Intercom', '301')!.is_active).toBe(false);
    expect(memberByProvider(world.plecto, 'Intercom', '302')!.is_active).toBe(true);
    expect((await fresh.plan('intercom', 'manual')).plan!.changes).toEqual([]);
  });
});
