// Salesforce through the whole engine: fake Salesforce and fake Plecto over
// HTTP, a real SQLite mirror, every rule of contracts/sync-rules.md that
// applies to Salesforce (roles are teams, Standard users with a synced role
// are employees, IsActive drives R5/R6).
import { afterEach, describe, expect, it } from 'vitest';
import type { FakeSalesforce } from '../../fakes/salesforce-server';
import { plectoState } from '../harness';
import { memberByProvider, memberNamed, startMixedWorld, teamNamed, type ConnectionSpec, type MixedWorld } from '../world';

let world: MixedWorld;
afterEach(async () => world?.close());

async function salesforceWorld(spec: Partial<Extract<ConnectionSpec, { type: 'salesforce' }>> = {}) {
  world = await startMixedWorld([{ type: 'salesforce', ...spec }]);
  return world.salesforce();
}

const sync = () => world.sync('salesforce');

/**
 * Roles Sales > Sales EMEA and Support; three Standard users with roles, and
 * three users that must never be created: a partner, a user without a role,
 * and a user who left before the first sync. The child role is created before
 * its parent, so its id sorts first: creation order cannot come from id order.
 */
function seedOrg(sf: FakeSalesforce) {
  const emea = sf.addRole({ Name: 'Sales EMEA' });
  const sales = sf.addRole({ Name: 'Sales' });
  emea.ParentRoleId = sales.Id;
  const support = sf.addRole({ Name: 'Support' });
  const ann = sf.addUser({ Name: 'Ann Lee', Email: 'ann@acme.com', UserRoleId: emea.Id });
  const bob = sf.addUser({ Name: 'Bob Ray', Email: 'bob@acme.com', UserRoleId: support.Id });
  const cat = sf.addUser({ Name: 'Cat Poe', Email: 'cat@acme.com', UserRoleId: sales.Id });
  const pat = sf.addUser({ Name: 'Pat Partner', Email: 'pat@partner.example', UserType: 'PowerPartner', UserRoleId: sales.Id });
  const nora = sf.addUser({ Name: 'Nora Norole', Email: 'nora@acme.com', UserRoleId: null });
  const ivan = sf.addUser({ Name: 'Ivan Gone', Email: 'ivan@acme.com', IsActive: false, UserRoleId: support.Id });
  return { emea, sales, support, ann, bob, cat, pat, nora, ivan };
}

const SEEDED_STATE = {
  teams: ['Sales', 'Sales EMEA', 'Support'],
  members: {
    'Ann Lee': { active: true, teams: ['Sales EMEA'] },
    'Bob Ray': { active: true, teams: ['Support'] },
    'Cat Poe': { active: true, teams: ['Sales'] },
  },
};

describe('Salesforce rules through the engine', () => {
  it('R1 Salesforce: roles become teams, the role hierarchy sets parents and a parent is created before its child', async () => {
    const sf = await salesforceWorld();
    const { emea, sales, support } = seedOrg(sf);
    const run = await sync();
    expect(run.status).toBe('applied');
    expect(plectoState(world.plecto)).toEqual(SEEDED_STATE);
    const salesTeam = teamNamed(world.plecto, 'Sales');
    expect(teamNamed(world.plecto, 'Sales EMEA').parent).toBe(salesTeam.uuid);
    expect(teamNamed(world.plecto, 'Support').parent).toBeNull();
    const teamPosts = world.plecto.log.filter((e) => e.method === 'POST' && e.path.endsWith('/teams/'));
    expect(teamPosts.map((e) => (e.body as { name: string }).name).indexOf('Sales')).toBeLessThan(
      teamPosts.map((e) => (e.body as { name: string }).name).indexOf('Sales EMEA'),
    );
    expect(world.mirror.teamLinks('salesforce').map((l) => l.sourceId).sort()).toEqual([emea.Id, sales.Id, support.Id].sort());
  });

  it('R1 Salesforce: a changed ParentRoleId moves the team (update_team), also to the top level', async () => {
    const sf = await salesforceWorld();
    const { emea, support } = seedOrg(sf);
    await sync();
    emea.ParentRoleId = support.Id;
    const moved = await sync();
    expect(moved.plan!.changes.map((c) => [c.kind, c.rule, c.team!.name, c.parent?.name])).toEqual([['update_team', 'R1', 'Sales EMEA', 'Support']]);
    expect(teamNamed(world.plecto, 'Sales EMEA').parent).toBe(teamNamed(world.plecto, 'Support').uuid);
    emea.ParentRoleId = null;
    await sync();
    expect(teamNamed(world.plecto, 'Sales EMEA').parent).toBeNull();
    expect(world.plecto.teams.size).toBe(3);
  });

  it('R1 Salesforce: a renamed role renames its Plecto team', async () => {
    const sf = await salesforceWorld();
    const { emea } = seedOrg(sf);
    await sync();
    const uuid = teamNamed(world.plecto, 'Sales EMEA').uuid;
    emea.Name = 'Sales Europe';
    const run = await sync();
    expect(run.plan!.changes.map((c) => [c.kind, c.rule])).toEqual([['update_team', 'R1']]);
    expect(world.plecto.teams.get(uuid)!.name).toBe('Sales Europe');
    expect(plectoState(world.plecto).teams).toEqual(['Sales', 'Sales Europe', 'Support']);
  });

  it('R1 Salesforce: links an existing Plecto team with the same name instead of creating one', async () => {
    const sf = await salesforceWorld();
    seedOrg(sf);
    const existing = world.plecto.addTeam(' SUPPORT');
    await sync();
    expect(world.plecto.teams.size).toBe(3);
    expect(memberNamed(world.plecto, 'Bob Ray').teams).toEqual([existing.uuid]);
  });

  it('R2 Salesforce: a deleted role keeps its Plecto team, emptied of managed employees, who stay active', async () => {
    const sf = await salesforceWorld();
    const { support } = seedOrg(sf);
    await sync();
    const supportUuid = teamNamed(world.plecto, 'Support').uuid;
    sf.roles = sf.roles.filter((r) => r.Id !== support.Id);
    const run = await sync();
    expect(run.plan!.changes.map((c) => [c.kind, c.rule, c.employee?.name])).toEqual([['remove_membership', 'R2', 'Bob Ray']]);
    expect(world.plecto.teams.has(supportUuid)).toBe(true);
    expect(plectoState(world.plecto).members['Bob Ray']).toEqual({ active: true, teams: [] });
  });

  it("R3 Salesforce: only UserType 'Standard' users with a synced role become employees (partner, no role, inactive → not created)", async () => {
    const sf = await salesforceWorld();
    const { pat, nora, ivan, ann } = seedOrg(sf);
    const run = await sync();
    expect(run.summary!.create_employee).toBe(3);
    expect(world.plecto.members.size).toBe(3);
    for (const user of [pat, nora, ivan]) expect(memberByProvider(world.plecto, 'Salesforce', user.Id)).toBeUndefined();
    expect(memberByProvider(world.plecto, 'Salesforce', ann.Id)!.api_providers).toEqual([
      { provider: 'Salesforce', provider_id: ann.Id, email: 'ann@acme.com' },
    ]);
    // A partner user promoted to Standard becomes an employee on the next run.
    pat.UserType = 'Standard';
    await sync();
    expect(plectoState(world.plecto).members['Pat Partner']).toEqual({ active: true, teams: ['Sales'] });
  });

  it('R3 Salesforce: links an existing Plecto member by email (any case) as a visible link_employee change', async () => {
    const sf = await salesforceWorld();
    const { cat } = seedOrg(sf);
    const existing = world.plecto.addMember({ name: 'Catherine Poe', email: 'CAT@Acme.com' });
    const planned = await world.engine.plan('salesforce', 'manual');
    expect(planned.plan!.changes.find((c) => c.kind === 'link_employee')).toMatchObject({
      rule: 'R3',
      employee: { sourceId: cat.Id, plectoUuid: existing.uuid },
    });
    await world.engine.apply(planned.id);
    expect(world.plecto.members.size).toBe(3);
    const linked = world.plecto.members.get(existing.uuid)!;
    expect(linked.name).toBe('Cat Poe'); // the name follows the source
    expect(linked.api_providers).toEqual([{ provider: 'Salesforce', provider_id: cat.Id, email: 'cat@acme.com' }]);
  });

  it('R4 Salesforce: a role change moves the employee between teams, leaving teams Salesforce did not import alone', async () => {
    const sf = await salesforceWorld();
    const { ann, support } = seedOrg(sf);
    await sync();
    const crew = world.plecto.addTeam('Dashboards crew');
    memberNamed(world.plecto, 'Ann Lee').teams.push(crew.uuid);
    ann.UserRoleId = support.Id;
    const run = await sync();
    expect(run.plan!.changes.map((c) => `${c.kind} ${c.rule} ${c.team?.name}`)).toEqual([
      'add_membership R4 Support',
      'remove_membership R4 Sales EMEA',
    ]);
    expect(plectoState(world.plecto).members['Ann Lee']).toEqual({ active: true, teams: ['Dashboards crew', 'Support'] });
  });

  it('R5 Salesforce: IsActive = false deactivates the employee and removes it from imported teams only', async () => {
    const sf = await salesforceWorld();
    const { bob } = seedOrg(sf);
    await sync();
    const crew = world.plecto.addTeam('Dashboards crew');
    const member = memberNamed(world.plecto, 'Bob Ray');
    member.teams.push(crew.uuid);
    bob.IsActive = false;
    const before = world.plecto.writes();
    const run = await sync();
    expect(run.plan!.changes.map((c) => [c.kind, c.rule])).toEqual([
      ['remove_membership', 'R5'],
      ['deactivate_employee', 'R5'],
    ]);
    expect(plectoState(world.plecto).members['Bob Ray']).toEqual({ active: false, teams: ['Dashboards crew'] });
    expect(world.plecto.members.has(member.uuid)).toBe(true); // never deleted
    expect(world.plecto.writes() - before).toBe(1);
  });

  it('R6 Salesforce: a user active again is reactivated with its memberships restored', async () => {
    const sf = await salesforceWorld();
    const { cat } = seedOrg(sf);
    await sync();
    cat.IsActive = false;
    await sync();
    expect(plectoState(world.plecto).members['Cat Poe']).toEqual({ active: false, teams: [] });
    cat.IsActive = true;
    const run = await sync();
    expect(run.plan!.changes.map((c) => [c.kind, c.rule])).toEqual([
      ['add_membership', 'R4'],
      ['reactivate_employee', 'R6'],
    ]);
    expect(plectoState(world.plecto).members['Cat Poe']).toEqual({ active: true, teams: ['Sales'] });
    expect(world.plecto.members.size).toBe(3);
  });

  it('R7 Salesforce: an employee managed manually is never deactivated or moved; the plan lists it as skipped', async () => {
    const sf = await salesforceWorld();
    const { bob, cat, support } = seedOrg(sf);
    await sync();
    memberNamed(world.plecto, 'Bob Ray').managed_manually = true;
    world.mirror.setManuallyManaged(memberNamed(world.plecto, 'Cat Poe').uuid, true);
    bob.IsActive = false;
    cat.UserRoleId = support.Id;
    const before = world.plecto.writes();
    const run = await sync();
    expect(run.plan!.changes).toEqual([]);
    expect(run.plan!.skipped.map((s) => [s.employee!.name, s.reason])).toEqual([
      ['Bob Ray', 'managed manually (R7)'],
      ['Cat Poe', 'managed manually (R7)'],
    ]);
    expect(plectoState(world.plecto).members['Bob Ray']).toEqual({ active: true, teams: ['Support'] });
    expect(plectoState(world.plecto).members['Cat Poe']).toEqual({ active: true, teams: ['Sales'] });
    expect(world.plecto.writes()).toBe(before);
  });

  it('R8 Salesforce: with only selected roles, only those teams and their users are created; leaving the scope does not deactivate', async () => {
    world = await startMixedWorld([{ type: 'salesforce', settings: { onlySelectedTeams: true, selectedTeams: [] } }]);
    const sf = world.salesforce();
    const { sales, support, cat } = seedOrg(sf);
    world.connections[0].settings.selectedTeams = [sales.Id];
    await sync();
    expect(plectoState(world.plecto)).toEqual({ teams: ['Sales'], members: { 'Cat Poe': { active: true, teams: ['Sales'] } } });
    // Bob's role (Support) is not selected: Bob is not created.
    expect(memberNamed.bind(null, world.plecto, 'Bob Ray')).toThrow(/found 0/);
    cat.UserRoleId = support.Id;
    const run = await sync();
    expect(run.summary!.deactivate_employee).toBe(0);
    expect(plectoState(world.plecto).members['Cat Poe']).toEqual({ active: true, teams: [] });
    expect(world.plecto.members.size).toBe(1);
  });

  it('R10 Salesforce: 403 REQUEST_LIMIT_EXCEEDED fails the run with a clear message and no Plecto writes (CLI exit 5)', async () => {
    const sf = await salesforceWorld();
    seedOrg(sf);
    sf.exhaustLimit();
    const run = await sync();
    expect(run.status).toBe('failed');
    expect(run.error).toContain("Salesforce's daily API limit is used up");
    expect(run.error).toContain(new URL(sf.instanceUrl).host);
    expect(run.error).toContain('REQUEST_LIMIT_EXCEEDED');
    expect(run.error).not.toContain(sf.refreshToken);
    expect(run.apiUsage['Salesforce quota']).toBe('api-usage=100000/100000');
    expect(world.mirror.getRun(run.id)!.status).toBe('failed');
    // Not retried: one refused query, then the run stops.
    expect(sf.log.filter((e) => e.status === 403)).toHaveLength(1);

    const cli = await world.cliJson('apply');
    expect(cli.code).toBe(5);
    expect(cli.results[0]).toMatchObject({ connection: 'salesforce', status: 'failed' });
    expect(cli.results[0].error).toContain('daily API limit');
    expect(world.plecto.writes()).toBe(0);
  });

  it('R10 Salesforce: a session that expires mid-read is refreshed once and the sync succeeds', async () => {
    const sf = await salesforceWorld({ batchSize: 2 });
    seedOrg(sf);
    let expired = false;
    world.beforeFetch = (url) => {
      // Expire every session just before the second batch of users is fetched.
      if (!expired && /\/query\/01g\w+-2$/.test(url) && sf.log.some((e) => e.object === 'User')) {
        expired = true;
        sf.expireSessions();
      }
    };
    const run = await sync();
    expect(expired).toBe(true);
    expect(run.status).toBe('applied');
    expect(plectoState(world.plecto)).toEqual(SEEDED_STATE);
    expect(sf.log.filter((e) => e.status === 401)).toHaveLength(1);
    expect(sf.log.filter((e) => e.grantType === 'refresh_token').map((e) => e.status)).toEqual([200, 200]);
  });

  it('R11 Salesforce: a sync with nothing to do writes nothing, and the run records the API usage (Sforce-Limit-Info)', async () => {
    const sf = await salesforceWorld();
    seedOrg(sf);
    const first = await sync();
    expect(first.apiUsage['Salesforce quota']).toMatch(/^api-usage=\d+\/100000$/);
    const before = world.plecto.writes();
    const logBefore = sf.log.length;
    const noop = await sync();
    expect(noop.plan!.changes).toEqual([]);
    expect(world.plecto.writes()).toBe(before);
    // Sign-in, the role query and the user query (one batch each).
    expect(sf.log.length - logBefore).toBe(3);
    expect(noop.apiUsage.Salesforce).toBe(3);
    expect(noop.apiUsage['Salesforce quota']).toBe(`api-usage=${sf.apiUsed}/100000`);
    expect(noop.apiUsage['Plecto writes']).toBe(0);
    const again = await world.engine.plan('salesforce', 'manual');
    expect(again.plan).toEqual(noop.plan);
  });
});
