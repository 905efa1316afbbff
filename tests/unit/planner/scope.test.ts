import { describe, expect, it } from 'vitest';
import { planSync } from '../../../main/engine/plan';
import { edit, ids, person, personOf, planInput, sourceTeam, synced } from './builders';

describe('planner: scope (R8)', () => {
  it('R8 creates only the selected teams and only people in at least one selected team', () => {
    const plan = planSync(
      planInput({
        settings: { onlySelectedTeams: true, selectedTeams: ['A', 'not-in-source'] },
        source: {
          teams: [sourceTeam('A', 'Selected'), sourceTeam('B', 'Other', 'A')],
          people: [person('1', { teamSourceIds: ['A', 'B'] }), person('2', { teamSourceIds: ['B'] }), person('3')],
        },
      }),
    );
    expect(ids(plan)).toEqual(['create_team:A', 'create_employee:1', 'add_membership:1:A']);
  });

  it('R8 treats a selected child whose parent is not selected as a top-level team', () => {
    const plan = planSync(
      planInput({
        settings: { onlySelectedTeams: true, selectedTeams: ['B'] },
        source: { teams: [sourceTeam('A', 'Parent'), sourceTeam('B', 'Child', 'A')], people: [] },
      }),
    );
    expect(ids(plan)).toEqual(['create_team:B']);
    expect(plan.changes[0].parent).toBeNull();
  });

  it('R8 syncs memberships for selected teams only: a deselected team keeps its members as they are', () => {
    const input = edit(synced({ settings: { onlySelectedTeams: true, selectedTeams: ['A'] } }), (d) => {
      personOf(d, '2').teamSourceIds = ['A']; // left Billing in the source, but Billing is not selected
      personOf(d, '1').teamSourceIds = ['A', 'B']; // joined Billing, not selected either
      d.source.teams[1].name = 'Billing renamed'; // deselected teams are not renamed either
    });
    const plan = planSync(input);
    expect(plan.changes).toEqual([]);
  });

  it('R8 does not deactivate or update a person who left the scope but is still in the source; it leaves the selected team', () => {
    const input = edit(synced({ settings: { onlySelectedTeams: true, selectedTeams: ['A'] } }), (d) => {
      personOf(d, '1').teamSourceIds = ['B'];
      personOf(d, '1').name = 'Jane Smith';
    });
    const plan = planSync(input);
    expect(ids(plan)).toEqual(['remove_membership:1:A']);
    expect(plan.changes[0].rule).toBe('R4');
  });

  it('R8 without the scope setting, everybody in the source is in scope, including people in no team', () => {
    const input = edit(synced(), (d) => d.source.people.push(person('9')));
    expect(ids(planSync(input))).toEqual(['create_employee:9']);
    const scoped = edit(input, (d) => {
      d.settings.onlySelectedTeams = true;
      d.settings.selectedTeams = ['A', 'B'];
    });
    expect(planSync(scoped).changes).toEqual([]);
  });
});
