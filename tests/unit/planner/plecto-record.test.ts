import { describe, expect, it } from 'vitest';
import type { PlanInput } from '../../../main/domain/model';
import { planSync } from '../../../main/engine/plan';
import { change, edit, ids, member, memberOf, person, personOf, planInput, synced } from './builders';

/** The synced connection as a new data folder sees it: Plecto as it is, no links in the mirror. */
function freshMirror(input: PlanInput): PlanInput {
  return edit(input, (d) => {
    d.teamLinks = [];
    d.employeeLinks = [];
  });
}

describe('planner: Plecto is the record of who is managed (R3, Revision 2)', () => {
  it('R3 Plecto is the record: a fresh mirror plans nothing for a synced connection and stores the links it reads', () => {
    const plan = planSync(freshMirror(synced()));
    expect(plan.changes).toEqual([]);
    expect(plan.adoptions.employees).toEqual([
      { sourceId: '1', plectoUuid: 'm-1', deactivatedBySync: false },
      { sourceId: '2', plectoUuid: 'm-2', deactivatedBySync: false },
    ]);
    expect(plan.managedEmployees).toBe(2);
  });

  it('R3 Plecto is the record: with a fresh mirror a leaver is deactivated exactly as with the old mirror (R5)', () => {
    const left = (input: PlanInput) => edit(input, (d) => (d.source.people = d.source.people.filter((p) => p.sourceId !== '2')));
    const withMirror = planSync(left(synced()));
    const fresh = planSync(freshMirror(left(synced())));
    expect(ids(withMirror)).toEqual(['remove_membership:2:A', 'remove_membership:2:B', 'deactivate_employee:2']);
    expect(fresh.changes).toEqual(withMirror.changes);
    expect(fresh.adoptions.employees).toContainEqual({ sourceId: '2', plectoUuid: 'm-2', deactivatedBySync: false });
  });

  it('R3 Plecto is the record: with a fresh mirror a person inactive in the source is deactivated (R5)', () => {
    const input = freshMirror(edit(synced(), (d) => (personOf(d, '1').active = false)));
    const plan = planSync(input);
    expect(ids(plan)).toEqual(['remove_membership:1:A', 'deactivate_employee:1']);
    expect(change(plan, 'deactivate_employee:1').reason).toBe('Jane Doe is inactive in Intercom (R5)');
  });

  it('R3 Plecto is the record: with a fresh mirror a returner is reactivated (R6) and its teams restored (R4)', () => {
    const input = freshMirror(
      edit(synced(), (d) => {
        memberOf(d, 'm-2').isActive = false;
        memberOf(d, 'm-2').teams = [];
      }),
    );
    expect(ids(planSync(input))).toEqual(['add_membership:2:A', 'add_membership:2:B', 'reactivate_employee:2']);
  });

  it('R3 Plecto is the record: the provider label matches case-insensitively, another provider never counts', () => {
    const input = freshMirror(
      edit(synced(), (d) => {
        d.source.people = d.source.people.filter((p) => p.sourceId !== '2');
        memberOf(d, 'm-2').apiProviders = [{ provider: ' intercom ', providerId: '2', email: null }];
        memberOf(d, 'm-1').apiProviders = [{ provider: 'Salesforce', providerId: '1', email: null }];
      }),
    );
    const plan = planSync(input);
    expect(ids(plan)).toContain('deactivate_employee:2');
    // Jane is matched by email instead (a visible link), since Plecto does not name this connection as her supplier.
    expect(ids(plan)).toContain('link_employee:1');
  });

  it('R3 Plecto is the record: a member manually managed stays untouched even when read from Plecto (R7)', () => {
    const input = freshMirror(
      edit(synced(), (d) => {
        d.source.people = d.source.people.filter((p) => p.sourceId !== '2');
        memberOf(d, 'm-2').managedManually = true;
      }),
    );
    const plan = planSync(input);
    expect(plan.changes).toEqual([]);
    expect(plan.skipped.map((s) => s.reason)).toEqual(['managed manually (R7)']);
  });

  it('R3 Plecto is the record: the mirror link wins over a data supplier id pointing at another member', () => {
    const input = edit(synced(), (d) => {
      d.plecto.members.push(member('m-dup', { apiProviders: [{ provider: 'Intercom', providerId: '1', email: null }] }));
    });
    const plan = planSync(input);
    expect(plan.changes).toEqual([]);
    expect(plan.adoptions.employees).toEqual([]);
  });
});

describe('planner: Plecto is the record, deterministically (R3, R11)', () => {
  it('R3 Plecto is the record: two members carrying one source id, or one member carrying two, resolve the same whatever the input order', () => {
    const base = freshMirror(
      edit(synced(), (d) => {
        d.plecto.members.push(
          member('m-0', { apiProviders: [{ provider: 'Intercom', providerId: '2', email: null }] }),
          member('m-9', { apiProviders: [{ provider: 'Intercom', providerId: '8', email: null }, { provider: 'Intercom', providerId: '9', email: null }] }),
        );
      }),
    );
    const plan = planSync(base);
    expect(plan.adoptions.employees.map((l) => `${l.sourceId}→${l.plectoUuid}`)).toEqual(['1→m-1', '2→m-0', '8→m-9']);
    const reversed = edit(base, (d) => {
      d.plecto.members.reverse();
      for (const m of d.plecto.members) m.apiProviders.reverse();
    });
    expect(planSync(reversed)).toEqual(plan);
  });
});

describe('planner: absent fields are never written (R3, Revision 2)', () => {
  const noTitles = { employeeNeedsSyncedTeam: false, teamNesting: true, hasTitle: false };

  it('R3 absent fields: a source without titles creates employees with no title field at all', () => {
    const plan = planSync(planInput({ connectorRules: noTitles, providerLabel: 'Enreach', source: { teams: [], people: [person('7')] } }));
    expect(ids(plan)).toEqual(['create_employee:7']);
    expect('title' in change(plan, 'create_employee:7')).toBe(false);
  });

  it('R3 absent fields: a source without titles never updates a Plecto title ("absent" is not "empty")', () => {
    const input = edit(synced({ connectorRules: noTitles }), (d) => {
      personOf(d, '1').title = null; // Plecto has "Agent"
    });
    expect(planSync(input).changes).toEqual([]);
    const renamed = edit(input, (d) => (personOf(d, '1').name = 'Jane Smith'));
    const update = change(planSync(renamed), 'update_employee:1');
    expect(update).toMatchObject({ name: 'Jane Smith', reason: "Jane Smith's name differs in Intercom (R3)" });
    expect('title' in update).toBe(false);
    expect(update.before).toEqual({ name: 'Jane Doe' });
  });

  it('R3 absent fields: a source with titles (Intercom) still clears a title it no longer has', () => {
    const input = edit(synced(), (d) => (personOf(d, '1').title = null));
    expect(change(planSync(input), 'update_employee:1')).toMatchObject({ title: null, before: { title: 'Agent' } });
  });
});
