import { describe, expect, it } from 'vitest';
import { leaveOut, planSync } from '../../../main/engine/plan';
import { edit, ids, member, person, personOf, planInput, plectoTeam, sourceTeam, synced } from './builders';

/**
 * A plan with a bit of everything: a new team "Tier 2" under Support with a new
 * team under it, a linked team moved under it and one renamed and moved under
 * it; Jane joins Tier 2; a new person 3; an email match 4 who is inactive in
 * Plecto (link + reactivation + membership); John (2) gone (deactivation).
 */
function busyPlan() {
  const input = edit(synced(), (d) => {
    d.source.teams.push(
      sourceTeam('T', 'Tier 2', 'A'),
      sourceTeam('C', 'Child', 'T'),
      sourceTeam('U', 'Under', 'T'),
      sourceTeam('R', 'Renamed', 'T'),
    );
    d.plecto.teams.push(plectoTeam('t-U', 'Under'), plectoTeam('t-R', 'Old name'));
    d.teamLinks.push({ sourceId: 'U', plectoUuid: 't-U' }, { sourceId: 'R', plectoUuid: 't-R' });
    personOf(d, '1').teamSourceIds = ['A', 'T'];
    d.source.people = d.source.people.filter((p) => p.sourceId !== '2');
    d.source.people.push(
      person('3', { name: 'New Person', teamSourceIds: ['A', 'T'] }),
      person('4', { name: 'Member m-4', email: 'm-4@example.com', teamSourceIds: ['A'] }),
    );
    d.plecto.members.push(member('m-4', { isActive: false }));
  });
  return planSync(input);
}

describe('leaving changes out (R13)', () => {
  it('R13 the plan under test has the changes the rules below depend on', () => {
    expect(ids(busyPlan())).toEqual([
      'create_team:T',
      'create_team:C',
      'update_team:R',
      'update_team:U',
      'create_employee:3',
      'link_employee:4',
      'add_membership:1:T',
      'add_membership:3:A',
      'add_membership:3:T',
      'add_membership:4:A',
      'remove_membership:2:A',
      'remove_membership:2:B',
      'deactivate_employee:2',
      'reactivate_employee:4',
    ]);
  });

  it('R13 leaving out a create_team leaves out the memberships in that team and the moves of teams under it', () => {
    const plan = busyPlan();
    const result = leaveOut(plan, ['create_team:T']);
    expect(result.changeIds).toEqual(['create_team:T', 'update_team:U', 'add_membership:1:T', 'add_membership:3:T']);
    const reason = "left out because 'Create team Tier 2' is left out (R13)";
    expect(result.dependents).toEqual([
      { changeId: 'update_team:U', because: 'Create team Tier 2', reason },
      { changeId: 'add_membership:1:T', because: 'Create team Tier 2', reason },
      { changeId: 'add_membership:3:T', because: 'Create team Tier 2', reason },
    ]);
    // Never a move to the top level for that reason: a team created under it starts at the top level,
    // a renamed team keeps its rename and stays where it is (R1).
    expect(result.withoutParent).toEqual([
      { changeId: 'create_team:C', reason: "created at the top level because 'Create team Tier 2' is left out (R13)" },
      { changeId: 'update_team:R', reason: "renamed but not moved because 'Create team Tier 2' is left out (R13)" },
    ]);
  });

  it('R13 leaving out a link_employee leaves that member wholly untouched', () => {
    const result = leaveOut(busyPlan(), ['link_employee:4']);
    expect(result.changeIds).toEqual(['link_employee:4', 'add_membership:4:A', 'reactivate_employee:4']);
    expect(result.dependents.map((d) => d.reason)).toEqual([
      "left out because 'Link employee Member m-4' is left out (R13)",
      "left out because 'Link employee Member m-4' is left out (R13)",
    ]);
  });

  it('R13 leaving out a create_employee leaves out its memberships', () => {
    const result = leaveOut(busyPlan(), ['create_employee:3']);
    expect(result.changeIds).toEqual(['create_employee:3', 'add_membership:3:A', 'add_membership:3:T']);
  });

  it('R13 leaving out a deactivation leaves out the removals from this connection’s teams that go with it', () => {
    const result = leaveOut(busyPlan(), ['deactivate_employee:2']);
    expect(result.changeIds).toEqual(['remove_membership:2:A', 'remove_membership:2:B', 'deactivate_employee:2']);
  });

  it('R13 leaving out a reactivation leaves out the memberships it would restore, not the link', () => {
    const result = leaveOut(busyPlan(), ['reactivate_employee:4']);
    expect(result.changeIds).toEqual(['add_membership:4:A', 'reactivate_employee:4']);
    expect(result.dependents).toEqual([
      { changeId: 'add_membership:4:A', because: 'Reactivate Member m-4', reason: "left out because 'Reactivate Member m-4' is left out (R13)" },
    ]);
  });

  it('R13 leaving out changes nothing else depends on leaves out only those; unknown ids are ignored; the plan is not modified', () => {
    const plan = busyPlan();
    const copy = structuredClone(plan);
    const result = leaveOut(plan, ['add_membership:1:T', 'update_employee:404', 'update_team:U']);
    expect(result).toMatchObject({ changeIds: ['update_team:U', 'add_membership:1:T'], dependents: [], withoutParent: [] });
    expect(plan).toEqual(copy);
    expect(leaveOut(plan, [])).toEqual({
      changeIds: [],
      dependents: [],
      withoutParent: [],
      teamOrder: ['create_team:T', 'create_team:C', 'update_team:R', 'update_team:U'],
    });
  });

  it('R13 a change left out by the admin is not listed as a dependent, even when another left-out change implies it', () => {
    const result = leaveOut(busyPlan(), ['add_membership:3:T', 'create_employee:3']);
    expect(result.changeIds).toEqual(['create_employee:3', 'add_membership:3:A', 'add_membership:3:T']);
    expect(result.dependents.map((d) => d.changeId)).toEqual(['add_membership:3:A']);
  });

  it('R13 a created team whose parent create is kept is not listed', () => {
    expect(leaveOut(busyPlan(), ['create_team:C'])).toMatchObject({ changeIds: ['create_team:C'], dependents: [], withoutParent: [] });
  });

  it('R13 leaving out a team move leaves out the moves of teams the plan puts under it (a swap stays cycle-free)', () => {
    // Plecto: Billing under Support. Source: Support under Billing. Plan: Billing to the top, then Support under it.
    const input = edit(synced(), (d) => {
      d.source.teams[0].parentSourceId = 'B';
      d.source.teams[1].parentSourceId = null;
    });
    const plan = planSync(input);
    expect(ids(plan)).toEqual(['update_team:B', 'update_team:A']);
    const result = leaveOut(plan, ['update_team:B'], input.plecto.teams);
    expect(result.changeIds).toEqual(['update_team:B', 'update_team:A']);
    expect(result.dependents).toEqual([
      { changeId: 'update_team:A', because: 'Update team Billing', reason: "left out because 'Update team Billing' is left out (R13)" },
    ]);
    expect(result.teamOrder).toEqual([]);
  });

  it('R13 a kept move that would loop through a team whose move is left out is left out too, given Plecto as it is', () => {
    // Plecto: Top > Q > P. Source: Q at the top level, P under Q, Top under P.
    const input = planInput({
      source: { teams: [sourceTeam('T', 'Top', 'P'), sourceTeam('Q', 'Q'), sourceTeam('P', 'P', 'Q')], people: [] },
      plecto: { teams: [plectoTeam('u-T', 'Top'), plectoTeam('u-Q', 'Q', 'u-T'), plectoTeam('u-P', 'P', 'u-Q')], members: [] },
      teamLinks: ['T', 'Q', 'P'].map((id) => ({ sourceId: id, plectoUuid: `u-${id}` })),
    });
    const plan = planSync(input);
    expect(ids(plan)).toEqual(['update_team:Q', 'update_team:T']);
    // Q stays under Top: moving Top under P (under Q) would put Top inside itself.
    const result = leaveOut(plan, ['update_team:Q'], input.plecto.teams);
    expect(result.changeIds).toEqual(['update_team:Q', 'update_team:T']);
    expect(result.dependents).toEqual([
      {
        changeId: 'update_team:T',
        because: 'Update team Q',
        reason: "left out because, with 'Update team Q' left out, the move would put team Top inside itself (R1, R13)",
      },
    ]);
    expect(result.teamOrder).toEqual([]);
    // Without Plecto's teams only the direct rule applies: nothing is placed under Q, so Top's move is kept.
    expect(leaveOut(plan, ['update_team:Q']).changeIds).toEqual(['update_team:Q']);
  });

  it('R13 a kept move that renames too keeps its rename when its move has to go', () => {
    const input = edit(synced(), (d) => {
      d.source.teams[0].parentSourceId = 'B';
      d.source.teams[1].parentSourceId = null;
      d.source.teams[0].name = 'Customer Support';
    });
    const plan = planSync(input);
    const result = leaveOut(plan, ['update_team:B'], input.plecto.teams);
    expect(result.changeIds).toEqual(['update_team:B']);
    expect(result.withoutParent).toEqual([
      { changeId: 'update_team:A', reason: "renamed but not moved because 'Update team Billing' is left out (R13)" },
    ]);
    expect(result.teamOrder).toEqual(['update_team:A']);
  });

  it('R13 teamOrder puts kept creates first, then updates by depth in the resulting hierarchy', () => {
    const input = planInput({
      source: {
        teams: [sourceTeam('a', 'A', 'b'), sourceTeam('b', 'B', 'c'), sourceTeam('c', 'C', 'n'), sourceTeam('n', 'New', 'd'), sourceTeam('d', 'D')],
        people: [],
      },
      plecto: {
        teams: [plectoTeam('u-a', 'A'), plectoTeam('u-b', 'B', 'u-a'), plectoTeam('u-c', 'C', 'u-b'), plectoTeam('u-d', 'D', 'u-c')],
        members: [],
      },
      teamLinks: ['a', 'b', 'c', 'd'].map((id) => ({ sourceId: id, plectoUuid: `u-${id}` })),
    });
    const plan = planSync(input);
    const result = leaveOut(plan, [], input.plecto.teams);
    expect(result.teamOrder).toEqual(['create_team:n', 'update_team:d', 'update_team:c', 'update_team:b', 'update_team:a']);
    // Leaving out the new team: C cannot move under it, so B and A, which would go under C's new place, stay too.
    const withoutNew = leaveOut(plan, ['create_team:n'], input.plecto.teams);
    expect(withoutNew.changeIds).toEqual(['create_team:n', 'update_team:c', 'update_team:b', 'update_team:a']);
    expect(withoutNew.teamOrder).toEqual(['update_team:d']);
  });
});
