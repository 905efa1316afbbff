// Scale through the command line: a Salesforce org of 20,000 users (ten query
// batches of at most 2,000) and an Enreach tenant of 1,200 users (three pages
// of take=500) sync correctly with `apply`, and a second `apply` is a no-op
// that writes nothing. Each test prints the API calls a no-op sync spends per
// connector (source and Plecto), the figures quoted in the closing note.
import { afterEach, describe, expect, it } from 'vitest';
import type { PlectoMemberWire } from '../../fakes/plecto-server';
import { startMixedWorld, type MixedWorld } from '../world';

let world: MixedWorld;
afterEach(async () => world?.close());

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

/** Plecto members by "provider:id"; fails on a member carrying the same provider id twice (a duplicate). */
function membersByProvider(members: Iterable<PlectoMemberWire>): Map<string, PlectoMemberWire> {
  const index = new Map<string, PlectoMemberWire>();
  for (const member of members) {
    for (const p of member.api_providers) {
      const key = `${p.provider}:${p.provider_id}`;
      expect(index.has(key), `duplicate Plecto member for ${key}`).toBe(false);
      index.set(key, member);
    }
  }
  return index;
}

/**
 * A second `apply` right after the first: asserts it has nothing to do and writes nothing, and
 * returns what it spent (the source's requests, Plecto's requests) and how long it took.
 */
async function noOpApply<E>(w: MixedWorld, sourceLog: E[]) {
  const sourceBefore = sourceLog.length;
  const plectoBefore = w.plecto.log.length;
  const started = performance.now();
  const second = await w.cliJson('apply');
  const noopSeconds = seconds(started);
  expect(second.code).toBe(0);
  expect(second.results[0].changes).toEqual([]);
  const plecto = w.plecto.log.slice(plectoBefore);
  expect(plecto.filter((e) => e.method !== 'GET')).toEqual([]);
  return { source: sourceLog.slice(sourceBefore), plecto: { total: plecto.length, writes: 0 }, noopSeconds };
}

describe('scale through the command line', () => {
  it('R1 R3 R4 R11 Salesforce: 20,000 users in 10 query batches sync through `apply`; the second `apply` is a no-op', { timeout: 150_000 }, async () => {
    world = await startMixedWorld([{ type: 'salesforce' }]);
    const sf = world.salesforce();
    // 4 regions, each with 9 sub-roles: 40 roles, the hierarchy two levels deep.
    const regions = Array.from({ length: 4 }, (_, r) => sf.addRole({ Name: `Region ${r + 1}` }));
    const roles = [...regions];
    for (const [r, region] of regions.entries()) {
      for (let k = 1; k <= 9; k++) roles.push(sf.addRole({ Name: `Region ${r + 1} team ${k}`, ParentRoleId: region.Id }));
    }
    const expected = new Map<string, string>(); // user id → role id, for users that must become employees
    for (let i = 0; i < 20_000; i++) {
      const role = roles[i % roles.length];
      // 1 % partner users and 1 % users who left before the first sync: never created (R3).
      const partner = i % 100 === 0;
      const inactive = i % 100 === 1;
      const user = sf.addUser({
        Name: `User ${i}`,
        Email: `user${i}@acme.example`,
        UserRoleId: role.Id,
        UserType: partner ? 'PowerPartner' : 'Standard',
        IsActive: !inactive,
      });
      if (!partner && !inactive) expected.set(user.Id, role.Id);
    }

    const started = performance.now();
    const first = await world.cliJson('apply');
    const firstSeconds = seconds(started);
    expect(first.code, first.stderr).toBe(0);
    expect(first.results[0]).toMatchObject({ connection: 'salesforce', status: 'applied', failed: [] });
    expect(first.results[0].summary).toMatchObject({ create_team: 40, create_employee: 19_600, add_membership: 19_600 });

    // The user query came in 10 batches of at most 2,000 (the role query in one).
    const queryPages = sf.log.filter((e) => e.records !== undefined);
    const userPages = queryPages.filter((e) => e.object !== 'UserRole');
    expect(queryPages.filter((e) => e.object === 'UserRole').map((e) => e.records)).toEqual([40]);
    expect(userPages).toHaveLength(10);
    expect(userPages.every((e) => e.records! <= 2_000)).toBe(true);
    expect(userPages.reduce((sum, e) => sum + e.records!, 0)).toBe(20_000);

    // Every team once, with the hierarchy as parents.
    const teams = [...world.plecto.teams.values()];
    expect(teams).toHaveLength(40);
    const teamOfRole = new Map(world.mirror.teamLinks('salesforce').map((l) => [l.sourceId, l.plectoUuid]));
    expect(teamOfRole.size).toBe(40);
    for (const role of roles) {
      expect(world.plecto.teams.get(teamOfRole.get(role.Id)!)!.parent).toBe(role.ParentRoleId ? teamOfRole.get(role.ParentRoleId) : null);
    }
    // Every eligible user exactly once, a sample checked for its membership.
    const members = membersByProvider(world.plecto.members.values());
    expect(world.plecto.members.size).toBe(19_600);
    expect(members.size).toBe(19_600);
    expect(new Set([...world.plecto.members.values()].map((m) => m.email)).size).toBe(19_600);
    const sample = [...expected.entries()].filter((_, i) => i % 487 === 0);
    expect(sample.length).toBeGreaterThan(40);
    for (const [userId, roleId] of sample) {
      expect(members.get(`Salesforce:${userId}`)).toMatchObject({ is_active: true, teams: [teamOfRole.get(roleId)] });
    }
    for (const user of sf.users.filter((u) => !expected.has(u.Id)).slice(0, 50)) {
      expect(members.has(`Salesforce:${user.Id}`)).toBe(false);
    }

    // The second apply: nothing to do, nothing written.
    const { source, plecto, noopSeconds } = await noOpApply(world, sf.log);
    // Sign-in, the role query, 10 user batches; Plecto: teams (1 page) and members (20 pages of 1,000).
    expect(source).toHaveLength(12);
    expect(plecto.total).toBe(21);
    console.log(
      `[scale] Salesforce, 20,000 users (19,600 employees, 40 roles): first apply ${firstSeconds} s; ` +
        `no-op apply ${noopSeconds} s spending ${source.length} Salesforce requests ` +
        `(${source.filter((e) => e.grantType).length} token, ${source.filter((e) => e.records !== undefined).length} query pages) ` +
        `and ${plecto.total} Plecto requests (${plecto.writes} writes)`,
    );
  });

  it('R1 R3 R4 R11 Enreach: 1,200 users in 3 pages sync through `apply`; the second `apply` is a no-op', { timeout: 60_000 }, async () => {
    world = await startMixedWorld([{ type: 'enreach' }]);
    const en = world.enreach();
    const parents = Array.from({ length: 5 }, (_, g) => en.addGroup({ Name: `Site ${g + 1}` }));
    const groups = [...parents];
    for (const [g, parent] of parents.entries()) {
      for (let k = 1; k <= 5; k++) groups.push(en.addGroup({ Name: `Site ${g + 1} queue ${k}`, ParentId: parent.Id }));
    }
    const expectedGroups = new Map<string, string[]>();
    for (let i = 0; i < 1_200; i++) {
      // Every user is imported (R3), except those disabled before the first sync; some are in two groups.
      const ids = i % 3 === 0 ? [groups[i % 30].Id, groups[(i + 7) % 30].Id] : [groups[i % 30].Id];
      const user = en.addUser({ FirstName: 'Agent', LastName: String(i), GroupIds: ids, IsActive: i % 60 !== 59 });
      if (user.IsActive) expectedGroups.set(user.Id, ids);
    }

    const started = performance.now();
    const first = await world.cliJson('apply');
    const firstSeconds = seconds(started);
    expect(first.code, first.stderr).toBe(0);
    expect(first.results[0]).toMatchObject({ status: 'applied', failed: [] });
    expect(en.log.filter((e) => e.path.startsWith('/users')).map((e) => e.path)).toEqual([
      '/users?skip=0&take=500',
      '/users?skip=500&take=500',
      '/users?skip=1000&take=500',
      '/users?skip=0&take=500', // R10: the first page again, to see the list did not shift while it was read
    ]);

    const teamOfGroup = new Map(world.mirror.teamLinks('enreach').map((l) => [l.sourceId, l.plectoUuid]));
    expect(world.plecto.teams.size).toBe(30);
    for (const group of groups) {
      expect(world.plecto.teams.get(teamOfGroup.get(group.Id)!)).toMatchObject({
        name: group.Name,
        parent: group.ParentId ? teamOfGroup.get(group.ParentId) : null,
      });
    }
    const members = membersByProvider(world.plecto.members.values());
    expect(world.plecto.members.size).toBe(1_180);
    expect(members.size).toBe(1_180);
    for (const [userId, ids] of [...expectedGroups.entries()].filter((_, i) => i % 37 === 0)) {
      expect(members.get(`Enreach:${userId}`)!.teams.sort()).toEqual(ids.map((id) => teamOfGroup.get(id)!).sort());
    }

    const { source, plecto, noopSeconds } = await noOpApply(world, en.log);
    // Groups (1 page) and users (3 pages, then the first again: R10); Plecto: teams (1 page) and members (2 pages of 1,000).
    expect(source).toHaveLength(5);
    expect(plecto.total).toBe(3);
    console.log(
      `[scale] Enreach, 1,200 users (1,180 employees, 30 groups): first apply ${firstSeconds} s; ` +
        `no-op apply ${noopSeconds} s spending ${source.length} Enreach requests and ${plecto.total} Plecto requests (${plecto.writes} writes)`,
    );
  });

  it('R11 Intercom: the API calls a no-op sync spends (500 admins, 20 teams)', { timeout: 60_000 }, async () => {
    world = await startMixedWorld([{ type: 'intercom' }]);
    const intercom = world.intercom();
    for (let t = 1; t <= 20; t++) intercom.addTeam({ id: String(t), name: `Team ${t}` });
    for (let a = 1; a <= 500; a++) {
      const admin = intercom.addAdmin({ id: String(5_000 + a), name: `Admin ${a}`, email: `admin${a}@acme.example`, job_title: null });
      intercom.join(admin.id, String((a % 20) + 1));
    }
    expect((await world.cliJson('apply')).code).toBe(0);
    expect(world.plecto.members.size).toBe(500);
    const { source, plecto, noopSeconds } = await noOpApply(world, intercom.log);
    // Admins and teams, one list each; Plecto: teams and members, one page each.
    expect(source).toHaveLength(2);
    expect(plecto.total).toBe(2);
    console.log(
      `[scale] Intercom, 500 admins, 20 teams: no-op apply ${noopSeconds} s spending ` +
        `${source.length} Intercom requests and ${plecto.total} Plecto requests (0 writes)`,
    );
  });
});
