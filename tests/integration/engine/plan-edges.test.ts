// Planning edges end to end (issue 8): lists that shift while they are read,
// an approved empty source, changes left out (R13), manual members, teams
// recreated in the source and team parents. Engine + real SQLite mirror +
// fakes over HTTP.
import { afterEach, describe, expect, it } from 'vitest';
import { plectoState, seedSmallCompany, startWorld, type World } from '../harness';
import { startMixedWorld } from '../world';

let world: World;
afterEach(async () => world?.close());

describe('R10 consistent reads', () => {
  /** More members than one page of the client's page size (1,000). */
  function seedManyMembers(w: World, n: number) {
    for (let i = 0; i < n; i++) w.plecto.addMember({ name: `Hand Made ${i}`, email: `hand${i}@acme.com` });
  }

  it('R10 a Plecto member list that shifts once while it is paged is read again, and the sync goes on', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercoms[0]);
    seedManyMembers(world, 1100);
    let shifted = false;
    world.plecto.beforeAnswer = ({ method, path: p, query }) => {
      if (!shifted && method === 'GET' && p.endsWith('/members/') && query.get('page') === '2') {
        shifted = true;
        world.plecto.addMember({ name: 'Late Joiner', email: 'late@acme.com' }); // everything moves by one
      }
    };
    const run = await world.engine.sync('intercom', 'manual');
    expect(shifted).toBe(true);
    expect(run.status).toBe('applied');
    expect(world.plecto.members.size).toBe(1101 + 4);
  });

  it('R10 a Plecto list that keeps shifting fails the read: nothing is written', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercoms[0]);
    seedManyMembers(world, 1100);
    let n = 0;
    world.plecto.beforeAnswer = ({ method, path: p, query }) => {
      if (method === 'GET' && p.endsWith('/members/') && query.get('page') === '2') {
        world.plecto.addMember({ name: `Late Joiner ${n++}`, email: `late${n}@acme.com` });
      }
    };
    const run = await world.engine.sync('intercom', 'manual');
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/changed while it was read, twice/);
    expect(world.plecto.writes()).toBe(0);
  });
});

describe('R10 an approved empty source', () => {
  it('R10 after an admin approves an empty read, the next run with the same empty source is not held again', async () => {
    world = await startWorld();
    const { ann, bob, cat, dan } = seedSmallCompany(world.intercoms[0]);
    await world.engine.sync('intercom', 'manual');
    for (const a of [ann, bob, cat, dan]) world.intercoms[0].removeAdmin(a.id);

    const held = await world.engine.sync('intercom', 'manual');
    expect(held.status).toBe('held');
    expect(held.holdReason).toMatch(/returned no people/);
    expect((await world.engine.apply(held.id, { force: true })).status).toBe('applied');
    expect(Object.values(plectoState(world.plecto).members).every((m) => !m.active)).toBe(true);

    const next = await world.engine.sync('intercom', 'manual');
    expect(next.status).toBe('applied');
    expect(next.plan!.changes).toEqual([]);
  });

  it('R10 an empty read that nobody approved stays held on the next run', async () => {
    world = await startWorld();
    const { ann, bob, cat, dan } = seedSmallCompany(world.intercoms[0]);
    await world.engine.sync('intercom', 'manual');
    for (const a of [ann, bob, cat, dan]) world.intercoms[0].removeAdmin(a.id);
    expect((await world.engine.sync('intercom', 'manual')).status).toBe('held');
    expect((await world.engine.sync('intercom', 'manual')).status).toBe('held');
    expect(world.plecto.writes()).toBe(2 + 4);
  });
});

describe('R13 leaving changes out', () => {
  it('R13 leaving out a link_employee leaves that member wholly untouched', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercoms[0]);
    const ann = world.plecto.addMember({ name: 'Ann Lee', email: 'ann@acme.com', title: 'Lead' });
    const preview = await world.engine.plan('intercom', 'manual');
    const link = preview.plan!.changes.find((c) => c.kind === 'link_employee')!;
    const annChanges = preview.plan!.changes.filter((c) => c.employee?.sourceId === link.employee!.sourceId);
    expect(annChanges.length).toBeGreaterThan(1);

    const run = await world.engine.apply(preview.id, { excludeChangeIds: [link.id] });
    expect(run.status).toBe('applied');
    expect(world.plecto.members.get(ann.uuid)).toMatchObject({ title: 'Lead', teams: [], api_providers: [] });
    expect(world.plecto.log.some((e) => e.method !== 'GET' && JSON.stringify(e.body).includes('ann@acme.com'))).toBe(false);
    expect(new Set(run.excludedChangeIds)).toEqual(new Set(annChanges.map((c) => c.id)));
    expect(run.plan!.notes.join('\n')).toMatch(/left out because 'Link employee Ann Lee' is left out \(R13\)/);
  });

  it('R13 leaving out a create_team leaves out the memberships in that team', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercoms[0]);
    const preview = await world.engine.plan('intercom', 'manual');
    const createSales = preview.plan!.changes.find((c) => c.kind === 'create_team' && c.team!.name === 'Sales')!;
    const run = await world.engine.apply(preview.id, { excludeChangeIds: [createSales.id] });
    expect(run.status).toBe('applied');
    expect(plectoState(world.plecto)).toEqual({
      teams: ['Support'],
      members: {
        'Ann Lee': { active: true, teams: ['Support'] },
        'Bob Ray': { active: true, teams: ['Support'] },
        'Cat Poe': { active: true, teams: [] },
        'Dan Orr': { active: true, teams: ['Support'] },
      },
    });
    const salesAdds = preview.plan!.changes.filter((c) => c.kind === 'add_membership' && c.team!.name === 'Sales');
    expect(run.excludedChangeIds).toEqual(expect.arrayContaining([createSales.id, ...salesAdds.map((c) => c.id)]));
    // The next run plans them again.
    const next = await world.engine.plan('intercom', 'manual');
    expect(next.plan!.changes.map((c) => c.kind).sort()).toEqual(['add_membership', 'add_membership', 'create_team']);
  });
});

describe('R7 manual members are not linked (model-based finding F1)', () => {
  it('R7 a member managed manually in Plecto with a source email is skipped, not linked, and the plan converges', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercoms[0]);
    const ann = world.plecto.addMember({ name: 'Ann Lee', email: 'ann@acme.com', managed_manually: true });
    const first = await world.engine.sync('intercom', 'manual');
    expect(first.plan!.changes.some((c) => c.employee?.name === 'Ann Lee')).toBe(false);
    expect(first.plan!.skipped.find((s) => s.employee?.name === 'Ann Lee')?.reason).toMatch(/managed manually \(R7\)/);
    expect(world.plecto.members.get(ann.uuid)).toMatchObject({ api_providers: [], teams: [] });
    expect((await world.engine.plan('intercom', 'manual')).plan!.changes).toEqual([]);
  });
});

describe('R2 a source team recreated under a new id (model-based finding F2)', () => {
  it('R2 an Enreach group deleted and made again with the same name re-links to the same Plecto team, never a twin', async () => {
    const mixed = await startMixedWorld([{ type: 'enreach' }]);
    world = Object.assign(mixed, { intercoms: [] });
    const enreach = mixed.enreach();
    const sales = world.plecto.addTeam('Sales');
    const old = enreach.addGroup({ Name: 'Sales' });
    const user = enreach.addUser({ FirstName: 'Ann', LastName: 'Lee', Email: 'ann@acme.com', GroupIds: [old.Id] });
    expect((await mixed.sync('enreach')).status).toBe('applied');

    enreach.groups = enreach.groups.filter((g) => g.Id !== old.Id);
    const again = enreach.addGroup({ Name: 'Sales' });
    user.GroupIds = [again.Id];
    const run = await mixed.sync('enreach');
    expect(run.status).toBe('applied');
    expect([...world.plecto.teams.values()].map((t) => t.uuid)).toEqual([sales.uuid]);
    expect(world.mirror.teamLinks('enreach')).toEqual([{ sourceId: again.Id, plectoUuid: sales.uuid }]);
    expect(plectoState(world.plecto).members['Ann Lee']).toEqual({ active: true, teams: ['Sales'] });
    expect((await mixed.engine.plan('enreach', 'manual')).plan!.changes).toEqual([]);
  });
});

describe('R1 team parents end to end', () => {
  it('R1 a parent and child that swap places in Enreach apply in one run with no failure', async () => {
    const mixed = await startMixedWorld([{ type: 'enreach' }]);
    world = Object.assign(mixed, { intercoms: [] });
    const enreach = mixed.enreach();
    const a = enreach.addGroup({ Name: 'Alpha' });
    const b = enreach.addGroup({ Name: 'Beta', ParentId: a.Id });
    expect((await mixed.sync('enreach')).status).toBe('applied');
    const uuid = (name: string) => [...world.plecto.teams.values()].find((t) => t.name === name)!.uuid;
    expect(world.plecto.teams.get(uuid('Beta'))!.parent).toBe(uuid('Alpha'));

    a.ParentId = b.Id;
    b.ParentId = null;
    const run = await mixed.sync('enreach');
    expect(run.status).toBe('applied');
    expect(run.failed).toEqual([]);
    expect(world.plecto.teams.get(uuid('Alpha'))!.parent).toBe(uuid('Beta'));
    expect(world.plecto.teams.get(uuid('Beta'))!.parent).toBeNull();
  });

  it('R1 Intercom never changes the parent an admin gave a team in Plecto', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercoms[0]);
    await world.engine.sync('intercom', 'manual');
    const teams = [...world.plecto.teams.values()];
    const support = teams.find((t) => t.name === 'Support')!;
    const sales = teams.find((t) => t.name === 'Sales')!;
    support.parent = sales.uuid; // nesting made by hand in Plecto
    const run = await world.engine.sync('intercom', 'manual');
    expect(run.plan!.changes).toEqual([]);
    expect(world.plecto.teams.get(support.uuid)!.parent).toBe(sales.uuid);
  });

  it('R1 R8 a parent out of scope leaves the Plecto parent as it is, never the top level', async () => {
    const mixed = await startMixedWorld([{ type: 'enreach' }]);
    world = Object.assign(mixed, { intercoms: [] });
    const enreach = mixed.enreach();
    const parent = enreach.addGroup({ Name: 'Region' });
    const child = enreach.addGroup({ Name: 'Desk', ParentId: parent.Id });
    const handMade = world.plecto.addTeam('Head Office');
    const desk = world.plecto.addTeam('Desk', handMade.uuid);
    mixed.connections[0].settings = { ...mixed.connections[0].settings, onlySelectedTeams: true, selectedTeams: [child.Id] };
    const run = await mixed.sync('enreach');
    expect(run.status).toBe('applied');
    expect(run.plan!.changes.filter((c) => c.kind === 'update_team')).toEqual([]);
    expect(world.plecto.teams.get(desk.uuid)!.parent).toBe(handMade.uuid);
  });
});
