// R13 in the desktop API: explainLeaveOut says, before the admin applies, what
// leaving changes out of a preview also leaves out and why, against the real
// engine, a real mirror and the fake Plecto/Intercom; it writes nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Change, Plan } from '../../../main/domain/model';
import { validateApiArgs } from '../../../main/ipc/validate';
import { demoEmail } from '../../../demo/company';
import { startApiWorld, type ApiWorld } from './api-world';

let w: ApiWorld;
beforeEach(async () => {
  w = await startApiWorld();
  await w.setUp({ appliedByHand: false });
});
afterEach(async () => {
  await w.close();
});

const find = (changes: Change[], kind: Change['kind'], match: (c: Change) => boolean) => {
  const found = changes.find((c) => c.kind === kind && match(c));
  if (!found) throw new Error(`no ${kind} in the plan`);
  return found;
};

describe('desktop API: explainLeaveOut (R13)', () => {
  it('leaving out a link_employee leaves that member untouched, and says so; nothing is written', async () => {
    // A member made by hand in Plecto with the email of an Intercom admin: the plan links her.
    w.plecto.addMember({ name: 'Jane Doe', email: demoEmail('Jane Doe') });
    const preview = await w.api.preview('intercom');
    expect(preview.status).toBe('planned');
    const changes = preview.plan!.changes;
    const link = find(changes, 'link_employee', (c) => c.employee!.name === 'Jane Doe');
    const janes = changes.filter((c) => c.employee?.sourceId === link.employee!.sourceId && c.id !== link.id);
    expect(janes.map((c) => c.kind)).toContain('add_membership');
    const writesBefore = w.plecto.writes();

    const view = await w.api.explainLeaveOut(preview.id, [link.id]);
    expect(view.dependents.map((d) => d.changeId).sort()).toEqual(janes.map((c) => c.id).sort());
    for (const d of view.dependents) expect(d.reason).toBe("left out because 'Link employee Jane Doe' is left out (R13)");
    expect(view.withoutParent).toEqual([]);
    // Only what depends on the link, never the change chosen itself, nor anybody else's changes.
    expect(view.dependents.some((d) => d.changeId === link.id)).toBe(false);

    // Nothing chosen, nothing implied; reads only.
    expect(await w.api.explainLeaveOut(preview.id, [])).toEqual({ dependents: [], withoutParent: [] });
    expect(w.plecto.writes()).toBe(writesBefore);
    expect(w.mirror.getRun(preview.id)!.status).toBe('planned');
    expect(w.mirror.getRun(preview.id)!.excludedChangeIds).toEqual([]);

    // The apply leaves out the same changes: Jane's member is not written at all.
    const applied = await w.api.apply(preview.id, { excludeChangeIds: [link.id] });
    expect(applied.status).toBe('applied');
    expect(applied.excludedChangeIds).toEqual(expect.arrayContaining([link.id, ...janes.map((c) => c.id)]));
    const jane = [...w.plecto.members.values()].find((m) => m.email === demoEmail('Jane Doe'))!;
    expect(jane.teams).toEqual([]);
    expect(jane.api_providers).toEqual([]);
  });

  it('leaving out a create_team leaves out the memberships in that team, each with its reason', async () => {
    const preview = await w.api.preview('intercom');
    const changes = preview.plan!.changes;
    const billing = find(changes, 'create_team', (c) => c.team!.name === 'Billing');
    const memberships = changes.filter((c) => c.kind === 'add_membership' && c.team!.sourceId === billing.team!.sourceId);
    expect(memberships.length).toBe(3);

    const view = await w.api.explainLeaveOut(preview.id, [billing.id]);
    expect(view.dependents).toEqual(memberships.map((c) => ({ changeId: c.id, reason: "left out because 'Create team Billing' is left out (R13)" })));
    expect(w.plecto.writes()).toBe(0);
  });

  it('names a kept team created at the top level because its new parent is left out (withoutParent)', async () => {
    const team = (sourceId: string, name: string) => ({ sourceId, name, plectoUuid: null });
    const plan: Plan = {
      connectionId: 'intercom',
      providerLabel: 'Intercom',
      changes: [
        { id: 'c1', kind: 'create_team', rule: 'R1', reason: 'new team', team: team('t1', 'Support'), parent: null },
        { id: 'c2', kind: 'create_team', rule: 'R1', reason: 'new team', team: team('t2', 'Tier 2'), parent: team('t1', 'Support') },
      ],
      skipped: [],
      notes: [],
      adoptions: { teams: [], employees: [] },
      managedEmployees: 0,
    };
    const run = w.mirror.createRun({ connectionId: 'intercom', trigger: 'manual', startedAt: Date.now() });
    w.mirror.updateRun(run.id, { status: 'planned', plan });
    expect(await w.api.explainLeaveOut(run.id, ['c1'])).toEqual({
      dependents: [],
      withoutParent: [{ changeId: 'c2', reason: "created at the top level because 'Create team Support' is left out (R13)" }],
    });
  });

  it('refuses an unknown run, a run without a plan, and arguments of the wrong shape', async () => {
    await expect(w.api.explainLeaveOut(9999, [])).rejects.toThrow('There is no run 9999');
    w.intercom.failNext(1, 401);
    const failed = await w.api.preview('intercom');
    expect(failed.plan).toBeNull();
    await expect(w.api.explainLeaveOut(failed.id, ['x'])).rejects.toThrow(`Run #${failed.id} has no plan`);

    expect(validateApiArgs('explainLeaveOut', [3, ['a', 'b']])).toEqual([3, ['a', 'b']]);
    expect(() => validateApiArgs('explainLeaveOut', [3])).toThrow('excludeChangeIds is required');
    expect(() => validateApiArgs('explainLeaveOut', [3, 'a'])).toThrow('excludeChangeIds must be a list');
    expect(() => validateApiArgs('explainLeaveOut', [3, [7]])).toThrow('excludeChangeIds[0]');
    expect(() => validateApiArgs('explainLeaveOut', [0, []])).toThrow('runId');
  });
});
