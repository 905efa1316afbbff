// Registrations import of Intercom conversations through the CLI: the search
// overlap and its de-duplication, cursor paging, scope (R9) and resuming.
import { afterEach, describe, expect, it } from 'vitest';
import { addIntercomConversations } from '../fakes/registration-routes';
import { INTERCOM_OVERLAP_SECONDS } from '../../main/connectors/intercom/registrations';
import { startRegWorld, storedExternalIds, type RegWorld } from './registrations-harness';

let world: RegWorld<'intercom'>;
afterEach(async () => world?.close());

const T0 = Date.parse('2026-01-10T08:00:00Z') / 1000;

async function seed(options: Parameters<typeof startRegWorld>[1] = {}) {
  world = await startRegWorld('intercom', options);
  const ic = world.source;
  const support = ic.addTeam({ id: '1', name: 'Support' });
  const sales = ic.addTeam({ id: '2', name: 'Sales' });
  const ann = ic.addAdmin({ id: '101', name: 'Ann Lee', email: 'ann@acme.com' });
  const bob = ic.addAdmin({ id: '102', name: 'Bob Ray', email: 'bob@acme.com' });
  ic.join(ann.id, support.id);
  ic.join(bob.id, sales.id);
  const conversations = addIntercomConversations(ic);
  return { support, sales, conversations };
}

describe('registrations import: Intercom conversations', () => {
  it('pages the search with starting_after (per_page 150) and posts full batches across pages', async () => {
    const { conversations } = await seed();
    for (let i = 0; i < 320; i++) conversations.add({ admin_assignee_id: i % 2 ? 101 : 102, updated_at: T0 + i, team_assignee_id: 1 });
    conversations.add({ admin_assignee_id: null, updated_at: T0 + 5 }); // unassigned: not a registration

    const { code, result } = await world.apply();
    expect(code).toBe(0);
    expect(result.registrations).toEqual({ imported: 320, skippedOutOfScope: 0, failed: 0 });
    expect(world.registrationPosts().map((b) => b.length)).toEqual([100, 100, 100, 20]);
    const searches = conversations.searches as { pagination: { per_page: number; starting_after?: string }; query: unknown }[];
    expect(searches).toHaveLength(3);
    expect(searches.map((s) => s.pagination.per_page)).toEqual([150, 150, 150]);
    expect(searches[0].pagination.starting_after).toBeUndefined();
    expect(searches[1].pagination.starting_after).toEqual(expect.any(String));
    expect(searches[0].query).toEqual({
      operator: 'AND',
      value: [
        { field: 'updated_at', operator: '>', value: Date.parse('2026-01-01T00:00:00Z') / 1000 },
        { field: 'admin_assignee_id', operator: '!=', value: 0 },
      ],
    });
    const item = world.registrationPosts()[0].find((r) => r.external_id === conversations.list[0].id);
    expect(item).toMatchObject({
      member_api_provider: 'Intercom',
      member_api_id: '102',
      member_name: 'Bob Ray',
      date: new Date((T0 - 60) * 1000).toISOString(),
      state: 'closed',
      team_assignee_id: '1',
      title: null,
    });
  });

  it('overlap de-duplication: the re-read window posts nothing twice, but a late-indexed and a re-updated conversation go in', async () => {
    const { conversations } = await seed();
    for (let i = 0; i < 40; i++) conversations.add({ admin_assignee_id: 101, updated_at: T0 + i * 10 });
    expect((await world.apply()).result.registrations.imported).toBe(40);
    const newest = T0 + 390;

    // Nothing new: the next search starts OVERLAP seconds early and re-reads conversations already posted.
    const mark = world.plecto.log.length;
    const searchesBefore = conversations.searches.length;
    expect((await world.apply()).result.registrations).toEqual({ imported: 0, skippedOutOfScope: 0, failed: 0 });
    expect(world.plecto.log.slice(mark).filter((e) => e.method !== 'GET')).toEqual([]);
    const rerun = conversations.searches[searchesBefore] as { query: { value: { value: number }[] } };
    expect(rerun.query.value[0].value).toBe(newest - INTERCOM_OVERLAP_SECONDS);

    // A conversation the index shows late (updated before the cursor) and one updated again.
    const late = conversations.add({ admin_assignee_id: 101, updated_at: newest - 20 });
    const again = conversations.list[39];
    again.updated_at = newest + 50;
    again.state = 'open';
    const mark2 = world.plecto.log.length;
    expect((await world.apply()).result.registrations).toEqual({ imported: 2, skippedOutOfScope: 0, failed: 0 });
    const posted = world.registrationPosts(mark2).flat();
    expect(posted.map((r) => r.external_id).sort()).toEqual([again.id, late.id].sort());
    expect(posted.find((r) => r.external_id === again.id)).toMatchObject({ state: 'open' });
    expect(storedExternalIds(world.plecto)).toHaveLength(41);
  });

  it('R9 scope on: only conversations of admins in the selected team are imported; others are skipped and counted', async () => {
    const { conversations } = await seed({ settings: { onlySelectedTeams: true, selectedTeams: ['1'] } });
    for (let i = 0; i < 12; i++) conversations.add({ admin_assignee_id: [101, 102, 999][i % 3], updated_at: T0 + i });
    const { result } = await world.apply();
    expect(result.registrations).toEqual({ imported: 4, skippedOutOfScope: 8, failed: 0 });
    expect(new Set(world.registrationPosts().flat().map((r) => r.member_api_id))).toEqual(new Set(['101']));
  });

  it('R9 scope off: every assigned conversation is imported, owners outside any team included', async () => {
    const { conversations } = await seed({ settings: { onlySelectedTeams: false, selectedTeams: ['1'] } });
    for (let i = 0; i < 12; i++) conversations.add({ admin_assignee_id: [101, 102, 999][i % 3], updated_at: T0 + i });
    expect((await world.apply()).result.registrations).toEqual({ imported: 12, skippedOutOfScope: 0, failed: 0 });
  });

  it('resumes after a failed batch: the re-run posts only what was missing, and no registration is stored twice', async () => {
    const { conversations } = await seed();
    for (let i = 0; i < 300; i++) conversations.add({ admin_assignee_id: 101, updated_at: T0 + i });
    let posts = 0;
    world.beforeFetch = (url, init) => {
      if (init?.method === 'POST' && url.endsWith('/registrations/') && ++posts === 3) world.plecto.failNext(5, 500, { path: /registrations/ });
    };
    const first = await world.apply();
    expect(first.code).toBe(4);
    expect(first.result.registrations).toEqual({ imported: 200, skippedOutOfScope: 0, failed: 100 });
    const firstIds = world.registrationPosts().flat().map((r) => r.external_id);

    world.beforeFetch = null;
    const mark = world.plecto.log.length;
    expect((await world.apply()).result.registrations).toEqual({ imported: 100, skippedOutOfScope: 0, failed: 0 });
    const secondIds = world.registrationPosts(mark).flat().map((r) => r.external_id);
    expect(secondIds.filter((id) => firstIds.includes(id))).toEqual([]);
    expect(storedExternalIds(world.plecto)).toEqual(conversations.list.map((c) => c.id).sort());
  });

  it('R9 scope on + interruption: a page cursor is saved only once the records buffered before it are posted (no gap)', async () => {
    const { conversations } = await seed({ settings: { onlySelectedTeams: true, selectedTeams: ['1'] } });
    // Two of three in scope, so batches of 100 straddle the source's pages.
    for (let i = 0; i < 300; i++) conversations.add({ admin_assignee_id: i % 3 === 2 ? 102 : 101, updated_at: T0 + i });
    let posts = 0;
    world.beforeFetch = (url, init) => {
      if (init?.method === 'POST' && url.endsWith('/registrations/') && ++posts === 2) world.plecto.failNext(5, 503, { path: /registrations/ });
    };
    expect((await world.apply()).result.registrations).toEqual({ imported: 100, skippedOutOfScope: 100, failed: 100 });

    world.beforeFetch = null;
    const mark = world.plecto.log.length;
    const second = (await world.apply()).result.registrations;
    expect(second.failed).toBe(0);
    // Resumes from the last page whose records were all posted: some overlap, never a gap.
    expect(second.imported).toBeGreaterThanOrEqual(100);
    expect(second.imported).toBeLessThan(200);
    expect(world.registrationPosts(mark)[0]).toHaveLength(100);
    const inScope = conversations.list.filter((c) => c.admin_assignee_id === 101).map((c) => c.id);
    expect(storedExternalIds(world.plecto)).toEqual(inScope.sort());
  });
});

describe('registrations import: a data source create whose answer was lost (R12)', () => {
  it('R12 a data source created by Plecto but answered 502 is looked up, not created twice', async () => {
    const { conversations } = await seed();
    for (let i = 0; i < 5; i++) conversations.add({ admin_assignee_id: 101, updated_at: T0 + i, team_assignee_id: 1 });
    // Plecto makes the data source, then the answer is lost as a 502.
    world.plecto.failNext(1, 502, { method: 'POST', path: /datasources/ });
    world.beforeFetch = (url, init) => {
      if (init?.method === 'POST' && url.includes('/datasources/') && world.plecto.dataSources.size === 0) {
        world.plecto.addDataSource(world.connection.registrations.dataSource!);
      }
    };
    const { code, result } = await world.apply();
    expect(code).toBe(0);
    expect(result.registrations).toEqual({ imported: 5, skippedOutOfScope: 0, failed: 0 });
    expect(world.plecto.dataSources.size).toBe(1);
    expect(world.plecto.log.filter((e) => e.method === 'POST' && e.path.includes('/datasources/'))).toHaveLength(1);
  });
});
