import { describe, expect, it } from 'vitest';
import type { ConnectorRules, EmployeeLink, Plan, PlectoDirectory, SourceDirectory } from '../../../main/domain/model';
import { planSync } from '../../../main/engine/plan';
import { ids, member, person, planInput } from './builders';

interface Connection {
  id: string;
  label: string;
  rules: ConnectorRules;
  source: SourceDirectory;
  links: EmployeeLink[];
  /** The source as the last run read it (the engine's snapshot), or null before the first run. */
  lastRead: SourceDirectory | null;
}

const rules = (hasTitle: boolean): ConnectorRules => ({ employeeNeedsSyncedTeam: false, teamNesting: !hasTitle, hasTitle });

/**
 * One run of one connection against a shared Plecto: plan with activeElsewhere
 * computed as the engine does (another connection's links whose person its last
 * read has active), then carry the employee changes out on the Plecto model.
 */
function run(conn: Connection, others: Connection[], plecto: PlectoDirectory): Plan {
  const activeElsewhere = others.flatMap((o) => {
    if (!o.lastRead) return [];
    const active = new Set(o.lastRead.people.filter((p) => p.active).map((p) => p.sourceId));
    return o.links.filter((l) => active.has(l.sourceId)).map((l) => l.plectoUuid);
  });
  const plan = planSync(
    planInput({
      connectionId: conn.id,
      providerLabel: conn.label,
      connectorRules: conn.rules,
      source: conn.source,
      plecto: structuredClone(plecto),
      employeeLinks: conn.links,
      activeElsewhere,
    }),
  );
  const link = (sourceId: string, uuid: string) => {
    conn.links = [...conn.links.filter((l) => l.sourceId !== sourceId), { sourceId, plectoUuid: uuid, deactivatedBySync: false }];
    const m = plecto.members.find((x) => x.uuid === uuid)!;
    if (!m.apiProviders.some((a) => a.provider === conn.label && a.providerId === sourceId)) {
      m.apiProviders.push({ provider: conn.label, providerId: sourceId, email: m.email });
    }
  };
  for (const a of plan.adoptions.employees) link(a.sourceId, a.plectoUuid);
  for (const c of plan.changes) {
    const e = c.employee!;
    const m = () => plecto.members.find((x) => x.uuid === e.plectoUuid)!;
    if (c.kind === 'create_employee') {
      plecto.members.push(member(`m-${conn.id}-${e.sourceId}`, { name: e.name, email: e.email }));
      link(e.sourceId, `m-${conn.id}-${e.sourceId}`);
    } else if (c.kind === 'link_employee') link(e.sourceId, e.plectoUuid!);
    else if (c.kind === 'deactivate_employee') m().isActive = false;
    else if (c.kind === 'reactivate_employee') m().isActive = true;
  }
  conn.lastRead = structuredClone(conn.source);
  return plan;
}

/** Pat is in Intercom (linked to m-pat); Enreach does not have Pat yet. */
function world() {
  const plecto: PlectoDirectory = {
    teams: [],
    members: [member('m-pat', { name: 'Pat Lee', email: 'pat@example.com', apiProviders: [{ provider: 'Intercom', providerId: 'i1', email: 'pat@example.com' }] })],
  };
  const intercom: Connection = {
    id: 'intercom',
    label: 'Intercom',
    rules: rules(true),
    source: { teams: [], people: [person('i1', { name: 'Pat Lee', email: 'pat@example.com' })] },
    links: [{ sourceId: 'i1', plectoUuid: 'm-pat', deactivatedBySync: false }],
    lastRead: null,
  };
  const enreach: Connection = { id: 'enreach', label: 'Enreach', rules: rules(false), source: { teams: [], people: [] }, links: [], lastRead: null };
  run(intercom, [enreach], plecto);
  run(enreach, [intercom], plecto);
  // Pat moves: removed from Intercom, added to Enreach.
  intercom.source = { teams: [], people: [] };
  enreach.source = { teams: [], people: [person('e1', { name: 'Pat Lee', email: 'PAT@example.com' })] };
  return { plecto, intercom, enreach };
}

const pat = (plecto: PlectoDirectory) => plecto.members.find((m) => m.uuid === 'm-pat')!;

describe('planner: reactivation across connections (R6, Revision 2)', () => {
  it('R6 a person removed from Intercom then added to Enreach ends active: Intercom deactivates, Enreach reactivates', () => {
    const { plecto, intercom, enreach } = world();
    expect(ids(run(intercom, [enreach], plecto))).toEqual(['deactivate_employee:i1']);
    expect(pat(plecto).isActive).toBe(false);
    expect(ids(run(enreach, [intercom], plecto))).toEqual(['link_employee:e1', 'reactivate_employee:e1']);
    expect(pat(plecto).isActive).toBe(true);
    // Further runs in either order keep Pat active: Intercom sees Enreach has Pat active.
    expect(run(intercom, [enreach], plecto).changes).toEqual([]);
    expect(run(enreach, [intercom], plecto).changes).toEqual([]);
    expect(pat(plecto).isActive).toBe(true);
  });

  it('R6 the same move synced the other way round (Enreach first) also ends active, with nobody deactivated', () => {
    const { plecto, intercom, enreach } = world();
    expect(ids(run(enreach, [intercom], plecto))).toEqual(['link_employee:e1']);
    expect(run(intercom, [enreach], plecto).changes).toEqual([]);
    expect(pat(plecto).isActive).toBe(true);
    expect(run(enreach, [intercom], plecto).changes).toEqual([]);
  });

  it('R6 reactivates a member an admin deactivated in Plecto while the person is active in the source', () => {
    const { plecto, intercom, enreach } = world();
    intercom.source = { teams: [], people: [person('i1', { name: 'Pat Lee', email: 'pat@example.com' })] };
    pat(plecto).isActive = false;
    const plan = run(intercom, [enreach], plecto);
    expect(ids(plan)).toEqual(['reactivate_employee:i1']);
    expect(plan.changes[0].reason).toBe('Pat Lee is active in Intercom again (R6)');
  });

  it('R6 never reactivates a member marked managed manually (R7)', () => {
    const { plecto, intercom, enreach } = world();
    intercom.source = { teams: [], people: [person('i1', { name: 'Pat Lee', email: 'pat@example.com' })] };
    pat(plecto).isActive = false;
    pat(plecto).managedManually = true;
    const plan = run(intercom, [enreach], plecto);
    expect(plan.changes).toEqual([]);
    expect(plan.skipped.map((s) => s.reason)).toEqual(['managed manually (R7)']);
  });
});
