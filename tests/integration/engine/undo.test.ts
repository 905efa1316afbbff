// R14 undo through the real engine: fake Plecto and sources over HTTP, a real
// SQLite mirror. Each change kind's reverse, and conflicts (a later run, an
// admin's change in Plecto) that leave an item as it is now.
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../main/common/logger';
import type { RunRecord } from '../../../main/domain/run';
import { createUndoPlanner } from '../../../main/engine/undo/undo-run';
import { undoOf } from '../../../main/engine/undo/undo-index';
import { MemorySecretStore } from '../../../main/secrets/secret-store';
import { plectoState, seedSmallCompany, startWorld } from '../harness';
import { fastClock, memberNamed, startMixedWorld, teamNamed, type MixedWorld } from '../world';

let world: MixedWorld;
afterEach(async () => world?.close());

function deps(w: MixedWorld) {
  return {
    mirror: w.mirror,
    secrets: new MemorySecretStore(),
    env: w.env,
    fetch: (input: string, init?: RequestInit) => fetch(input, init),
    clock: fastClock,
    logger: silentLogger,
    plecto: () => w.plectoConfig,
    connection: (id: string) => w.connections.find((c) => c.id === id) ?? null,
  };
}

function undoPlanner(w: MixedWorld) {
  return createUndoPlanner(deps(w));
}

async function planUndo(w: MixedWorld, run: RunRecord): Promise<RunRecord> {
  return undoPlanner(w).planUndo(run.id, 'manual');
}

async function undo(w: MixedWorld, run: RunRecord, force = false): Promise<{ planned: RunRecord; applied: RunRecord }> {
  const planned = await planUndo(w, run);
  const applied = await w.engine.apply(planned.id, { force });
  return { planned, applied };
}

const kinds = (run: RunRecord) =>
  run.plan!.changes.map((c) => [c.kind, c.employee?.name, c.team?.name].filter((part) => part !== undefined).join(' '));

describe('R14 undo a sync', () => {
  it('R14 undoes a first sync: employees it created are deactivated, teams it created stay and are emptied', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercom());
    const first = await world.sync('intercom');
    const { planned, applied } = await undo(world, first);
    expect(planned.status).toBe('planned');
    expect(planned.plan!.undoOf).toBe(first.id);
    expect(undoOf(world.mirror, planned.id)).toBe(first.id);
    expect(planned.plan!.changes.every((c) => c.rule === 'R14')).toBe(true);
    expect(planned.summary).toMatchObject({ remove_membership: 5, deactivate_employee: 4, create_team: 0 });
    expect(planned.plan!.changes.find((c) => c.kind === 'deactivate_employee')!.reason).toBe(
      `undoes run #${first.id}: Ann Lee was created; Plecto employees are deactivated, never deleted (R14)`,
    );
    expect(planned.plan!.notes.join('\n')).toMatch(/Team "Support", created by run #\d+, stays in Plecto/);
    expect(planned.plan!.notes.join('\n')).toMatch(/Registrations are not undone/);
    expect(planned.plan!.notes.join('\n')).toMatch(/next ordinary sync will redo these changes if Intercom still says so/);
    expect(planned.plan!.conflicts).toEqual([]);
    expect(applied.status).toBe('applied');
    // Teams are never deleted (R2); one member write per employee (R12).
    expect(plectoState(world.plecto)).toEqual({
      teams: ['Sales', 'Support'],
      members: {
        'Ann Lee': { active: false, teams: [] },
        'Bob Ray': { active: false, teams: [] },
        'Cat Poe': { active: false, teams: [] },
        'Dan Orr': { active: false, teams: [] },
      },
    });
    expect(world.mirror.journal(applied.id).filter((e) => e.state === 'done')).toHaveLength(4);
  });

  it('R14 reactivates whom the run deactivated and restores the memberships it removed', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercom());
    await world.sync('intercom');
    const before = plectoState(world.plecto);
    world.intercom().removeAdmin('104');
    const leave = await world.sync('intercom');
    expect(plectoState(world.plecto).members['Dan Orr']).toEqual({ active: false, teams: [] });
    const { planned, applied } = await undo(world, leave);
    expect(kinds(planned)).toEqual(['add_membership Dan Orr Support', 'add_membership Dan Orr Sales', 'reactivate_employee Dan Orr']);
    expect(planned.plan!.changes.at(-1)!.reason).toBe(`undoes run #${leave.id}: Dan Orr was deactivated (R14)`);
    expect(applied.status).toBe('applied');
    expect(plectoState(world.plecto)).toEqual(before);
  });

  it('R14 deactivates whom the run reactivated and takes back the memberships it restored', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercom());
    await world.sync('intercom');
    world.intercom().removeAdmin('101');
    await world.sync('intercom');
    const away = plectoState(world.plecto);
    expect(away.members['Ann Lee']).toEqual({ active: false, teams: [] });
    const ann = world.intercom().addAdmin({ id: '101', name: 'Ann Lee', email: 'ann@acme.com', job_title: 'Agent' });
    world.intercom().join(ann.id, '1');
    const back = await world.sync('intercom');
    expect(back.summary).toMatchObject({ reactivate_employee: 1, add_membership: 1 });
    const { planned, applied } = await undo(world, back);
    expect(kinds(planned)).toEqual(['remove_membership Ann Lee Support', 'deactivate_employee Ann Lee']);
    expect(planned.plan!.changes[1].reason).toBe(`undoes run #${back.id}: Ann Lee was reactivated (R14)`);
    expect(applied.status).toBe('applied');
    expect(plectoState(world.plecto)).toEqual(away);
  });

  it('R14 removes memberships the run added, restores those it removed, and gives names and titles back', async () => {
    world = await startWorld();
    const { support } = seedSmallCompany(world.intercom());
    await world.sync('intercom');
    const before = plectoState(world.plecto);
    const intercom = world.intercom();
    // Bob moves from Support to Sales (both sides of Intercom's membership).
    intercom.admins.find((a) => a.id === '102')!.team_ids = [];
    intercom.teams.find((t) => t.id === '1')!.admin_ids = [101, 104];
    intercom.join('102', '2');
    Object.assign(intercom.admins.find((a) => a.id === '101')!, { name: 'Ann Lee-Park', job_title: 'Lead' });
    support.name = 'Customer Care';
    const run = await world.sync('intercom');
    expect(run.summary).toMatchObject({ update_team: 1, update_employee: 1, add_membership: 1, remove_membership: 1 });
    const { planned, applied } = await undo(world, run);
    expect(kinds(planned)).toEqual([
      'update_team Customer Care',
      'update_employee Ann Lee-Park',
      'add_membership Bob Ray Customer Care',
      'remove_membership Bob Ray Sales',
    ]);
    const rename = planned.plan!.changes[0];
    expect(rename).toMatchObject({ name: 'Support', before: { name: 'Customer Care' } });
    expect(planned.plan!.changes[1]).toMatchObject({ name: 'Ann Lee', title: 'Agent', before: { name: 'Ann Lee-Park', title: 'Lead' } });
    expect(applied.status).toBe('applied');
    expect(plectoState(world.plecto)).toEqual(before);
    expect(memberNamed(world.plecto, 'Ann Lee').title).toBe('Agent');
  });

  it('R14 moves a team back under its old parent (Enreach nesting)', async () => {
    world = await startMixedWorld([{ type: 'enreach' }]);
    const en = world.enreach();
    const sales = en.addGroup({ Name: 'Sales' });
    const outbound = en.addGroup({ Name: 'Outbound', ParentId: sales.Id });
    en.addUser({ FirstName: 'Ann', LastName: 'Lee', GroupIds: [outbound.Id] });
    await world.sync('enreach');
    expect(teamNamed(world.plecto, 'Outbound').parent).toBe(teamNamed(world.plecto, 'Sales').uuid);
    outbound.ParentId = null;
    const moved = await world.sync('enreach');
    expect(teamNamed(world.plecto, 'Outbound').parent).toBeNull();
    const { planned, applied } = await undo(world, moved);
    expect(kinds(planned)).toEqual(['update_team Outbound']);
    expect(planned.plan!.changes[0].reason).toBe(`undoes run #${moved.id}: team "Outbound" was moved from under "Sales" (R14)`);
    expect(applied.status).toBe('applied');
    expect(teamNamed(world.plecto, 'Outbound').parent).toBe(teamNamed(world.plecto, 'Sales').uuid);
  });

  it('R14 R1 undoes a parent and child swap without an intermediate cycle', async () => {
    world = await startMixedWorld([{ type: 'enreach' }]);
    const en = world.enreach();
    const sales = en.addGroup({ Name: 'Sales' });
    const outbound = en.addGroup({ Name: 'Outbound', ParentId: sales.Id });
    en.addUser({ FirstName: 'Ann', LastName: 'Lee', GroupIds: [outbound.Id] });
    await world.sync('enreach');
    outbound.ParentId = null;
    sales.ParentId = outbound.Id;
    const swapped = await world.sync('enreach');
    expect(swapped.status).toBe('applied');
    expect(teamNamed(world.plecto, 'Sales').parent).toBe(teamNamed(world.plecto, 'Outbound').uuid);
    const parents = new Map([...world.plecto.teams.values()].map((t) => [t.uuid, t.parent]));
    const logAt = world.plecto.log.length;
    const { planned, applied } = await undo(world, swapped);
    expect(kinds(planned).sort()).toEqual(['update_team Outbound', 'update_team Sales']);
    expect(applied.status, JSON.stringify(applied.failed)).toBe('applied');
    // Replay the team writes in the order sent: no state in between has a cycle.
    const teamWrites = world.plecto.log.slice(logAt).filter((e) => e.method === 'PATCH' && e.path.includes('/teams/'));
    expect(teamWrites).toHaveLength(2);
    for (const entry of teamWrites) {
      const uuid = entry.path.split('/').filter(Boolean).at(-1)!;
      const body = entry.body as { parent?: string | null };
      if (body.parent !== undefined) parents.set(uuid, body.parent);
      for (const start of parents.keys()) {
        const seen = new Set<string>();
        for (let at: string | null | undefined = start; at; at = parents.get(at)) {
          expect(seen.has(at), 'a team is its own ancestor').toBe(false);
          seen.add(at);
        }
      }
    }
    expect(teamNamed(world.plecto, 'Outbound').parent).toBe(teamNamed(world.plecto, 'Sales').uuid);
    expect(teamNamed(world.plecto, 'Sales').parent).toBeNull();
  });

  it('R14 R1 moves a team back under a former parent that is not a team of this connection', async () => {
    world = await startMixedWorld([{ type: 'enreach' }]);
    const headOffice = world.plecto.addTeam('Head Office'); // made by hand, never imported
    const desk = world.plecto.addTeam('Desk', headOffice.uuid);
    world.enreach().addGroup({ Name: 'Desk' }); // top level in Enreach
    const moved = await world.sync('enreach');
    expect(world.plecto.teams.get(desk.uuid)!.parent).toBeNull();
    const { planned, applied } = await undo(world, moved);
    expect(planned.plan!.conflicts ?? []).toEqual([]);
    expect(applied.status, JSON.stringify(applied.failed)).toBe('applied');
    expect(world.plecto.teams.get(desk.uuid)!.parent).toBe(headOffice.uuid);
  });

  it('R14 conflict: what an admin changed in Plecto since the run is left as it is now and listed', async () => {
    world = await startWorld();
    const { support } = seedSmallCompany(world.intercom());
    await world.sync('intercom');
    world.intercom().removeAdmin('101');
    support.name = 'Customer Care';
    const run = await world.sync('intercom');
    // Since the run, an admin reactivated Ann in Plecto and renamed the team again.
    memberNamed(world.plecto, 'Ann Lee').is_active = true;
    teamNamed(world.plecto, 'Customer Care').name = 'Helpdesk';
    const { planned, applied } = await undo(world, run);
    expect(kinds(planned)).toEqual(['add_membership Ann Lee Helpdesk']);
    expect(planned.plan!.conflicts!.map((c) => [c.change.kind, c.now])).toEqual([
      ['update_team', `the team is named "Helpdesk" now (changed in Plecto since run #${run.id})`],
      ['deactivate_employee', `Ann Lee is active now (changed in Plecto since run #${run.id})`],
    ]);
    expect(applied.status).toBe('applied');
    expect(teamNamed(world.plecto, 'Helpdesk')).toBeTruthy();
    expect(memberNamed(world.plecto, 'Ann Lee').is_active).toBe(true);
  });

  it('R14 undoing an older run after a newer one undoes only what is still as that run left it', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercom());
    await world.sync('intercom');
    const intercom = world.intercom();
    intercom.removeAdmin('101');
    intercom.admins.find((a) => a.id === '102')!.job_title = 'Senior Agent';
    const older = await world.sync('intercom');
    // A newer run brings Ann back: her deactivation and membership are no longer as the older run left them.
    const ann = intercom.addAdmin({ id: '101', name: 'Ann Lee', email: 'ann@acme.com', job_title: 'Agent' });
    intercom.join(ann.id, '1');
    const newer = await world.sync('intercom');
    expect(newer.summary).toMatchObject({ reactivate_employee: 1, add_membership: 1 });
    const planned = await planUndo(world, older);
    expect(kinds(planned)).toEqual(['update_employee Bob Ray']);
    expect(planned.plan!.conflicts!.map((c) => [c.change.kind, c.now])).toEqual([
      ['remove_membership', `Ann Lee is in team "Support" now (changed again by run #${newer.id})`],
      ['deactivate_employee', `Ann Lee is active now (changed again by run #${newer.id})`],
    ]);
    // Even when Plecto looks as the older run left it, a later run that touched the item wins.
    intercom.removeAdmin('101');
    const third = await world.sync('intercom');
    expect(memberNamed(world.plecto, 'Ann Lee').is_active).toBe(false);
    const again = await planUndo(world, older);
    expect(again.plan!.conflicts!.find((c) => c.change.kind === 'deactivate_employee')!.now).toBe(
      `Ann Lee is deactivated now (changed again by run #${newer.id})`,
    );
    expect(third.status).toBe('applied');
  });

  it('R14 conflict: a later run of another connection that touched the same member', async () => {
    world = await startWorld({ intercoms: 2 });
    const [first, second] = [world.intercom(), world.intercom('intercom2')];
    const ann = first.addAdmin({ id: '1', name: 'Ann Lee', email: 'ann@acme.com' });
    await world.sync('intercom');
    second.addAdmin({ id: '9', name: 'Ann Lee', email: 'ann@acme.com' });
    await world.sync('intercom2');
    ann.name = 'Ann Lee-Park';
    const renamed = await world.sync('intercom');
    expect(renamed.summary).toMatchObject({ update_employee: 1 });
    // The second workspace still says "Ann Lee": its next run names her back (R3).
    const renamedBack = await world.sync('intercom2');
    expect(renamedBack.summary).toMatchObject({ update_employee: 1 });
    const planned = await planUndo(world, renamed);
    expect(planned.plan!.changes).toEqual([]);
    expect(planned.plan!.conflicts!.map((c) => c.now)).toEqual([
      `Ann Lee's name is "Ann Lee" now (changed again by run #${renamedBack.id} of "intercom2")`,
    ]);
  });

  it('R14 a link made by email is kept and reported; R7 a member managed manually is skipped', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercom());
    world.plecto.addMember({ name: 'Ann Lee', email: 'ann@acme.com' });
    const first = await world.sync('intercom');
    expect(first.summary).toMatchObject({ link_employee: 1, create_employee: 3 });
    world.mirror.setManuallyManaged(memberNamed(world.plecto, 'Bob Ray').uuid, true);
    const planned = await planUndo(world, first);
    expect(planned.plan!.notes).toContain(
      `Run #${first.id} linked Ann Lee to the Plecto employee with the same email; the link is kept (R14).`,
    );
    expect(planned.plan!.skipped).toEqual([
      { employee: { sourceId: '102', name: 'Bob Ray', plectoUuid: memberNamed(world.plecto, 'Bob Ray').uuid }, reason: 'managed manually (R7): not undone' },
    ]);
    expect(kinds(planned).filter((k) => k.startsWith('deactivate'))).toEqual(['deactivate_employee Cat Poe', 'deactivate_employee Dan Orr']);
    // Ann was linked, not created: she stays active; only the membership the run gave her is taken back.
    expect(kinds(planned)).toContain('remove_membership Ann Lee Support');
    expect(kinds(planned)).not.toContain('deactivate_employee Ann Lee');
  });

  it('R14 R10 an undo that deactivates more than the limit is held, and applies with force', async () => {
    world = await startWorld({ maxDeactivations: 2 });
    seedSmallCompany(world.intercom());
    const first = await world.sync('intercom');
    const planned = await planUndo(world, first);
    expect(planned.status).toBe('held');
    expect(planned.holdReason).toMatch(/deactivates 4 employees, more than the limit of 2/);
    const held = await world.engine.apply(planned.id);
    expect(held.status).toBe('held');
    expect(Object.values(plectoState(world.plecto).members).every((m) => m.active)).toBe(true);
    const forced = await world.engine.apply(planned.id, { force: true });
    expect(forced.status).toBe('applied');
    expect(Object.values(plectoState(world.plecto).members).every((m) => !m.active)).toBe(true);
  });

  it('R14 R12 an undo preview overtaken by a later apply of its connection is refused: nothing is written', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercom());
    await world.sync('intercom');
    world.intercom().removeAdmin('101');
    const leave = await world.sync('intercom');
    const planned = await planUndo(world, leave);
    world.intercom().removeAdmin('102');
    await world.sync('intercom');
    const writes = world.plecto.writes();
    const late = await world.engine.apply(planned.id);
    expect(late.status).toBe('failed');
    expect(late.error).toMatch(/after this preview .*preview again/i);
    expect(world.plecto.writes()).toBe(writes);
  });

  it('R14 only an applied run can be undone, and Plecto unreadable fails the undo run', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercom());
    const preview = await world.engine.plan('intercom', 'manual');
    await expect(planUndo(world, preview)).rejects.toThrow(`Run #${preview.id} was not applied (it is planned); only an applied run can be undone`);
    const applied = await world.engine.apply(preview.id);
    world.plecto.failNext(20, 503);
    const failed = await planUndo(world, applied);
    expect(failed.status).toBe('failed');
    expect(failed.error).toBeTruthy();
    expect(plectoState(world.plecto).members['Ann Lee'].active).toBe(true);
  });
});
