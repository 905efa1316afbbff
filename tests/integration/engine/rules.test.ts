// Engine + real SQLite mirror + fake Plecto and Intercom over real HTTP:
// every rule of contracts/sync-rules.md end to end.
import { afterEach, describe, expect, it } from 'vitest';
import { plectoState, seedSmallCompany, startWorld, writesTo, type World } from '../harness';

let world: World;
afterEach(async () => world?.close());

async function sync(w: World, id = 'intercom', force = false) {
  return w.engine.sync(id, 'manual', { force });
}

describe('directory sync rules, end to end', () => {
  it('R1 R3 R4 create teams, employees and memberships in an empty Plecto', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercoms[0]);
    const run = await sync(world);
    expect(run.status).toBe('applied');
    expect(plectoState(world.plecto)).toEqual({
      teams: ['Sales', 'Support'],
      members: {
        'Ann Lee': { active: true, teams: ['Support'] },
        'Bob Ray': { active: true, teams: ['Support'] },
        'Cat Poe': { active: true, teams: ['Sales'] },
        'Dan Orr': { active: true, teams: ['Sales', 'Support'] },
      },
    });
    const ann = [...world.plecto.members.values()].find((m) => m.name === 'Ann Lee')!;
    expect(ann.api_providers).toEqual([{ provider: 'Intercom', provider_id: '101', email: 'ann@acme.com' }]);
    expect(ann.title).toBe('Agent');
    // One write per team and ONE per employee (created with its teams).
    expect(world.plecto.writes()).toBe(2 + 4);
  });

  it('R1 links an existing Plecto team with the same name (trimmed, any case) instead of creating one', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercoms[0]);
    const existing = world.plecto.addTeam('  support ');
    await sync(world);
    expect(world.plecto.teams.size).toBe(2);
    const dan = [...world.plecto.members.values()].find((m) => m.name === 'Dan Orr')!;
    expect(dan.teams).toContain(existing.uuid);
  });

  it('R1 renames the Plecto team when the source team is renamed', async () => {
    world = await startWorld();
    const { support } = seedSmallCompany(world.intercoms[0]);
    await sync(world);
    support.name = 'Customer Care';
    const run = await sync(world);
    expect(run.plan!.changes.map((c) => [c.kind, c.rule])).toEqual([['update_team', 'R1']]);
    expect(plectoState(world.plecto).teams).toEqual(['Customer Care', 'Sales']);
    expect(world.plecto.teams.size).toBe(2);
  });

  it('R2 never deletes a team deleted in the source: it empties it of managed employees, and re-links when it returns', async () => {
    world = await startWorld();
    const { sales } = seedSmallCompany(world.intercoms[0]);
    await sync(world);
    const salesUuid = [...world.plecto.teams.values()].find((t) => t.name === 'Sales')!.uuid;
    world.intercoms[0].removeTeam(sales.id);
    const run = await sync(world);
    expect(run.plan!.changes.filter((c) => c.rule === 'R2').map((c) => c.employee!.name)).toEqual(['Cat Poe', 'Dan Orr']);
    expect(world.plecto.teams.has(salesUuid)).toBe(true);
    expect(plectoState(world.plecto).members['Cat Poe']).toEqual({ active: true, teams: [] });
    expect(plectoState(world.plecto).members['Dan Orr']).toEqual({ active: true, teams: ['Support'] });
    // The team comes back: same Plecto team, members restored.
    world.intercoms[0].addTeam({ id: sales.id, name: 'Sales' });
    world.intercoms[0].join('103', sales.id);
    await sync(world);
    expect(world.plecto.teams.size).toBe(2);
    expect([...world.plecto.members.values()].find((m) => m.name === 'Cat Poe')!.teams).toEqual([salesUuid]);
  });

  it('R3 links an existing Plecto member by email as a visible link_employee change, without creating a twin', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercoms[0]);
    const existing = world.plecto.addMember({ name: 'Ann Lee', email: 'ANN@acme.com' });
    const planned = await world.engine.plan('intercom', 'manual');
    const link = planned.plan!.changes.find((c) => c.kind === 'link_employee')!;
    expect(link).toMatchObject({ rule: 'R3', employee: { sourceId: '101', plectoUuid: existing.uuid } });
    await world.engine.apply(planned.id);
    expect(world.plecto.members.size).toBe(4);
    expect(world.plecto.members.get(existing.uuid)!.api_providers).toEqual([
      { provider: 'Intercom', provider_id: '101', email: 'ann@acme.com' },
    ]);
  });

  it('R3 matches a member carrying this provider and source id silently (no change, no write)', async () => {
    world = await startWorld();
    const intercom = world.intercoms[0];
    intercom.addAdmin({ id: '101', name: 'Ann Lee', email: 'ann@acme.com', job_title: null });
    world.plecto.addMember({
      name: 'Ann Lee',
      email: 'other@acme.com',
      title: null,
      api_providers: [{ provider: 'Intercom', provider_id: '101', email: 'ann@acme.com' }],
    });
    const run = await sync(world);
    expect(run.plan!.changes).toEqual([]);
    expect(world.plecto.writes()).toBe(0);
    expect(world.mirror.employeeLinks('intercom')).toHaveLength(1);
  });

  it('R3 name and title follow the source', async () => {
    world = await startWorld();
    const { ann } = seedSmallCompany(world.intercoms[0]);
    await sync(world);
    ann.name = 'Ann Lee-Smith';
    ann.job_title = 'Team lead';
    const before = world.plecto.writes();
    const run = await sync(world);
    expect(run.plan!.changes.map((c) => c.kind)).toEqual(['update_employee']);
    const member = [...world.plecto.members.values()].find((m) => m.api_providers[0]?.provider_id === '101')!;
    expect([member.name, member.title]).toEqual(['Ann Lee-Smith', 'Team lead']);
    expect(world.plecto.writes() - before).toBe(1);
  });

  it('R4 follows team moves and never touches memberships in teams this connection did not import', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercoms[0]);
    await sync(world);
    const manualTeam = world.plecto.addTeam('Dashboards crew');
    const bob = [...world.plecto.members.values()].find((m) => m.name === 'Bob Ray')!;
    bob.teams.push(manualTeam.uuid);
    const intercom = world.intercoms[0];
    const bobAdmin = intercom.admins.find((a) => a.id === '102')!;
    bobAdmin.team_ids = [2];
    intercom.teams.find((t) => t.id === '1')!.admin_ids = [101, 104];
    intercom.join('102', '2');
    const run = await sync(world);
    expect(run.plan!.changes.map((c) => `${c.kind} ${c.employee?.name} ${c.team?.name}`)).toEqual([
      'add_membership Bob Ray Sales',
      'remove_membership Bob Ray Support',
    ]);
    expect(plectoState(world.plecto).members['Bob Ray'].teams).toEqual(['Dashboards crew', 'Sales']);
  });

  it('R4 a preview applied later starts from Plecto as it is then: team changes made in Plecto meanwhile are kept', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercoms[0]);
    await sync(world);
    world.intercoms[0].join('101', '2'); // Ann joins Sales in Intercom
    const preview = await world.engine.plan('intercom', 'manual');
    // An hour passes; an admin puts Ann in a Plecto-only team.
    const snapshot = world.mirror.loadPlectoSnapshot()!;
    world.mirror.savePlectoSnapshot(snapshot.dir, snapshot.readAt - 3_600_000);
    const managers = world.plecto.addTeam('Managers');
    const ann = [...world.plecto.members.values()].find((m) => m.name === 'Ann Lee')!;
    ann.teams.push(managers.uuid);
    const run = await world.engine.apply(preview.id);
    expect(run.status).toBe('applied');
    expect(plectoState(world.plecto).members['Ann Lee'].teams).toEqual(['Managers', 'Sales', 'Support']);
  });

  it('R5 deactivates an admin removed from Intercom and removes them from its imported teams only', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercoms[0]);
    await sync(world);
    const other = world.plecto.addTeam('Managers');
    const dan = [...world.plecto.members.values()].find((m) => m.name === 'Dan Orr')!;
    dan.teams.push(other.uuid);
    world.intercoms[0].removeAdmin('104');
    const before = world.plecto.writes();
    const run = await sync(world);
    expect(run.summary).toMatchObject({ deactivate_employee: 1, remove_membership: 2 });
    expect(plectoState(world.plecto).members['Dan Orr']).toEqual({ active: false, teams: ['Managers'] });
    expect(world.plecto.members.has(dan.uuid)).toBe(true); // never deleted
    expect(world.plecto.writes() - before).toBe(1); // one member write carries both
  });

  it('R5 keeps a person active while another connection still has them active; only this connection\'s memberships go', async () => {
    world = await startWorld({ intercoms: 2 });
    const [first, second] = world.intercoms;
    seedSmallCompany(first);
    await sync(world, 'intercom');
    second.addTeam({ id: '9', name: 'EU Desk' });
    second.addAdmin({ id: '555', name: 'Ann Lee', email: 'Ann@Acme.com', job_title: 'Agent' });
    second.join('555', '9');
    await sync(world, 'intercom2');
    const ann = [...world.plecto.members.values()].find((m) => m.name === 'Ann Lee')!;
    expect(ann.api_providers.map((p) => p.provider).sort()).toEqual(['Intercom', 'Intercom 2']);
    first.removeAdmin('101');
    const run = await sync(world, 'intercom');
    expect(run.summary!.deactivate_employee).toBe(0);
    expect(run.plan!.changes.map((c) => [c.kind, c.rule])).toEqual([['remove_membership', 'R5']]);
    expect(plectoState(world.plecto).members['Ann Lee']).toEqual({ active: true, teams: ['EU Desk'] });
    // Gone from every connection that manages her: now deactivated.
    second.addAdmin({ id: '556', name: 'Eve Kay', email: 'eve@acme.com', job_title: null });
    second.removeAdmin('555');
    await sync(world, 'intercom2');
    expect(plectoState(world.plecto).members['Ann Lee']).toEqual({ active: false, teams: [] });
  });

  it('R6 reactivates an employee this sync deactivated when they come back, restoring memberships', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercoms[0]);
    await sync(world);
    const intercom = world.intercoms[0];
    const cat = intercom.admins.find((a) => a.id === '103')!;
    intercom.removeAdmin('103');
    await sync(world);
    expect(plectoState(world.plecto).members['Cat Poe']).toEqual({ active: false, teams: [] });
    intercom.admins.push({ ...cat, team_ids: [2] });
    const run = await sync(world);
    expect(run.plan!.changes.map((c) => [c.kind, c.rule])).toEqual([
      ['add_membership', 'R4'],
      ['reactivate_employee', 'R6'],
    ]);
    expect(plectoState(world.plecto).members['Cat Poe']).toEqual({ active: true, teams: ['Sales'] });
    expect(world.plecto.members.size).toBe(4);
  });

  it('R6 reactivates a managed member someone else deactivated while the source has them active (Revision 2)', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercoms[0]);
    await sync(world);
    const bob = [...world.plecto.members.values()].find((m) => m.name === 'Bob Ray')!;
    bob.is_active = false; // an admin deactivated Bob in Plecto by hand; to keep him so, they would mark him managed manually (R7)
    const run = await sync(world);
    expect(run.plan!.changes.filter((c) => c.kind === 'reactivate_employee').map((c) => c.employee!.name)).toEqual(['Bob Ray']);
    expect(world.plecto.members.get(bob.uuid)!.is_active).toBe(true);
  });

  it('R7 skips employees managed manually, in Plecto or in this app, with the reason', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercoms[0]);
    await sync(world);
    const members = [...world.plecto.members.values()];
    const bob = members.find((m) => m.name === 'Bob Ray')!;
    const cat = members.find((m) => m.name === 'Cat Poe')!;
    bob.managed_manually = true;
    world.mirror.setManuallyManaged(cat.uuid, true);
    world.intercoms[0].removeAdmin('102');
    world.intercoms[0].removeAdmin('103');
    const run = await sync(world);
    expect(run.plan!.changes).toEqual([]);
    expect(run.plan!.skipped.map((s) => [s.employee!.name, s.reason])).toEqual([
      ['Bob Ray', 'managed manually (R7)'],
      ['Cat Poe', 'managed manually (R7)'],
    ]);
    expect(world.plecto.members.get(bob.uuid)!.is_active).toBe(true);
    expect(world.plecto.members.get(cat.uuid)!.is_active).toBe(true);
  });

  it('R8 with "only selected teams": creates only selected teams and their people; leaving the scope does not deactivate', async () => {
    world = await startWorld({ settings: [{ onlySelectedTeams: true, selectedTeams: ['2'] }] });
    seedSmallCompany(world.intercoms[0]);
    await sync(world);
    expect(plectoState(world.plecto)).toEqual({
      teams: ['Sales'],
      members: {
        'Cat Poe': { active: true, teams: ['Sales'] },
        'Dan Orr': { active: true, teams: ['Sales'] },
      },
    });
    // Cat moves to Support (not selected): leaves Sales in Plecto but stays active.
    const intercom = world.intercoms[0];
    intercom.admins.find((a) => a.id === '103')!.team_ids = [1];
    intercom.teams.find((t) => t.id === '2')!.admin_ids = [104];
    intercom.join('103', '1');
    const run = await sync(world);
    expect(run.summary!.deactivate_employee).toBe(0);
    expect(plectoState(world.plecto).members['Cat Poe']).toEqual({ active: true, teams: [] });
  });

  it('R10 a source read that fails changes nothing and records a failed run', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercoms[0]);
    world.intercoms[0].failNext(50, 503, { path: /\/teams/ });
    const run = await sync(world);
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/Intercom/);
    expect(world.plecto.writes()).toBe(0);
    expect(world.mirror.getRun(run.id)!.status).toBe('failed');
  });

  it('R10 a source that suddenly returns nobody is held, and stays held on the next run', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercoms[0]);
    await sync(world);
    for (const id of ['101', '102', '103', '104']) world.intercoms[0].removeAdmin(id);
    const before = world.plecto.writes();
    const run = await sync(world);
    expect(run.status).toBe('held');
    expect(run.holdReason).toMatch(/no people/i);
    const again = await sync(world);
    expect(again.status).toBe('held');
    expect(world.plecto.writes()).toBe(before);
  });

  it('R10 holds a plan that deactivates more than maxDeactivations; force applies it', async () => {
    world = await startWorld({ maxDeactivations: 1 });
    seedSmallCompany(world.intercoms[0]);
    await sync(world);
    world.intercoms[0].removeAdmin('101');
    world.intercoms[0].removeAdmin('102');
    const before = world.plecto.writes();
    const held = await sync(world);
    expect(held.status).toBe('held');
    expect(held.holdReason).toMatch(/2/);
    expect(world.plecto.writes()).toBe(before);
    const applied = await world.engine.apply(held.id, { force: true });
    expect(applied.status).toBe('applied');
    expect(plectoState(world.plecto).members['Ann Lee'].active).toBe(false);
  });

  it('R11 a sync with nothing to do writes nothing, and the same inputs give the same plan', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercoms[0]);
    const first = await world.engine.plan('intercom', 'manual');
    const second = await world.engine.plan('intercom', 'manual');
    expect(second.plan).toEqual(first.plan);
    await world.engine.apply(second.id);
    const before = world.plecto.writes();
    const noop = await sync(world);
    expect(noop.plan!.changes).toEqual([]);
    expect(world.plecto.writes()).toBe(before);
  });

  it('R12 applies teams before employees, retries 429 and 5xx, and reports a failing change while the rest go on', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercoms[0]);
    world.plecto.failNext(1, 429, { retryAfter: 1, path: /teams/ });
    world.plecto.failNext(2, 503, { path: /members/ });
    const run = await sync(world);
    expect(run.status).toBe('applied');
    const writes = world.plecto.log.filter((e) => e.method !== 'GET' && e.status < 300).map((e) => e.path);
    expect(writes.slice(0, 2).every((p) => p.includes('/teams/'))).toBe(true);
    expect(writes.slice(2).every((p) => p.includes('/members/'))).toBe(true);

    // A change that keeps failing is reported; the others are applied.
    world.intercoms[0].admins.find((a) => a.id === '101')!.name = 'Ann Lee-Smith';
    world.intercoms[0].admins.find((a) => a.id === '102')!.name = 'Bob Ray-Jones';
    const ann = [...world.plecto.members.values()].find((m) => m.name === 'Ann Lee')!;
    world.plecto.failNext(100, 500, { path: new RegExp(ann.uuid) });
    const partial = await sync(world);
    expect(partial.status).toBe('partial');
    expect(partial.failed.map((f) => f.description)).toEqual(['Update Ann Lee-Smith']);
    expect(plectoState(world.plecto).members['Bob Ray-Jones']).toBeDefined();
  });

  it('R12 a plan overtaken by a later apply is refused, so nothing is created twice', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercoms[0]);
    const older = await world.engine.plan('intercom', 'manual');
    const newer = await world.engine.plan('intercom', 'manual');
    expect((await world.engine.apply(newer.id)).status).toBe('applied');
    const writes = world.plecto.writes();
    const stale = await world.engine.apply(older.id);
    expect(stale.status).toBe('failed');
    expect(stale.error).toContain(`Run #${newer.id}`);
    expect(world.plecto.writes()).toBe(writes);
    expect(world.plecto.teams.size).toBe(2);
  });

  it('R12 two runs of one connection started together run one after the other: nothing twice', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercoms[0]);
    const [first, second] = await Promise.all([sync(world), sync(world)]);
    expect(first.plan!.changes.length).toBeGreaterThan(0);
    expect(second.plan!.changes).toEqual([]);
    expect(world.plecto.teams.size).toBe(2);
    expect(world.plecto.members.size).toBe(4);
  });

  it('R12 a change touching k employees sends k member writes plus one per team created or renamed', async () => {
    world = await startWorld();
    const { support } = seedSmallCompany(world.intercoms[0]);
    await sync(world);
    const intercom = world.intercoms[0];
    intercom.addTeam({ id: '3', name: 'Billing' });
    intercom.join('101', '3');
    intercom.join('102', '3');
    support.name = 'Care';
    intercom.removeAdmin('103');
    const before = world.plecto.writes();
    await sync(world);
    expect(writesTo(world.plecto, '/teams/', 'POST')).toBe(3);
    // k = 3 employees (Ann, Bob, Cat) + 1 team created + 1 renamed
    expect(world.plecto.writes() - before).toBe(3 + 2);
  });
});
