// R10 consistent reads of the sources: a query answer whose record count
// disagrees with the totalSize Salesforce reports, or that repeats a record,
// fails the read and nothing is written. The fake Salesforce is real HTTP; the
// fault is made on the wire by rewriting one answer.
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../main/common/logger';
import { createSyncEngine } from '../../../main/engine/sync-engine';
import { MemorySecretStore } from '../../../main/secrets/secret-store';
import { fastClock } from '../harness';
import { startMixedWorld, type MixedWorld } from '../world';

let world: MixedWorld;
afterEach(async () => world?.close());

/** An engine whose answers to Salesforce user queries are rewritten by `edit`. */
function engineRewritingUsers(w: MixedWorld, edit: (answer: { totalSize: number; records: { Id: string }[] }) => void) {
  return createSyncEngine({
    mirror: w.mirror,
    secrets: new MemorySecretStore(),
    env: w.env,
    clock: fastClock,
    logger: silentLogger,
    plecto: () => w.plectoConfig,
    connection: (id) => w.connections.find((c) => c.id === id) ?? null,
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      if (!/\/query/.test(input) || !/FROM(\+|%20| )User\b/i.test(decodeURIComponent(input))) return response;
      const answer = await response.json();
      edit(answer);
      return new Response(JSON.stringify(answer), { status: response.status, headers: { 'content-type': 'application/json' } });
    },
  });
}

function seed(w: MixedWorld) {
  const sf = w.salesforce();
  const support = sf.addRole({ Name: 'Support' });
  for (let i = 1; i <= 5; i++) sf.addUser({ Name: `Person ${i}`, Email: `p${i}@acme.com`, UserRoleId: support.Id });
}

describe('R10 consistent source reads', () => {
  it('R10 a Salesforce query with fewer records than its totalSize fails the read: nothing is written', async () => {
    world = await startMixedWorld([{ type: 'salesforce' }]);
    seed(world);
    const run = await engineRewritingUsers(world, (a) => a.records.pop()).sync('salesforce', 'manual');
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/reported 5 records but 4 came/);
    expect(world.plecto.writes()).toBe(0);
  });

  it('R10 a Salesforce query that repeats a record fails the read: nothing is written', async () => {
    world = await startMixedWorld([{ type: 'salesforce' }]);
    seed(world);
    const run = await engineRewritingUsers(world, (a) => (a.records[1] = a.records[0])).sync('salesforce', 'manual');
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/came twice/);
    expect(world.plecto.writes()).toBe(0);
  });

  it('R10 a whole Salesforce read syncs as usual', async () => {
    world = await startMixedWorld([{ type: 'salesforce' }]);
    seed(world);
    const run = await engineRewritingUsers(world, () => undefined).sync('salesforce', 'manual');
    expect(run.status).toBe('applied');
    expect(world.plecto.members.size).toBe(5);
  });
});
