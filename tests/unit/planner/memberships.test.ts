import { describe, expect, it } from 'vitest';
import { planSync } from '../../../main/engine/plan';
import { change, edit, ids, member, memberOf, person, personOf, planInput, plectoTeam, sourceTeam, synced } from './builders';

describe('planner: memberships (R4)', () => {
  it('R4 adds a membership for a team joined in the source and removes one for a team left', () => {
    const input = edit(synced(), (d) => {
      personOf(d, '1').teamSourceIds = ['B'];
    });
    const plan = planSync(input);
    expect(ids(plan)).toEqual(['add_membership:1:B', 'remove_membership:1:A']);
    expect(change(plan, 'add_membership:1:B')).toEqual({
      id: 'add_membership:1:B',
      kind: 'add_membership',
      rule: 'R4',
      reason: 'Jane Doe is in Intercom team "Billing" (R4)',
      employee: { sourceId: '1', name: 'Jane Doe', email: 'jane@example.com', plectoUuid: 'm-1' },
      team: { sourceId: 'B', name: 'Billing', plectoUuid: 't-B' },
    });
    expect(change(plan, 'remove_membership:1:A').reason).toBe('Jane Doe left Intercom team "Support" (R4)');
  });

  it('R4 puts a created employee into created and existing teams (uuids null until created)', () => {
    const input = edit(synced(), (d) => {
      d.source.teams.push(sourceTeam('N', 'Night shift'));
      d.source.people.push(person('3', { name: 'New Person', teamSourceIds: ['A', 'N'] }));
    });
    const plan = planSync(input);
    expect(ids(plan)).toEqual(['create_team:N', 'create_employee:3', 'add_membership:3:A', 'add_membership:3:N']);
    expect(change(plan, 'add_membership:3:N')).toMatchObject({
      employee: { sourceId: '3', plectoUuid: null },
      team: { sourceId: 'N', name: 'Night shift', plectoUuid: null },
    });
    expect(change(plan, 'add_membership:3:A').team).toEqual({ sourceId: 'A', name: 'Support', plectoUuid: 't-A' });
  });

  it('R4 never touches memberships in teams this connection did not import', () => {
    const input = edit(synced(), (d) => {
      d.plecto.teams.push(plectoTeam('t-foreign', 'Managers'));
      memberOf(d, 'm-1').teams.push('t-foreign');
      d.source.teams.push(sourceTeam('X', 'Unrelated'));
      d.teamLinks.push({ sourceId: 'X', plectoUuid: 't-other-connection-gone' });
    });
    expect(ids(planSync(input))).toEqual(['create_team:X']);
  });

  it('R4 treats a team matched by name in this plan as imported: memberships follow the source', () => {
    const plan = planSync(
      planInput({
        source: { teams: [sourceTeam('A', 'Support'), sourceTeam('B', 'Billing')], people: [person('1', { teamSourceIds: ['A'] })] },
        plecto: {
          teams: [plectoTeam('p-sup', 'support'), plectoTeam('p-bill', 'Billing')],
          members: [member('m-1', { name: 'Person 1', email: '1@example.com', teams: ['p-bill'] })],
        },
      }),
    );
    expect(ids(plan)).toEqual(['update_team:A', 'link_employee:1', 'add_membership:1:A', 'remove_membership:1:B']);
    expect(change(plan, 'add_membership:1:A').team?.plectoUuid).toBe('p-sup');
    expect(change(plan, 'add_membership:1:A').employee?.plectoUuid).toBe('m-1');
  });

  it('R4 syncs memberships only when both Sync teams and Sync employees are on', () => {
    const moved = edit(synced(), (d) => (personOf(d, '1').teamSourceIds = ['B']));
    expect(planSync(edit(moved, (d) => (d.settings.syncTeams = false))).changes).toEqual([]);
    expect(planSync(edit(moved, (d) => (d.settings.syncEmployees = false))).changes).toEqual([]);
  });

  it('R4 ignores source team ids that are not source teams', () => {
    const input = edit(synced(), (d) => (personOf(d, '1').teamSourceIds = ['A', 'ghost']));
    expect(planSync(input).changes).toEqual([]);
  });
});
