// R14 through the desktop API: previewUndo plans the undo of an applied run as
// a preview (nothing written), apply() applies it like any preview, run
// summaries name the run an undo undid, and a partial undo retries by undoing
// the same run again.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startApiWorld, type ApiWorld } from './api-world';

let w: ApiWorld;
beforeEach(async () => {
  w = await startApiWorld();
});
afterEach(async () => {
  await w.close();
});

const member = (name: string) => [...w.plecto.members.values()].find((m) => m.name === name)!;

async function firstSyncThenOmarLeaves() {
  await w.setUp();
  const first = await w.api.preview('intercom');
  await w.api.apply(first.id, {});
  w.intercom.removeAdmin(w.intercom.admins.find((a) => a.name === 'Omar Haddad')!.id);
  w.intercom.removeAdmin(w.intercom.admins.find((a) => a.name === 'Jane Doe')!.id);
  const leave = await w.api.preview('intercom');
  return { first, leave: await w.api.apply(leave.id, {}) };
}

describe('desktop API: undo a sync (R14)', () => {
  it('previewUndo writes nothing; applying it reactivates whom the run deactivated; History links the runs', async () => {
    const { leave } = await firstSyncThenOmarLeaves();
    expect(member('Omar Haddad').is_active).toBe(false);
    const writes = w.plecto.writes();
    const undo = await w.api.previewUndo(leave.id);
    expect(w.plecto.writes()).toBe(writes);
    expect(undo).toMatchObject({ status: 'planned', connectionId: 'intercom', registrationPreview: null });
    expect(undo.plan!.undoOf).toBe(leave.id);
    expect(undo.summary).toMatchObject({ reactivate_employee: 2, add_membership: 2 });
    expect(w.events.at(-1)).toMatchObject({ type: 'run-finished', run: { id: undo.id, undoOf: leave.id } });
    const applied = await w.api.apply(undo.id, {});
    expect(applied.status).toBe('applied');
    expect(member('Omar Haddad').is_active).toBe(true);
    expect(member('Jane Doe').is_active).toBe(true);
    const runs = await w.api.listRuns();
    expect(runs.map((r) => [r.id, r.undoOf])).toEqual([
      [undo.id, leave.id],
      [leave.id, null],
      [leave.id - 1, null],
    ]);
  });

  it('refuses a run that was not applied, and one that does not exist, in plain words', async () => {
    await w.setUp();
    const preview = await w.api.preview('intercom');
    await expect(w.api.previewUndo(preview.id)).rejects.toThrow(`Run #${preview.id} was not applied (it is planned); only an applied run can be undone`);
    await expect(w.api.previewUndo(9999)).rejects.toThrow('There is no run #9999');
  });

  it('a partial undo is retried by undoing the same run again: only what failed is written (R12, R14)', async () => {
    const { leave } = await firstSyncThenOmarLeaves();
    const undo = await w.api.previewUndo(leave.id);
    // Omar's member write fails for good; Jane's goes through.
    const omar = member('Omar Haddad').uuid;
    w.plecto.failNext(1, 400, { path: new RegExp(`/members/${omar}/$`), method: 'PATCH' });
    const partial = await w.api.apply(undo.id, {});
    expect(partial.status).toBe('partial');
    expect(member('Omar Haddad').is_active).toBe(false);
    expect(member('Jane Doe').is_active).toBe(true);
    const writes = w.plecto.writes();

    const retry = await w.api.retryFailed(partial.id);
    expect(retry.status).toBe('applied');
    expect(retry.plan!.undoOf).toBe(leave.id);
    expect(retry.plan!.changes.map((c) => `${c.kind} ${c.employee!.name}`)).toEqual(['add_membership Omar Haddad', 'reactivate_employee Omar Haddad']);
    expect(retry.plan!.conflicts!.map((c) => c.now)).toContain(`Jane Doe is active now (changed again by run #${partial.id})`);
    expect(w.plecto.writes() - writes).toBe(1);
    expect(member('Omar Haddad').is_active).toBe(true);
  });
});
