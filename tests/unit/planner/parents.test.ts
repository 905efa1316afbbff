import { describe, expect, it } from 'vitest';
import type { Plan, PlanInput } from '../../../main/domain/model';
import { planSync } from '../../../main/engine/plan';
import { change, edit, ids, planInput, plectoTeam, sourceTeam, synced } from './builders';

const intercom = { employeeNeedsSyncedTeam: false, teamNesting: false, hasTitle: true };

/**
 * Applies the plan's team changes to Plecto's parent map in plan order, the
 * way the applier does, and fails on the first intermediate state that is a
 * cycle. Returns the final parents by uuid (creates get "new:<source id>").
 */
function applyTeamMoves(input: PlanInput, plan: Plan): Map<string, string | null> {
  const parents = new Map(input.plecto.teams.map((t) => [t.uuid, t.parent] as const));
  const uuidOf = (ref: { sourceId: string; plectoUuid?: string | null } | null | undefined) =>
    ref ? (ref.plectoUuid ?? `new:${ref.sourceId}`) : null;
  for (const c of plan.changes) {
    if (c.kind === 'create_team') parents.set(`new:${c.team!.sourceId}`, uuidOf(c.parent));
    if (c.kind !== 'update_team' || c.parent === undefined) continue;
    parents.set(c.team!.plectoUuid!, uuidOf(c.parent));
    for (const start of parents.keys()) {
      let current = parents.get(start) ?? null;
      for (let steps = 0; current !== null; steps++) {
        if (current === start || steps > parents.size) throw new Error(`after ${c.id} team ${start} is inside itself`);
        current = parents.get(current) ?? null;
      }
    }
  }
  return parents;
}

describe('planner: team parents (R1, Revision 2)', () => {
  it('R1 parents: a connector without team nesting (Intercom) never proposes a parent change', () => {
    // Plecto nesting an admin made: Support under Escalations, Billing at the top level.
    const input = edit(synced({ connectorRules: intercom }), (d) => {
      for (const t of d.source.teams) t.parentSourceId = null;
      d.plecto.teams.push(plectoTeam('t-E', 'Escalations'));
      d.plecto.teams[0].parent = 't-E';
      d.plecto.teams[1].parent = null;
      d.source.teams.push(sourceTeam('N', 'New team'));
      d.source.teams[0].name = 'Customer Support';
    });
    const plan = planSync(input);
    expect(ids(plan)).toEqual(['create_team:N', 'update_team:A']);
    expect(change(plan, 'create_team:N').parent).toBeNull();
    expect(change(plan, 'update_team:A')).toMatchObject({ name: 'Customer Support', before: { name: 'Support' } });
    expect(change(plan, 'update_team:A').parent).toBeUndefined();
    expect(plan.changes.filter((c) => c.parent !== undefined && c.kind === 'update_team')).toEqual([]);
  });

  it('R1 parents: the same source with team nesting (Salesforce, Enreach) moves the teams to the top level', () => {
    const input = edit(synced(), (d) => {
      for (const t of d.source.teams) t.parentSourceId = null;
    });
    const plan = planSync(input);
    expect(ids(plan)).toEqual(['update_team:B']);
    expect(change(plan, 'update_team:B')).toMatchObject({ parent: null, reason: 'Intercom team "Billing" moved to the top level (R1)' });
  });

  it('R1 parents: a source parent that is not imported (out of scope) leaves the Plecto parent as it is, never the top level', () => {
    // Billing's source parent Support is deselected; in Plecto, Billing sits under a team an admin made.
    const input = edit(synced({ settings: { onlySelectedTeams: true, selectedTeams: ['B'] } }), (d) => {
      d.plecto.teams.push(plectoTeam('t-X', 'Admin made'));
      d.plecto.teams[1].parent = 't-X';
    });
    expect(planSync(input).changes.filter((c) => c.kind === 'update_team')).toEqual([]);
  });

  it('R1 parents: a source parent missing from the source read leaves the Plecto parent as it is', () => {
    const input = edit(synced(), (d) => {
      d.source.teams[1].parentSourceId = 'unknown-role';
    });
    expect(planSync(input).changes).toEqual([]);
  });

  it('R1 parents: a parent and child that swap places apply in one run with no intermediate cycle', () => {
    // Plecto: Billing under Support. Source: Support under Billing.
    const input = edit(synced(), (d) => {
      d.source.teams[0].parentSourceId = 'B';
      d.source.teams[1].parentSourceId = null;
    });
    const plan = planSync(input);
    // The new parent leaves first, then the child goes under it.
    expect(ids(plan)).toEqual(['update_team:B', 'update_team:A']);
    const parents = applyTeamMoves(input, plan);
    expect(parents.get('t-A')).toBe('t-B');
    expect(parents.get('t-B')).toBeNull();
    expect(planSync(edit(input, (d) => ((d.plecto.teams[0].parent = 't-B'), (d.plecto.teams[1].parent = null)))).changes).toEqual([]);
  });

  it('R1 parents: a hierarchy turned upside down (and a created team in the middle) is ordered without intermediate cycles', () => {
    // Plecto: a > b > c > d. Source: d > new > c > b > a.
    const input = planInput({
      source: {
        teams: [
          sourceTeam('a', 'A', 'b'),
          sourceTeam('b', 'B', 'c'),
          sourceTeam('c', 'C', 'n'),
          sourceTeam('n', 'New', 'd'),
          sourceTeam('d', 'D'),
        ],
        people: [],
      },
      plecto: {
        teams: [plectoTeam('u-a', 'A'), plectoTeam('u-b', 'B', 'u-a'), plectoTeam('u-c', 'C', 'u-b'), plectoTeam('u-d', 'D', 'u-c')],
        members: [],
      },
      teamLinks: ['a', 'b', 'c', 'd'].map((id) => ({ sourceId: id, plectoUuid: `u-${id}` })),
    });
    const plan = planSync(input);
    expect(ids(plan)).toEqual(['create_team:n', 'update_team:d', 'update_team:c', 'update_team:b', 'update_team:a']);
    const parents = applyTeamMoves(input, plan);
    expect([parents.get('u-d'), parents.get('new:n'), parents.get('u-c'), parents.get('u-b'), parents.get('u-a')]).toEqual([
      null,
      'u-d',
      'new:n',
      'u-c',
      'u-b',
    ]);
  });

  it('R1 parents: a move that would put a team inside itself through a parent Plecto keeps is not made, with a note', () => {
    // Source: Support under Billing; Billing's source parent is out of scope, so Billing stays under Support in Plecto.
    const input = edit(synced({ settings: { onlySelectedTeams: true, selectedTeams: ['A', 'B'] } }), (d) => {
      d.source.teams.push(sourceTeam('Z', 'Elsewhere'));
      d.source.teams[0].parentSourceId = 'B';
      d.source.teams[1].parentSourceId = 'Z';
      d.source.teams[0].name = 'Customer Support';
    });
    const plan = planSync(input);
    expect(ids(plan)).toEqual(['update_team:A']);
    expect(change(plan, 'update_team:A').parent).toBeUndefined();
    expect(change(plan, 'update_team:A').name).toBe('Customer Support');
    expect(plan.notes).toEqual([
      'Intercom team "Customer Support" is not moved under "Billing": with the parents Plecto keeps, that would put it inside itself (R1).',
    ]);
    applyTeamMoves(input, plan);
  });

  it('R1 parents: a new team whose source parent is not imported is created at the top level', () => {
    const plan = planSync(
      planInput({
        settings: { onlySelectedTeams: true, selectedTeams: ['B'] },
        source: { teams: [sourceTeam('A', 'Parent'), sourceTeam('B', 'Child', 'A')], people: [] },
      }),
    );
    expect(ids(plan)).toEqual(['create_team:B']);
    expect(change(plan, 'create_team:B').parent).toBeNull();
  });
});
