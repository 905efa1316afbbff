// Enreach through the whole engine: fake Enreach and fake Plecto over HTTP, a
// real SQLite mirror, every rule of contracts/sync-rules.md that applies to
// Enreach (user groups with nesting are teams, GroupIds are memberships, every
// user is an employee, IsActive drives R5/R6).
import { afterEach, describe, expect, it } from 'vitest';
import type { FakeEnreach } from '../../fakes/enreach-server';
import { plectoState } from '../harness';
import { memberByProvider, memberNamed, startMixedWorld, teamNamed, type MixedWorld } from '../world';

let world: MixedWorld;
afterEach(async () => world?.close());

async function enreachWorld(caseStyle: 'pascal' | 'camel' = 'pascal') {
  world = await startMixedWorld([{ type: 'enreach', caseStyle }]);
  return world.enreach();
}

const sync = () => world.sync('enreach');

/**
 * Groups Sales > Outbound and Support (the child group is created first, so
 * its id sorts before its parent's); four active users, one of them in no
 * group, and one user disabled before the first sync.
 */
function seedTenant(en: FakeEnreach) {
  const outbound = en.addGroup({ Name: 'Outbound' });
  const sales = en.addGroup({ Name: 'Sales' });
  outbound.ParentId = sales.Id;
  const support = en.addGroup({ Name: 'Support' });
  const ann = en.addUser({ FirstName: 'Ann', LastName: 'Lee', GroupIds: [outbound.Id, support.Id] });
  const bob = en.addUser({ FirstName: 'Bob', LastName: 'Ray', GroupIds: [support.Id] });
  const cat = en.addUser({ FirstName: 'Cat', LastName: 'Poe', GroupIds: [sales.Id] });
  const dan = en.addUser({ FirstName: 'Dan', LastName: 'Orr', GroupIds: [] });
  const eve = en.addUser({ FirstName: 'Eve', LastName: 'Kay', IsActive: false, GroupIds: [support.Id] });
  return { outbound, sales, support, ann, bob, cat, dan, eve };
}

const SEEDED_STATE = {
  teams: ['Outbound', 'Sales', 'Support'],
  members: {
    'Ann Lee': { active: true, teams: ['Outbound', 'Support'] },
    'Bob Ray': { active: true, teams: ['Support'] },
    'Cat Poe': { active: true, teams: ['Sales'] },
    'Dan Orr': { active: true, teams: [] },
  },
};

describe('Enreach rules through the engine', () => {
  it('R1 Enreach: user groups become teams, nesting sets parents and a parent is created before its child', async () => {
    const en = await enreachWorld();
    seedTenant(en);
    const run = await sync();
    expect(run.status).toBe('applied');
    expect(plectoState(world.plecto)).toEqual(SEEDED_STATE);
    expect(teamNamed(world.plecto, 'Outbound').parent).toBe(teamNamed(world.plecto, 'Sales').uuid);
    expect(teamNamed(world.plecto, 'Support').parent).toBeNull();
    const created = world.plecto.log.filter((e) => e.method === 'POST' && e.path.endsWith('/teams/')).map((e) => (e.body as { name: string }).name);
    expect(created.indexOf('Sales')).toBeLessThan(created.indexOf('Outbound'));
  });

  it('R1 Enreach: a renamed group renames its team and a changed ParentId moves it', async () => {
    const en = await enreachWorld();
    const { outbound, support } = seedTenant(en);
    await sync();
    const uuid = teamNamed(world.plecto, 'Outbound').uuid;
    outbound.Name = 'Outbound calls';
    outbound.ParentId = support.Id;
    const run = await sync();
    expect(run.plan!.changes.map((c) => [c.kind, c.rule])).toEqual([['update_team', 'R1']]);
    expect(world.plecto.teams.get(uuid)).toMatchObject({ name: 'Outbound calls', parent: teamNamed(world.plecto, 'Support').uuid });
    expect(world.plecto.teams.size).toBe(3);
  });

  it('R2 Enreach: a deleted group keeps its Plecto team, emptied of managed employees', async () => {
    const en = await enreachWorld();
    const { support } = seedTenant(en);
    await sync();
    const uuid = teamNamed(world.plecto, 'Support').uuid;
    en.groups = en.groups.filter((g) => g.Id !== support.Id);
    await sync();
    expect(world.plecto.teams.has(uuid)).toBe(true);
    expect(plectoState(world.plecto).members['Ann Lee']).toEqual({ active: true, teams: ['Outbound'] });
    expect(plectoState(world.plecto).members['Bob Ray']).toEqual({ active: true, teams: [] });
  });

  it('R3 Enreach: every user becomes an employee, with or without a group; a user disabled before the first sync is not created', async () => {
    const en = await enreachWorld();
    const { dan, eve } = seedTenant(en);
    const run = await sync();
    expect(run.summary!.create_employee).toBe(4);
    expect(memberByProvider(world.plecto, 'Enreach', dan.Id)!.api_providers).toEqual([
      { provider: 'Enreach', provider_id: dan.Id, email: 'dan.orr@acme.com' },
    ]);
    expect(memberByProvider(world.plecto, 'Enreach', eve.Id)).toBeUndefined();
  });

  it('R3 Enreach: links an existing Plecto member by email (any case) as a visible link_employee change', async () => {
    const en = await enreachWorld();
    const { bob } = seedTenant(en);
    const existing = world.plecto.addMember({ name: 'Bob Ray', email: 'BOB.RAY@acme.com' });
    const run = await sync();
    expect(run.plan!.changes.filter((c) => c.kind === 'link_employee').map((c) => c.employee!.sourceId)).toEqual([bob.Id]);
    expect(world.plecto.members.size).toBe(4);
    expect(world.plecto.members.get(existing.uuid)!.teams).toEqual([teamNamed(world.plecto, 'Support').uuid]);
  });

  it('R4 Enreach: GroupIds give memberships; a changed GroupIds list adds and removes them', async () => {
    const en = await enreachWorld();
    const { ann, sales, support } = seedTenant(en);
    await sync();
    ann.GroupIds = [sales.Id, support.Id];
    const run = await sync();
    expect(run.plan!.changes.map((c) => `${c.kind} ${c.rule} ${c.team!.name}`).sort()).toEqual([
      'add_membership R4 Sales',
      'remove_membership R4 Outbound',
    ]);
    expect(plectoState(world.plecto).members['Ann Lee']).toEqual({ active: true, teams: ['Sales', 'Support'] });
  });

  it('R5 Enreach: IsActive false deactivates, and a user removed from Enreach is deactivated too', async () => {
    const en = await enreachWorld();
    const { ann, bob } = seedTenant(en);
    await sync();
    const crew = world.plecto.addTeam('Dashboards crew');
    memberNamed(world.plecto, 'Ann Lee').teams.push(crew.uuid);
    ann.IsActive = false;
    en.removeUser(bob.Id);
    const run = await sync();
    expect(run.summary).toMatchObject({ deactivate_employee: 2, remove_membership: 3 });
    expect(plectoState(world.plecto).members['Ann Lee']).toEqual({ active: false, teams: ['Dashboards crew'] });
    expect(plectoState(world.plecto).members['Bob Ray']).toEqual({ active: false, teams: [] });
    expect(world.plecto.members.size).toBe(4); // never deleted
  });

  it('R6 Enreach: reactivated (IsActive true) and re-added users are reactivated with memberships restored', async () => {
    const en = await enreachWorld();
    const { ann, bob } = seedTenant(en);
    await sync();
    ann.IsActive = false;
    en.removeUser(bob.Id);
    await sync();
    ann.IsActive = true;
    en.users.push({ ...bob });
    const run = await sync();
    expect(run.summary).toMatchObject({ reactivate_employee: 2, add_membership: 3, create_employee: 0 });
    expect(plectoState(world.plecto)).toEqual(SEEDED_STATE);
  });

  it('R7 Enreach: an employee managed manually is skipped with the reason', async () => {
    const en = await enreachWorld();
    const { cat } = seedTenant(en);
    await sync();
    memberNamed(world.plecto, 'Cat Poe').managed_manually = true;
    cat.IsActive = false;
    const run = await sync();
    expect(run.plan!.changes).toEqual([]);
    expect(run.plan!.skipped.map((s) => [s.employee!.name, s.reason])).toEqual([['Cat Poe', 'managed manually (R7)']]);
    expect(plectoState(world.plecto).members['Cat Poe'].active).toBe(true);
  });

  it('R8 Enreach: only selected groups and their users are created; a user leaving the scope stays active', async () => {
    world = await startMixedWorld([{ type: 'enreach', settings: { onlySelectedTeams: true } }]);
    const { support, bob } = seedTenant(world.enreach());
    world.connections[0].settings.selectedTeams = [support.Id];
    await sync();
    expect(plectoState(world.plecto)).toEqual({
      teams: ['Support'],
      members: {
        'Ann Lee': { active: true, teams: ['Support'] },
        'Bob Ray': { active: true, teams: ['Support'] },
      },
    });
    bob.GroupIds = [];
    const run = await sync();
    expect(run.summary!.deactivate_employee).toBe(0);
    expect(plectoState(world.plecto).members['Bob Ray']).toEqual({ active: true, teams: [] });
  });

  it('R10 Enreach: a page that fails (after retries) changes nothing and records a failed run', async () => {
    const en = await enreachWorld();
    const { ann } = seedTenant(en);
    await sync();
    // Three pages of users now; the second keeps failing. Ann is gone, but nothing may be applied.
    for (let i = 0; i < 1_100; i++) en.addUser({ FirstName: 'Temp', LastName: `User${i}` });
    en.removeUser(ann.Id);
    en.failNext(100, 503, { path: /\/users\?skip=500&/ });
    const before = world.plecto.writes();
    const run = await sync();
    expect(run.status).toBe('failed');
    expect(run.error).toContain('Enreach');
    expect(run.error).toContain(new URL(en.baseUrl).host);
    expect(run.error).not.toContain(en.secretKey);
    expect(world.plecto.writes()).toBe(before);
    expect(en.log.some((e) => e.path.includes('/users?skip=1000'))).toBe(false); // stopped at the failing page
    expect(plectoState(world.plecto)).toEqual(SEEDED_STATE);
    expect(world.mirror.getRun(run.id)!.status).toBe('failed');
  });

  it('R1 R3 R4 Enreach: a PascalCase tenant and a camelCase tenant give the same Plecto state', async () => {
    const states = [];
    for (const style of ['pascal', 'camel'] as const) {
      const en = await enreachWorld(style);
      seedTenant(en);
      const run = await sync();
      expect(run.status).toBe('applied');
      const groups = (await (await fetch(`${en.baseUrl}/usergroups?skip=0&take=1`, {
        headers: { Authorization: 'Basic ' + Buffer.from(`${en.username}:${en.secretKey}`).toString('base64') },
      })).json()) as Record<string, unknown>[];
      expect(Object.keys(groups[0])).toContain(style === 'camel' ? 'parentId' : 'ParentId');
      states.push({ state: plectoState(world.plecto), parent: teamNamed(world.plecto, 'Outbound').parent === teamNamed(world.plecto, 'Sales').uuid });
      if (style === 'pascal') await world.close(); // the camel world is closed by afterEach
    }
    expect(states[0]).toEqual({ state: SEEDED_STATE, parent: true });
    expect(states[1]).toEqual(states[0]);
  });

  it('R11 Enreach: a sync with nothing to do writes nothing and reads one page of groups and one of users', async () => {
    const en = await enreachWorld();
    seedTenant(en);
    await sync();
    const before = world.plecto.writes();
    const logBefore = en.log.length;
    const noop = await sync();
    expect(noop.plan!.changes).toEqual([]);
    expect(world.plecto.writes()).toBe(before);
    expect(en.log.slice(logBefore).map((e) => e.path)).toEqual(['/usergroups?skip=0&take=500', '/users?skip=0&take=500']);
    expect(noop.apiUsage.Enreach).toBe(2);
  });
});
