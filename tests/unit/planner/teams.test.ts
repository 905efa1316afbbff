import { describe, expect, it } from 'vitest';
import { planSync } from '../../../main/engine/plan';
import { change, edit, ids, member, planInput, plectoTeam, sourceTeam, synced } from './builders';

describe('planner: teams (R1, R2)', () => {
  it('R1 creates a Plecto team for a source team that has no match', () => {
    const plan = planSync(planInput({ source: { teams: [sourceTeam('10', 'Tier 1 Support')], people: [] } }));
    expect(plan.changes).toEqual([
      {
        id: 'create_team:10',
        kind: 'create_team',
        rule: 'R1',
        reason: 'Intercom team "Tier 1 Support" has no Plecto team yet (R1)',
        team: { sourceId: '10', name: 'Tier 1 Support', plectoUuid: null },
        parent: null,
      },
    ]);
    expect(plan.adoptions.teams).toEqual([]);
  });

  it('R1 matches an unlinked team by name, case-insensitive and trimmed, without any write when the names are equal', () => {
    const plan = planSync(
      planInput({
        source: { teams: [sourceTeam('10', '  Tier 1 Support ')], people: [] },
        plecto: { teams: [plectoTeam('p-1', 'Tier 1 Support')], members: [] },
      }),
    );
    expect(plan.changes).toEqual([]);
    expect(plan.adoptions.teams).toEqual([{ sourceId: '10', plectoUuid: 'p-1' }]);
  });

  it('R1 renames a team matched by name that differs only in case or spacing in the same run, so a second run has nothing left', () => {
    const input = planInput({
      source: { teams: [sourceTeam('10', 'Tier 1 Support')], people: [] },
      plecto: { teams: [plectoTeam('p-1', 'tier  1 SUPPORT ')], members: [] },
    });
    const plan = planSync(input);
    expect(plan.adoptions.teams).toEqual([{ sourceId: '10', plectoUuid: 'p-1' }]);
    expect(plan.changes).toEqual([
      {
        id: 'update_team:10',
        kind: 'update_team',
        rule: 'R1',
        reason: 'Intercom team "Tier 1 Support" matches Plecto team "tier  1 SUPPORT " but for case or spacing, which takes the Intercom spelling (R1)',
        team: { sourceId: '10', name: 'Tier 1 Support', plectoUuid: 'p-1' },
        name: 'Tier 1 Support',
        before: { name: 'tier  1 SUPPORT ' },
      },
    ]);
    const after = edit(input, (d) => {
      d.plecto.teams[0].name = 'Tier 1 Support';
      d.teamLinks = plan.adoptions.teams;
    });
    expect(planSync(after).changes).toEqual([]);
  });

  it('R1 creates a team under its trimmed name, so the next run has nothing to rename (R11)', () => {
    const input = planInput({ source: { teams: [sourceTeam('10', ' Tier 2 ')], people: [] } });
    const created = change(planSync(input), 'create_team:10');
    expect(created.team?.name).toBe('Tier 2');
    const after = edit(input, (d) => {
      d.plecto.teams.push(plectoTeam('p-10', created.team!.name));
      d.teamLinks.push({ sourceId: '10', plectoUuid: 'p-10' });
    });
    expect(planSync(after).changes).toEqual([]);
  });

  it('R1 takes the smallest uuid among same-name teams and matches each Plecto team at most once', () => {
    const plan = planSync(
      planInput({
        source: { teams: [sourceTeam('2', 'Sales'), sourceTeam('1', 'sales'), sourceTeam('3', 'SALES')], people: [] },
        plecto: { teams: [plectoTeam('p-z', 'Sales'), plectoTeam('p-a', 'Sales')], members: [] },
      }),
    );
    expect(plan.adoptions.teams).toEqual([
      { sourceId: '1', plectoUuid: 'p-a' },
      { sourceId: '2', plectoUuid: 'p-z' },
    ]);
    // Revision 2: the adopted 'Sales' for source "sales" takes the source spelling (R1).
    expect(ids(plan)).toEqual(['create_team:3', 'update_team:1']);
  });

  it('R1 never matches a team linked by this connection or by another one, and notes the other connection', () => {
    const plan = planSync(
      planInput({
        source: { teams: [sourceTeam('A', 'Support'), sourceTeam('N', 'Support'), sourceTeam('S', 'Sales')], people: [] },
        plecto: { teams: [plectoTeam('t-A', 'Support'), plectoTeam('t-sales', 'Sales')], members: [] },
        teamLinks: [{ sourceId: 'A', plectoUuid: 't-A' }],
        teamsLinkedElsewhere: [{ plectoUuid: 't-sales', connectionId: 'salesforce' }],
      }),
    );
    expect(ids(plan)).toEqual(['create_team:N', 'create_team:S']);
    expect(plan.adoptions.teams).toEqual([]);
    expect(plan.notes).toEqual([
      'Team "Sales" exists in Plecto but is linked to connection "salesforce"; a separate team will be created (R1).',
    ]);
  });

  it('R1 renames a linked team whose source name changed', () => {
    const input = edit(synced(), (d) => {
      d.source.teams[0].name = 'Customer Support';
    });
    const plan = planSync(input);
    expect(plan.changes).toHaveLength(1);
    expect(change(plan, 'update_team:A')).toEqual({
      id: 'update_team:A',
      kind: 'update_team',
      rule: 'R1',
      reason: 'Intercom team "Customer Support" was renamed from "Support" (R1)',
      team: { sourceId: 'A', name: 'Customer Support', plectoUuid: 't-A' },
      name: 'Customer Support',
      before: { name: 'Support' },
    });
  });

  it('R1 moves a linked team when its source parent changes, and to the top level when it has none', () => {
    const input = edit(synced(), (d) => {
      d.source.teams.push(sourceTeam('C', 'Escalations'));
      d.plecto.teams.push(plectoTeam('t-C', 'Escalations'));
      d.teamLinks.push({ sourceId: 'C', plectoUuid: 't-C' });
      d.source.teams[1].parentSourceId = 'C'; // Billing: under Support → under Escalations
      d.plecto.teams[0].parent = 't-C'; // Support sits under Escalations in Plecto, but not in the source
    });
    const plan = planSync(input);
    expect(ids(plan)).toEqual(['update_team:A', 'update_team:B']);
    expect(change(plan, 'update_team:A')).toMatchObject({
      parent: null,
      before: { parent: 't-C' },
      reason: 'Intercom team "Support" moved to the top level (R1)',
    });
    expect(change(plan, 'update_team:B')).toMatchObject({
      parent: { sourceId: 'C', name: 'Escalations', plectoUuid: 't-C' },
      before: { parent: 't-A' },
    });
    expect(change(plan, 'update_team:B').name).toBeUndefined();
  });

  it('R1 points a linked team at a parent created in the same plan (uuid still null)', () => {
    const input = edit(synced(), (d) => {
      d.source.teams.push(sourceTeam('P', 'Europe'));
      d.source.teams[0].parentSourceId = 'P';
    });
    const plan = planSync(input);
    expect(ids(plan)).toEqual(['create_team:P', 'update_team:A']);
    expect(change(plan, 'update_team:A').parent).toEqual({ sourceId: 'P', name: 'Europe', plectoUuid: null });
  });

  it('R1 adopts a same-name team and moves it when its parent differs (renaming only the case)', () => {
    const plan = planSync(
      planInput({
        source: { teams: [sourceTeam('P', 'Europe'), sourceTeam('C', 'billing', 'P')], people: [] },
        plecto: { teams: [plectoTeam('p-eu', 'Europe'), plectoTeam('p-bill', 'Billing')], members: [] },
      }),
    );
    expect(plan.adoptions.teams).toEqual([
      { sourceId: 'C', plectoUuid: 'p-bill' },
      { sourceId: 'P', plectoUuid: 'p-eu' },
    ]);
    expect(plan.changes).toHaveLength(1);
    expect(change(plan, 'update_team:C')).toMatchObject({
      parent: { sourceId: 'P', name: 'Europe', plectoUuid: 'p-eu' },
      before: { parent: null },
    });
    expect(change(plan, 'update_team:C')).toMatchObject({ name: 'billing', before: { name: 'Billing', parent: null } });
  });

  it('R1 creates parents before their children, otherwise by source id', () => {
    const plan = planSync(
      planInput({
        source: {
          teams: [sourceTeam('a', 'Leaf', 'm'), sourceTeam('m', 'Middle', 'z'), sourceTeam('z', 'Root'), sourceTeam('b', 'Other')],
          people: [],
        },
      }),
    );
    expect(ids(plan)).toEqual(['create_team:z', 'create_team:m', 'create_team:a', 'create_team:b']);
    expect(change(plan, 'create_team:a').parent).toEqual({ sourceId: 'm', name: 'Middle', plectoUuid: null });
    expect(change(plan, 'create_team:z').parent).toBeNull();
  });

  it('R1 breaks a parent cycle in the source at its smallest id instead of looping', () => {
    const plan = planSync(
      planInput({
        source: {
          teams: [sourceTeam('x', 'X', 'y'), sourceTeam('y', 'Y', 'z'), sourceTeam('z', 'Z', 'x'), sourceTeam('s', 'Self', 's')],
          people: [],
        },
      }),
    );
    expect(ids(plan)).toEqual(['create_team:s', 'create_team:x', 'create_team:z', 'create_team:y']);
    expect(change(plan, 'create_team:x').parent).toBeNull();
    expect(change(plan, 'create_team:s').parent).toBeNull();
    expect(change(plan, 'create_team:y').parent).toMatchObject({ sourceId: 'z' });
    expect(plan.notes).toHaveLength(2);
    expect(plan.notes[1]).toContain('"X", "Y", "Z" form a parent cycle; "X" is placed at the top level');
  });

  it('R1 re-matches by name when a link points to a Plecto team that no longer exists', () => {
    const plan = planSync(
      planInput({
        source: { teams: [sourceTeam('A', 'Support')], people: [] },
        plecto: { teams: [plectoTeam('t-new', 'Support')], members: [] },
        teamLinks: [{ sourceId: 'A', plectoUuid: 't-gone' }],
      }),
    );
    expect(plan.changes).toEqual([]);
    expect(plan.adoptions.teams).toEqual([{ sourceId: 'A', plectoUuid: 't-new' }]);
  });

  it('R1 with Sync teams off creates, adopts and moves no teams', () => {
    const input = edit(synced({ settings: { syncTeams: false } }), (d) => {
      d.source.teams[0].name = 'Renamed';
      d.source.teams.push(sourceTeam('N', 'New'));
      d.plecto.teams.push(plectoTeam('t-N', 'New'));
    });
    const plan = planSync(input);
    expect(plan.changes).toEqual([]);
    expect(plan.adoptions.teams).toEqual([]);
  });

  it('R2 never deletes a team deleted in the source and removes managed employees from it', () => {
    const input = edit(synced(), (d) => {
      d.source.teams = d.source.teams.filter((t) => t.sourceId !== 'B');
      d.source.people[1].teamSourceIds = ['A'];
      d.plecto.members.push(member('m-x', { teams: ['t-B'] })); // not managed by this connection
    });
    const plan = planSync(input);
    expect(plan.changes.map((c) => c.kind)).not.toContain('update_team');
    expect(ids(plan)).toEqual(['remove_membership:2:B']);
    expect(change(plan, 'remove_membership:2:B')).toMatchObject({
      rule: 'R2',
      team: { sourceId: 'B', name: 'Billing', plectoUuid: 't-B' },
      employee: { sourceId: '2', plectoUuid: 'm-2' },
      reason: 'Intercom team "Billing" was deleted in Intercom, so John Roe leaves its Plecto team (R2)',
    });
  });

  it('R2 removes even employees that left the scope, but only when Sync teams and Sync employees are both on', () => {
    const base = edit(synced(), (d) => {
      d.source.teams = d.source.teams.filter((t) => t.sourceId !== 'B');
      d.source.people[1].teamSourceIds = ['A'];
    });
    expect(ids(planSync(base))).toEqual(['remove_membership:2:B']);
    expect(planSync(edit(base, (d) => (d.settings.syncEmployees = false))).changes).toEqual([]);
    expect(planSync(edit(base, (d) => (d.settings.syncTeams = false))).changes).toEqual([]);
  });

  it('R2 re-links a team that comes back in the source under its old id and restores memberships (R4)', () => {
    // An earlier run removed John from Billing when it vanished; now it is back.
    const input = edit(synced(), (d) => {
      d.plecto.members[1].teams = ['t-A'];
    });
    const plan = planSync(input);
    expect(ids(plan)).toEqual(['add_membership:2:B']);
    expect(change(plan, 'add_membership:2:B').team).toEqual({ sourceId: 'B', name: 'Billing', plectoUuid: 't-B' });
    expect(plan.adoptions.teams).toEqual([]);
  });

  it('R2 a team deleted and recreated under a new source id with the same name re-links to the same Plecto team, never a twin', () => {
    const input = edit(synced(), (d) => {
      // Billing (B) was deleted in the source and created again as B2; John is in the new one.
      d.source.teams = [d.source.teams[0], sourceTeam('B2', 'Billing', 'A')];
      d.source.people[1].teamSourceIds = ['A', 'B2'];
    });
    const plan = planSync(input);
    expect(plan.adoptions.teams).toEqual([{ sourceId: 'B2', plectoUuid: 't-B' }]);
    // No create_team (no twin), and John keeps his membership: not removed as "deleted" (R2), not added again (R4).
    expect(plan.changes).toEqual([]);
  });

  it('R2 the team of a source team that still exists is never taken by a new team of the same name', () => {
    const input = edit(synced(), (d) => {
      d.source.teams.push(sourceTeam('B2', 'Billing'));
    });
    expect(ids(planSync(input))).toEqual(['create_team:B2']);
  });

  it('R2 when the mirror still holds the old and the new link to one team, the one in the source wins', () => {
    const input = edit(synced(), (d) => {
      d.source.teams = [d.source.teams[0], sourceTeam('B0', 'Billing', 'A')];
      d.source.people[1].teamSourceIds = ['A', 'B0'];
      d.teamLinks.push({ sourceId: 'B0', plectoUuid: 't-B' });
    });
    const plan = planSync(input);
    expect(plan.changes).toEqual([]);
    expect(plan.adoptions.teams).toEqual([]);
  });
});
