import { describe, expect, it } from 'vitest';
import { DEFAULT_SAFEGUARDS, type Change, type Plan } from '../../main/domain/model';
import { planSync } from '../../main/engine/plan';
import { countDeactivations, countMembershipLosses, evaluateSafeguards } from '../../main/engine/safeguards';
import { edit, member, person, planInput, synced } from './planner/builders';

function deactivation(sourceId: string): Change {
  return {
    id: `deactivate_employee:${sourceId}`,
    kind: 'deactivate_employee',
    rule: 'R5',
    reason: `Person ${sourceId} is no longer in Intercom (R5)`,
    employee: { sourceId, name: `Person ${sourceId}`, email: null, plectoUuid: `m-${sourceId}` },
  };
}

function removal(sourceId: string, team = 'A'): Change {
  return {
    id: `remove_membership:${sourceId}:${team}`,
    kind: 'remove_membership',
    rule: 'R4',
    reason: `Person ${sourceId} left Intercom team "${team}" (R4)`,
    employee: { sourceId, name: `Person ${sourceId}`, email: null, plectoUuid: `m-${sourceId}` },
    team: { sourceId: team, name: team, plectoUuid: `t-${team}` },
  };
}

function planWith(deactivations: number, managedEmployees: number, other: Change[] = []): Plan {
  return {
    connectionId: 'intercom',
    providerLabel: 'Intercom',
    changes: [...other, ...Array.from({ length: deactivations }, (_, i) => deactivation(String(i)))],
    skipped: [],
    notes: [],
    adoptions: { teams: [], employees: [] },
    managedEmployees,
  };
}

const ctx = (overrides: Partial<Parameters<typeof evaluateSafeguards>[1]> = {}) => ({
  safeguards: DEFAULT_SAFEGUARDS,
  sourcePeopleCount: 100,
  previousSourcePeopleCount: 100,
  ...overrides,
});

describe('safeguards (R10)', () => {
  it('R10 countDeactivations counts only deactivate_employee changes', () => {
    const removal: Change = { ...deactivation('x'), id: 'remove_membership:x:A', kind: 'remove_membership' };
    expect(countDeactivations(planWith(3, 50, [removal]))).toBe(3);
    expect(countDeactivations(planWith(0, 50))).toBe(0);
  });

  it('R10 lets an ordinary plan through', () => {
    expect(evaluateSafeguards(planWith(2, 100), ctx())).toBeNull();
  });

  it('R10 holds a plan when the source suddenly returns no people, naming the numbers', () => {
    const reason = evaluateSafeguards(planWith(0, 120), ctx({ sourcePeopleCount: 0, previousSourcePeopleCount: 120 }));
    expect(reason).toBe('Intercom returned no people while the last sync saw 120; the plan is held for approval (R10).');
  });

  it('R10 does not hold an empty source on the first sync or when the last sync was empty too', () => {
    expect(evaluateSafeguards(planWith(0, 0), ctx({ sourcePeopleCount: 0, previousSourcePeopleCount: null }))).toBeNull();
    expect(evaluateSafeguards(planWith(0, 0), ctx({ sourcePeopleCount: 0, previousSourcePeopleCount: 0 }))).toBeNull();
  });

  it('R10 holds more than maxDeactivations deactivations, and not exactly the limit', () => {
    const safeguards = { maxDeactivations: 25, maxDeactivationPercent: 100 };
    expect(evaluateSafeguards(planWith(25, 1000), ctx({ safeguards }))).toBeNull();
    expect(evaluateSafeguards(planWith(26, 1000), ctx({ safeguards }))).toBe(
      'The plan deactivates 26 employees, more than the limit of 25 (maxDeactivations); it is held for approval (R10).',
    );
  });

  it('R10 holds more than maxDeactivationPercent of the managed employees, and not exactly the limit', () => {
    expect(evaluateSafeguards(planWith(20, 100), ctx())).toBeNull();
    expect(evaluateSafeguards(planWith(21, 100), ctx())).toBe(
      'The plan deactivates 21 of 100 managed employees (21%), more than the limit of 20% (maxDeactivationPercent); it is held for approval (R10).',
    );
    expect(evaluateSafeguards(planWith(7, 30), ctx())).toContain('7 of 30 managed employees (23.3%)');
  });

  it('R10 applies the percentage only to connections that manage at least 20 employees', () => {
    expect(evaluateSafeguards(planWith(10, 19), ctx())).toBeNull();
    expect(evaluateSafeguards(planWith(5, 20), ctx())).toContain('5 of 20 managed employees (25%)');
  });

  it('R10 uses the connection’s own limits', () => {
    const strict = { maxDeactivations: 1, maxDeactivationPercent: 20 };
    expect(evaluateSafeguards(planWith(2, 100), ctx({ safeguards: strict }))).toContain('limit of 1 (maxDeactivations)');
    const lenient = { maxDeactivations: 1000, maxDeactivationPercent: 50 };
    expect(evaluateSafeguards(planWith(40, 100), ctx({ safeguards: lenient }))).toBeNull();
  });

  it('R10 holds a real plan in which most managed employees vanish (planner and safeguards together)', () => {
    const members = Array.from({ length: 30 }, (_, i) => member(`m-${i}`));
    const links = members.map((m, i) => ({ sourceId: String(i), plectoUuid: m.uuid, deactivatedBySync: false }));
    const remaining = Array.from({ length: 20 }, (_, i) => person(String(i), { name: `Member m-${i}`, email: `m-${i}@example.com` }));
    const plan = planSync(planInput({ source: { teams: [], people: remaining }, plecto: { teams: [], members }, employeeLinks: links }));
    expect(countDeactivations(plan)).toBe(10);
    expect(plan.managedEmployees).toBe(30);
    expect(evaluateSafeguards(plan, ctx({ sourcePeopleCount: 20, previousSourcePeopleCount: 30 }))).toContain(
      '10 of 30 managed employees (33.3%)',
    );
  });

  it('R10 empty baseline: once an admin approved an empty source, the same empty read is not held again', () => {
    // First empty read after a populated one: held.
    expect(evaluateSafeguards(planWith(0, 0), ctx({ sourcePeopleCount: 0, previousSourcePeopleCount: 30 }))).toContain('held for approval');
    // The engine stores the approved empty read as the baseline: the next empty read is not held.
    expect(evaluateSafeguards(planWith(0, 0), ctx({ sourcePeopleCount: 0, previousSourcePeopleCount: 0 }))).toBeNull();
  });

  it('R10 membership losses: employees removed from teams without deactivation count once each, on their own', () => {
    const plan = planWith(1, 100, [removal('1', 'A'), removal('1', 'B'), removal('2'), removal('0')]);
    // Person 0 is also deactivated: that is counted as a deactivation, not as a loss.
    expect(countMembershipLosses(plan)).toBe(2);
    expect(countDeactivations(plan)).toBe(1);
  });

  it('R10 membership losses are held at maxDeactivations, with their own reason', () => {
    const losses = (n: number) => Array.from({ length: n }, (_, i) => removal(`x${i}`));
    const safeguards = { maxDeactivations: 25, maxDeactivationPercent: 100 };
    expect(evaluateSafeguards(planWith(0, 1000, losses(25)), ctx({ safeguards }))).toBeNull();
    expect(evaluateSafeguards(planWith(0, 1000, losses(26)), ctx({ safeguards }))).toBe(
      'The plan removes 26 employees from teams without deactivating them, more than the limit of 25 (maxDeactivations); it is held for approval (R10).',
    );
    // Counted apart from deactivations: 20 + 20 stays under a limit of 25 each.
    expect(evaluateSafeguards(planWith(20, 1000, losses(20)), ctx({ safeguards }))).toBeNull();
  });

  it('R10 membership losses are held at maxDeactivationPercent of the managed employees', () => {
    const losses = Array.from({ length: 21 }, (_, i) => removal(`x${i}`));
    expect(evaluateSafeguards(planWith(0, 100, losses.slice(0, 20)), ctx())).toBeNull();
    expect(evaluateSafeguards(planWith(0, 100, losses), ctx())).toBe(
      'The plan removes 21 of 100 managed employees from teams without deactivating them (21%), more than the limit of 20% (maxDeactivationPercent); it is held for approval (R10).',
    );
  });

  it('R10 membership losses: a team deleted in the source that empties its Plecto team holds the plan (planner and safeguards together)', () => {
    const input = edit(synced(), (d) => {
      for (let i = 3; i < 33; i++) {
        d.source.people.push(person(String(i), { name: `Member m-${i}`, email: `m-${i}@example.com`, teamSourceIds: ['A', 'B'] }));
        d.plecto.members.push(member(`m-${i}`, { teams: ['t-A', 't-B'] }));
        d.employeeLinks.push({ sourceId: String(i), plectoUuid: `m-${i}`, deactivatedBySync: false });
      }
      // Billing is deleted in the source: 31 people leave its Plecto team, nobody is deactivated.
      d.source.teams = d.source.teams.filter((t) => t.sourceId !== 'B');
      for (const p of d.source.people) p.teamSourceIds = p.teamSourceIds.filter((t) => t !== 'B');
    });
    const plan = planSync(input);
    expect(countDeactivations(plan)).toBe(0);
    expect(countMembershipLosses(plan)).toBe(31);
    expect(evaluateSafeguards(plan, ctx({ sourcePeopleCount: 32, previousSourcePeopleCount: 32 }))).toContain(
      'removes 31 employees from teams without deactivating them',
    );
  });
});
