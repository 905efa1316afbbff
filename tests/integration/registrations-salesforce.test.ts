// Registrations import end to end through the CLI (`apply --json`), with
// Salesforce opportunities: batching, scope (R9), data source lookup,
// zero writes on a re-run, and resuming an interrupted import.
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../main/common/logger';
import type { ConnectionConfig } from '../../main/config/profile';
import { createSalesforceConnector } from '../../main/connectors/salesforce/connector';
import { DEFAULT_SAFEGUARDS } from '../../main/domain/model';
import { previewRegistrations } from '../../main/engine/registrations';
import { addSalesforceOpportunities, type FakeOpportunities } from '../fakes/registration-routes';
import { startRegWorld, storedExternalIds, type RegWorld } from './registrations-harness';

let world: RegWorld<'salesforce'>;
afterEach(async () => world?.close());

const DAY = 24 * 3600 * 1000;
const JAN = Date.parse('2026-01-05T09:00:00Z');

/** Two roles (Sales EMEA, Sales US), one user in each, and Opportunity support. */
async function seed(options: Parameters<typeof startRegWorld>[1] = {}) {
  world = await startRegWorld('salesforce', options);
  const sf = world.source;
  const emea = sf.addRole({ Name: 'Sales EMEA' });
  const us = sf.addRole({ Name: 'Sales US' });
  const ann = sf.addUser({ Name: 'Ann Lee', UserRoleId: emea.Id });
  const bob = sf.addUser({ Name: 'Bob Ray', UserRoleId: us.Id });
  const opportunities = addSalesforceOpportunities(sf);
  return { emea, us, ann, bob, opportunities };
}

/** `count` opportunities, one second apart, owners taken in turn. */
function addMany(opportunities: FakeOpportunities, count: number, owners: string[], from = JAN) {
  for (let i = 0; i < count; i++) opportunities.add({ OwnerId: owners[i % owners.length], modifiedAt: from + i * 1000 });
}

describe('registrations import: Salesforce opportunities', () => {
  it('R9 scope off: imports every opportunity in batches of 100, 100, 50 and prints the counts in apply --json', async () => {
    const { ann, bob, opportunities } = await seed();
    addMany(opportunities, 249, [ann.Id, bob.Id]);
    opportunities.add({ OwnerId: '005UNKNOWN00000001', modifiedAt: JAN + 300_000, Amount: 250, Name: 'Big one', CloseDate: '2026-02-01' });

    const { code, result } = await world.apply();
    expect(code).toBe(0);
    expect(result.status).toBe('applied');
    expect(result.registrations).toEqual({ imported: 250, skippedOutOfScope: 0, failed: 0 });

    expect(world.registrationPosts().map((batch) => batch.length)).toEqual([100, 100, 50]);
    const [source] = [...world.plecto.dataSources.values()];
    expect(world.plecto.dataSources.size).toBe(1);
    expect(source.title).toBe('salesforce records');
    expect(source.fields.map((f) => f.name)).toEqual(['Name', 'StageName', 'Amount', 'IsWon', 'IsClosed']);
    const stored = world.plecto.registrations.get(source.uuid)!;
    expect(stored.size).toBe(250);
    const first = opportunities.list[0];
    expect(stored.get(first.Id)).toEqual({
      data_source: source.uuid,
      member_api_provider: 'Salesforce',
      member_api_id: ann.Id,
      member_name: 'Ann Lee',
      external_id: first.Id,
      date: `${first.CloseDate}T00:00:00Z`,
      Name: first.Name,
      StageName: 'Closed Won',
      Amount: 1000,
      IsWon: true,
      IsClosed: true,
    });
    // An owner the mirror does not know is still imported with the scope off; Plecto matches it by member_api_*.
    expect(stored.get(opportunities.list[249].Id)).toMatchObject({ member_api_id: '005UNKNOWN00000001', Amount: 250 });
  });

  it('a re-run with nothing new sends zero registration writes (and no data source lookup); a new opportunity sends one', async () => {
    const { ann, opportunities } = await seed();
    addMany(opportunities, 120, [ann.Id]);
    expect((await world.apply()).result.registrations).toEqual({ imported: 120, skippedOutOfScope: 0, failed: 0 });

    const mark = world.plecto.log.length;
    const again = await world.apply();
    expect(again.result.registrations).toEqual({ imported: 0, skippedOutOfScope: 0, failed: 0 });
    const after = world.plecto.log.slice(mark);
    expect(after.filter((e) => e.method !== 'GET')).toEqual([]);
    expect(after.filter((e) => e.path.includes('datasources'))).toEqual([]);

    const changed = opportunities.list[5];
    changed.StageName = 'Negotiation';
    changed.SystemModstamp = '2026-02-01T00:00:00.000+0000';
    const mark2 = world.plecto.log.length;
    expect((await world.apply()).result.registrations).toEqual({ imported: 1, skippedOutOfScope: 0, failed: 0 });
    expect(world.registrationPosts(mark2)).toEqual([[expect.objectContaining({ external_id: changed.Id, StageName: 'Negotiation' })]]);
    expect(storedExternalIds(world.plecto)).toHaveLength(120);
  });

  it('R9 scope on: only opportunities of owners in selected teams are imported; the others and unknown owners are skipped and counted', async () => {
    const { emea, ann, bob, opportunities } = await seed({ settings: { onlySelectedTeams: true, selectedTeams: [] } });
    world.connection.settings.selectedTeams = [emea.Id];
    addMany(opportunities, 30, [ann.Id, bob.Id, '005UNKNOWN00000001']);

    const { code, result } = await world.apply();
    expect(code).toBe(0);
    expect(result.registrations).toEqual({ imported: 10, skippedOutOfScope: 20, failed: 0 });
    const owners = new Set(world.registrationPosts().flat().map((item) => item.member_api_id));
    expect([...owners]).toEqual([ann.Id]);

    // Judged at import time from the mirror: once Bob moves into EMEA, his new opportunities come in.
    world.source.users.find((u) => u.Id === bob.Id)!.UserRoleId = emea.Id;
    opportunities.add({ OwnerId: bob.Id, modifiedAt: JAN + DAY });
    expect((await world.apply()).result.registrations).toEqual({ imported: 1, skippedOutOfScope: 0, failed: 0 });
  });

  it('resumes an interrupted import (persistent 5xx on the 2nd batch) with no gap and no duplicate; the re-run posts only what was missing', async () => {
    const { ann, bob, opportunities } = await seed();
    addMany(opportunities, 250, [ann.Id, bob.Id]);
    let posts = 0;
    world.beforeFetch = (url, init) => {
      // The 2nd batch fails on every attempt the client makes.
      if (init?.method === 'POST' && url.endsWith('/registrations/') && ++posts === 2) world.plecto.failNext(5, 503, { path: /registrations/ });
    };
    const first = await world.apply();
    expect(first.code).toBe(4);
    expect(first.result.status).toBe('applied');
    expect(first.result.registrations).toEqual({ imported: 100, skippedOutOfScope: 0, failed: 100 });
    const firstRun = world.registrationPosts().flat().map((r) => r.external_id);
    expect(firstRun).toHaveLength(100);
    expect(world.importState().cursor).toMatch(/^2026-01-05T09:01:39Z\|/);

    world.beforeFetch = null;
    const mark = world.plecto.log.length;
    const second = await world.apply();
    expect(second.code).toBe(0);
    expect(second.result.registrations).toEqual({ imported: 150, skippedOutOfScope: 0, failed: 0 });
    const secondRun = world.registrationPosts(mark).flat().map((r) => r.external_id);
    expect(world.registrationPosts(mark).map((b) => b.length)).toEqual([100, 50]);
    expect(secondRun.filter((id) => firstRun.includes(id))).toEqual([]);
    expect(storedExternalIds(world.plecto)).toEqual(opportunities.list.map((o) => o.Id).sort());
  });

  it('overlap de-duplication: opportunities sharing one SystemModstamp and split by an interruption are neither lost nor re-posted', async () => {
    const { ann, opportunities } = await seed();
    for (let i = 0; i < 150; i++) opportunities.add({ OwnerId: ann.Id, modifiedAt: JAN }); // a mass update: one second
    let posts = 0;
    world.beforeFetch = (url, init) => {
      if (init?.method === 'POST' && url.endsWith('/registrations/') && ++posts === 2) world.plecto.failNext(5, 502, { path: /registrations/ });
    };
    expect((await world.apply()).result.registrations).toEqual({ imported: 100, skippedOutOfScope: 0, failed: 50 });
    world.beforeFetch = null;
    const mark = world.plecto.log.length;
    expect((await world.apply()).result.registrations).toEqual({ imported: 50, skippedOutOfScope: 0, failed: 0 });
    const reposted = world.registrationPosts(mark).flat().map((r) => r.external_id);
    expect(reposted).toEqual(opportunities.list.slice(100).map((o) => o.Id));
    const mark2 = world.plecto.log.length;
    expect((await world.apply()).result.registrations).toEqual({ imported: 0, skippedOutOfScope: 0, failed: 0 });
    expect(world.registrationPosts(mark2)).toEqual([]);
  });

  it('finds the data source by title (case-insensitive) or by uuid instead of creating one; a new data source restarts at `since`', async () => {
    const { ann, opportunities } = await seed({ registrations: { dataSource: 'Salesforce Opportunities' } });
    const existing = world.plecto.addDataSource('salesforce opportunities', ['Name']);
    addMany(opportunities, 3, [ann.Id]);
    expect((await world.apply()).result.registrations.imported).toBe(3);
    expect(world.plecto.dataSources.size).toBe(1);
    expect([...world.plecto.registrations.keys()]).toEqual([existing.uuid]);

    const other = world.plecto.addDataSource('Deals', []);
    world.connection.registrations.dataSource = other.uuid;
    const mark = world.plecto.log.length;
    expect((await world.apply()).result.registrations.imported).toBe(3);
    expect(world.plecto.log.slice(mark).filter((e) => e.path.includes('datasources'))).toEqual([]);
    expect(world.plecto.registrations.get(other.uuid)?.size).toBe(3);
  });

  it('nothing is imported when the plan is held (R10), and registrations stay off unless enabled', async () => {
    const { ann, opportunities } = await seed({ registrations: { enabled: false } });
    addMany(opportunities, 5, [ann.Id]);
    const off = await world.apply();
    expect(off.result.registrations).toEqual({ imported: 0, skippedOutOfScope: 0, failed: 0 });
    expect(world.registrationPosts()).toEqual([]);

    world.connection.registrations.enabled = true;
    world.source.users = []; // the source suddenly has nobody: the plan is held
    const held = await world.apply();
    expect(held.code).toBe(3);
    expect(world.registrationPosts()).toEqual([]);
  });

  it('R9 preview: counts what the next import would send and skip, without any Plecto request or cursor move', async () => {
    const { emea, ann, bob, opportunities } = await seed({ settings: { onlySelectedTeams: true, selectedTeams: [] } });
    world.connection.settings.selectedTeams = [emea.Id];
    addMany(opportunities, 9, [ann.Id, bob.Id, '005UNKNOWN00000001']);
    await world.cli('plan'); // the source snapshot the scope is judged from
    const preview = async () => {
      const sf = world.source;
      const connector = createSalesforceConnector(
        { loginUrl: sf.loginUrl, clientId: sf.clientId, refreshToken: sf.refreshToken },
        { fetch: (url, init) => fetch(url, init), clock: world.clock, logger: silentLogger },
      );
      const config = { ...world.connection, providerLabel: 'Salesforce', safeguards: DEFAULT_SAFEGUARDS } as unknown as ConnectionConfig;
      const mirror = world.openMirror();
      try {
        return await previewRegistrations({ config, connector, mirror });
      } finally {
        mirror.close();
      }
    };
    const mark = world.plecto.log.length;
    expect(await preview()).toEqual({ toImport: 3, skippedOutOfScope: 6 });
    expect(world.plecto.log.length).toBe(mark);
    expect(world.importState().cursor).toBeNull();

    expect((await world.apply()).result.registrations).toEqual({ imported: 3, skippedOutOfScope: 6, failed: 0 });
    expect(await preview()).toEqual({ toImport: 0, skippedOutOfScope: 0 });
    opportunities.add({ OwnerId: ann.Id, modifiedAt: JAN + DAY });
    expect(await preview()).toEqual({ toImport: 1, skippedOutOfScope: 0 });
  });
});
