// Runs after the fact: the CSV an auditor exports for failed, held and
// partial runs, and the Employees page after an apply and a deactivation.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startApiWorld, type ApiWorld } from './api-world';

let w: ApiWorld;
beforeEach(async () => {
  w = await startApiWorld();
  await w.setUp();
});
afterEach(async () => {
  await w.close();
});

const rowsOf = (csv: string) => csv.split('\r\n').filter(Boolean).slice(1);

describe('desktop API: run CSV', () => {
  it('says why a run failed before it had a plan (R10)', async () => {
    w.intercom.failNext(1, 401);
    const failed = await w.api.preview('intercom');
    expect(failed.status).toBe('failed');
    expect(failed.error).toBeTruthy();
    const rows = rowsOf(await w.api.exportRunCsv(failed.id));
    expect(rows).toHaveLength(1);
    expect(rows[0].startsWith(`${failed.id},intercom,,run,,,,,,failed,`)).toBe(true);
    expect(rows[0]).toContain(new URL(w.intercom.baseUrl).host);
  });

  it('marks a held plan held, then applied once approved (R10)', async () => {
    await w.api.syncNow('intercom');
    await w.api.saveSettings('intercom', { safeguards: { maxDeactivations: 1 } });
    for (const name of ['Omar Haddad', 'Jane Doe']) w.intercom.removeAdmin(w.intercom.admins.find((a) => a.name === name)!.id);
    const held = await w.api.preview('intercom');
    expect(held.status).toBe('held');
    expect(rowsOf(await w.api.exportRunCsv(held.id)).map((r) => r.split(',').at(-2))).toEqual(['held', 'held', 'held', 'held']);
    expect((await w.api.apply(held.id, {})).status).toBe('held');
    expect((await w.api.apply(held.id, { force: true })).status).toBe('applied');
    expect(rowsOf(await w.api.exportRunCsv(held.id)).every((r) => r.endsWith(',applied,'))).toBe(true);

    // The Employees page after the deactivation (R5).
    const [jane] = await w.api.listEmployees({ search: 'jane doe' });
    expect(jane).toMatchObject({ isActive: false, teams: [], connectionId: 'intercom', source: 'Intercom', deactivatedBySync: true });
    expect(w.plecto.members.get(jane.uuid)!.is_active).toBe(false);
  });

  it('lists each failed and left-out change of a partial run with its error (R12)', async () => {
    const preview = await w.api.preview('intercom');
    const left = preview.plan!.changes.find((c) => c.kind === 'create_team' && c.team!.name === 'Billing')!;
    w.plecto.failNext(1, 400, { path: /\/members\/$/, method: 'POST' });
    const applied = await w.api.apply(preview.id, { excludeChangeIds: [left.id] });
    expect(applied.status).toBe('partial');
    const rows = rowsOf(await w.api.exportRunCsv(preview.id));
    const outcomes = rows.map((r) => r.split(',').at(-2) ?? '');
    expect(rows.find((r) => r.includes(`,${left.id},`))).toMatch(/,left out,$/);
    // R13: memberships in the left-out team are left out with it; the rest applied but one create failed.
    const billing = rows.filter((r) => r.includes(',add_membership,') && r.includes(',Billing,'));
    expect(billing).toHaveLength(3);
    expect(billing.every((r) => /,left out,$/.test(r))).toBe(true);
    expect(rows.some((r) => /,create_employee,.*,failed,.+/.test(r))).toBe(true);
    expect(outcomes.filter((o) => o === 'applied').length).toBeGreaterThan(20);
    expect(outcomes.every((o) => ['applied', 'failed', 'left out'].includes(o) || o.startsWith('not applied'))).toBe(true);
  });
});

describe('desktop API: managed manually (R7)', () => {
  it('skips an employee switched to manual in the preview, and the switch can be cleared again', async () => {
    await w.api.syncNow('intercom');
    const [omar] = await w.api.listEmployees({ search: 'omar' });
    await w.api.setManuallyManaged(omar.uuid, true);
    w.intercom.removeAdmin(w.intercom.admins.find((a) => a.name === 'Omar Haddad')!.id);
    const preview = await w.api.preview('intercom');
    expect(preview.plan!.changes.some((c) => c.employee?.sourceId === omar.sourceId)).toBe(false);
    expect(preview.plan!.skipped.find((s) => s.employee?.sourceId === omar.sourceId)?.reason).toMatch(/R7/);

    await w.api.setManuallyManaged(omar.uuid, false);
    expect((await w.api.listEmployees({ search: 'omar' }))[0].managedManually).toBe(false);
    const next = await w.api.preview('intercom');
    expect(next.plan!.changes.filter((c) => c.employee?.sourceId === omar.sourceId).map((c) => c.kind)).toContain('deactivate_employee');
  });
});
