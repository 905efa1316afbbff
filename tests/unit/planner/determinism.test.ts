import { describe, expect, it } from 'vitest';
import { CHANGE_KINDS, summarize, type PlanInput } from '../../../main/domain/model';
import { planSync } from '../../../main/engine/plan';
import { edit, ids, member, person, personOf, planInput, plectoTeam, sourceTeam, synced } from './builders';

/** A busy input touching most rules at once. */
function busy(): PlanInput {
  return edit(synced({ activeElsewhere: ['m-5'], manuallyManaged: ['m-4'] }), (d) => {
    d.source.teams.push(sourceTeam('N', 'New', 'A'), sourceTeam('M', 'Sales'));
    d.source.teams[0].name = 'Customer Support';
    personOf(d, '1').teamSourceIds = ['B', 'N'];
    d.source.people.push(
      person('3', { email: 'three@example.com', teamSourceIds: ['M'] }),
      person('6', { teamSourceIds: ['A'] }),
      person('4', { name: 'Renamed manual', teamSourceIds: ['A'] }),
    );
    d.plecto.teams.push(plectoTeam('t-sales', 'sales'));
    d.plecto.members.push(
      member('m-3', { email: 'THREE@example.com', name: 'Person 3' }),
      member('m-4', { teams: ['t-A'] }),
      member('m-5', { teams: ['t-A'] }),
      member('m-7', { teams: ['t-B'] }),
    );
    d.employeeLinks.push(
      { sourceId: '4', plectoUuid: 'm-4', deactivatedBySync: false },
      { sourceId: '5', plectoUuid: 'm-5', deactivatedBySync: false },
      { sourceId: '7', plectoUuid: 'm-7', deactivatedBySync: false },
    );
  });
}

/** Deterministic shuffle (seeded LCG), so the test itself is repeatable. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 48271) % 2147483647;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe('planner: deterministic, minimal plan (R11)', () => {
  it('R11 a sync with nothing to do yields no changes', () => {
    const plan = planSync(synced());
    expect(plan.changes).toEqual([]);
    expect(plan.skipped).toEqual([]);
    expect(plan.notes).toEqual([]);
    expect(plan.managedEmployees).toBe(2);
    expect(planSync(planInput()).changes).toEqual([]);
  });

  it('R11 the same input gives the same plan, and the input is not modified', () => {
    const input = busy();
    const copy = structuredClone(input);
    const first = planSync(input);
    expect(planSync(input)).toEqual(first);
    expect(input).toEqual(copy);
    expect(first.changes.length).toBeGreaterThan(8);
  });

  it('R11 the order of the input arrays does not change the plan', () => {
    const input = busy();
    const expected = planSync(input);
    for (const seed of [1, 2, 3]) {
      const reordered = edit(input, (d) => {
        d.source.teams = shuffled(d.source.teams, seed);
        d.source.people = shuffled(d.source.people, seed).map((p) => ({ ...p, teamSourceIds: shuffled(p.teamSourceIds, seed) }));
        d.plecto.teams = shuffled(d.plecto.teams, seed);
        d.plecto.members = shuffled(d.plecto.members, seed).map((m) => ({ ...m, teams: shuffled(m.teams, seed) }));
        d.teamLinks = shuffled(d.teamLinks, seed);
        d.employeeLinks = shuffled(d.employeeLinks, seed);
      });
      expect(planSync(reordered)).toEqual(expected);
    }
  });

  it('R11 every change carries a rule and a reason, ids are unique, and kinds follow the R12 order', () => {
    const plan = planSync(busy());
    expect(ids(plan)).toEqual([
      'create_team:N',
      'update_team:A',
      'update_team:M',
      'create_employee:6',
      'link_employee:3',
      'add_membership:1:B',
      'add_membership:1:N',
      'add_membership:3:M',
      'add_membership:6:A',
      'remove_membership:1:A',
      'remove_membership:5:A',
      'remove_membership:7:B',
      'deactivate_employee:7',
    ]);
    expect(plan.changes.find((c) => c.id === 'add_membership:6:A')?.employee?.plectoUuid).toBeNull();
    expect(plan.skipped.map((s) => s.reason)).toEqual(['managed manually (R7)']);
    expect(plan.adoptions.teams).toEqual([{ sourceId: 'M', plectoUuid: 't-sales' }]);
    expect(new Set(ids(plan)).size).toBe(plan.changes.length);
    const kindOrder = plan.changes.map((c) => CHANGE_KINDS.indexOf(c.kind));
    expect(kindOrder).toEqual([...kindOrder].sort((a, b) => a - b));
    for (const c of plan.changes) expect(c.reason).toMatch(new RegExp(`\\(${c.rule}\\)$`));
  });
});

// ---------------------------------------------------------------- scale

const TEAMS = 5_000;
const PEOPLE = 100_000;
const pad = (n: number) => String(n).padStart(6, '0');

/** 100,000 people in 5,000 teams (a 10-ary hierarchy), 250,000 memberships. */
function largeSource(): PlanInput['source'] {
  const teams = Array.from({ length: TEAMS }, (_, j) =>
    sourceTeam(`t${pad(j)}`, `Team ${j}`, j >= 10 ? `t${pad(Math.floor(j / 10))}` : null),
  );
  const people = Array.from({ length: PEOPLE }, (_, i) => {
    const teamIds = [i % TEAMS, (i + 1) % TEAMS];
    if (i % 2 === 0) teamIds.push((i + 2) % TEAMS);
    return person(`p${pad(i)}`, { teamSourceIds: teamIds.map((t) => `t${pad(t)}`).sort() });
  });
  return { teams, people };
}

function fullySynced(source: PlanInput['source']): PlanInput {
  const teams = source.teams.map((t) => plectoTeam(`u-${t.sourceId}`, t.name, t.parentSourceId ? `u-${t.parentSourceId}` : null));
  const members = source.people.map((p) =>
    member(`u-${p.sourceId}`, { name: p.name, email: p.email, title: p.title, teams: p.teamSourceIds.map((t) => `u-${t}`) }),
  );
  return planInput({
    source,
    plecto: { teams, members },
    teamLinks: source.teams.map((t) => ({ sourceId: t.sourceId, plectoUuid: `u-${t.sourceId}` })),
    employeeLinks: source.people.map((p) => ({ sourceId: p.sourceId, plectoUuid: `u-${p.sourceId}`, deactivatedBySync: false })),
  });
}

describe('planner: scale (R11)', () => {
  it('R11 plans 100,000 people, 5,000 teams and 250,000 memberships against an empty and a fully synced Plecto', () => {
    const source = largeSource();
    expect(source.people.reduce((n, p) => n + p.teamSourceIds.length, 0)).toBe(250_000);

    const fresh = planSync(planInput({ source }));
    const summary = summarize(fresh.changes);
    expect(summary.create_team).toBe(5_000);
    expect(summary.create_employee).toBe(100_000);
    expect(summary.add_membership).toBe(250_000);
    expect(fresh.changes).toHaveLength(355_000);
    // Parents before children across the whole hierarchy.
    const seen = new Set<string>();
    const childrenBeforeParent = fresh.changes.slice(0, TEAMS).filter((c) => {
      seen.add(c.team!.sourceId);
      return c.parent !== null && !seen.has(c.parent!.sourceId);
    });
    expect(childrenBeforeParent).toEqual([]);

    const steady = fullySynced(source);
    const none = planSync(steady);
    expect(none.changes).toEqual([]);
    expect(none.managedEmployees).toBe(100_000);

    // Ten people leave and one team is renamed: exactly those changes.
    // (Shallow copies: cloning 100,000 people would dominate the test's time.)
    const teams = [...steady.source.teams];
    teams[42] = { ...teams[42], name: 'Renamed' };
    const changed: PlanInput = { ...steady, source: { teams, people: steady.source.people.slice(10) } };
    const delta = summarize(planSync(changed).changes);
    expect(delta.update_team).toBe(1);
    expect(delta.deactivate_employee).toBe(10);
    expect(delta.remove_membership).toBe(25);
    expect(Object.values(delta).reduce((a, b) => a + b, 0)).toBe(36);
  });
});
