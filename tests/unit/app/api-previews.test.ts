// An admin's preview is approved as it was shown: what happens to it when the
// connection changes, or another run writes to Plecto, before "Apply".
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INTERCOM_TOKEN, startApiWorld, type ApiWorld } from './api-world';

let w: ApiWorld;
beforeEach(async () => {
  w = await startApiWorld();
  await w.setUp();
});
afterEach(async () => {
  await w.close();
});

describe('desktop API: previews that went out of date', () => {
  it('an older preview is not applied after a newer run wrote to Plecto, so no team is created twice (R1 R12)', async () => {
    const older = await w.api.preview('intercom');
    const newer = await w.api.preview('intercom');
    expect((await w.api.apply(newer.id, {})).status).toBe('applied');
    const writes = w.plecto.writes();
    expect(w.plecto.teams.size).toBe(6);

    // Retired as soon as the newer apply wrote (History and the sidebar say so at once), and refused (R12).
    expect(w.mirror.getRun(older.id)).toMatchObject({ status: 'retired', error: `Run #${newer.id} applied changes to "intercom" after this preview; preview again` });
    expect(w.events.filter((e) => e.type === 'run-finished').at(-1)).toMatchObject({ run: { id: newer.id, status: 'applied' } });
    expect((await w.api.getOverview()).connections[0].waiting).toBeNull();
    await expect(w.api.apply(older.id, {})).rejects.toThrow(`Run ${older.id} cannot be applied: Run #${newer.id} applied changes to "intercom" after this preview`);
    expect(w.plecto.teams.size).toBe(6);
    expect(w.plecto.writes()).toBe(writes);
  });

  it('an older preview is not applied after "Sync now" applied the connection (R12)', async () => {
    const older = await w.api.preview('intercom');
    const [synced] = await w.api.syncNow('intercom');
    expect(synced.status).toBe('applied');
    const members = w.plecto.members.size;
    await expect(w.api.apply(older.id, {})).rejects.toThrow(/cannot be applied: Run #\d+ applied changes/);
    expect(w.mirror.getRun(older.id)!.status).toBe('retired');
    expect(w.plecto.members.size).toBe(members);
    expect(w.plecto.teams.size).toBe(6);
  });

  it('a preview made before "Sync employees" was switched off is not applied with employees (R3)', async () => {
    const before = await w.api.preview('intercom');
    expect(before.plan!.changes.some((c) => c.kind === 'create_employee')).toBe(true);
    await w.api.saveSettings('intercom', { settings: { syncEmployees: false } });

    expect(w.mirror.getRun(before.id)).toMatchObject({ status: 'retired', error: 'The settings of "intercom" changed after this preview; preview again' });
    await expect(w.api.apply(before.id, {})).rejects.toThrow(`Run ${before.id} cannot be applied: The settings of "intercom" changed after this preview`);
    expect(w.plecto.writes()).toBe(0);

    const fresh = await w.api.preview('intercom');
    expect((await w.api.apply(fresh.id, {})).status).toBe('applied');
    expect(w.plecto.members.size).toBe(0);
    expect(w.plecto.teams.size).toBe(6);
  });

  it('a preview made before the scope was switched on with teams selected is not applied outside the scope (R8)', async () => {
    const before = await w.api.preview('intercom');
    await w.api.saveSettings('intercom', { settings: { onlySelectedTeams: true, selectedTeams: ['814867'] } });
    await expect(w.api.apply(before.id, {})).rejects.toThrow(/changed after this preview/);

    const scoped = await w.api.preview('intercom');
    await w.api.apply(scoped.id, {});
    expect([...w.plecto.teams.values()].map((t) => t.name)).toEqual(['Billing']);
    expect([...w.plecto.members.values()].map((m) => m.name).sort()).toEqual(['Elif Yılmaz', 'Mateo García', 'Sofia Rossi']);
  });

  it('re-saving unchanged, or switching automatic sync off, keeps the preview applicable', async () => {
    const preview = await w.api.preview('intercom');
    await w.api.saveConnection({ id: 'intercom', type: 'intercom' }, { accessToken: '' });
    await w.api.saveSettings('intercom', { settings: { automaticSync: false } });
    expect(w.mirror.getRun(preview.id)!.status).toBe('planned');
    expect((await w.api.apply(preview.id, {})).status).toBe('applied');
  });

  it('a new access token retires the preview: it may belong to another workspace', async () => {
    const preview = await w.api.preview('intercom');
    await w.api.saveConnection({ id: 'intercom', type: 'intercom' }, { accessToken: INTERCOM_TOKEN });
    await expect(w.api.apply(preview.id, {})).rejects.toThrow(/changed after this preview/);
  });

  it('deleting a connection and adding it again with the same id does not apply its old preview', async () => {
    const old = await w.api.preview('intercom');
    await w.api.deleteConnection('intercom');
    expect(w.mirror.getRun(old.id)).toMatchObject({ status: 'retired', error: 'Connection "intercom" was removed after this preview; preview again' });
    await w.api.saveConnection(
      { id: 'intercom', type: 'intercom', baseUrl: w.intercom.baseUrl, settings: { syncEmployees: false } },
      { accessToken: INTERCOM_TOKEN },
    );
    await expect(w.api.apply(old.id, {})).rejects.toThrow(/was removed after this preview/);
    expect(w.plecto.writes()).toBe(0);
  });

  it('importing a profile over a connection retires its preview; an unchanged export → import round trip does not', async () => {
    const preview = await w.api.preview('intercom');
    const text = await w.api.exportProfile();
    const configBefore = w.mirror.getConnection('intercom');
    expect(await w.api.importProfile(text)).toEqual({ connections: ['intercom'], plecto: true });
    expect(w.mirror.getConnection('intercom')).toEqual(configBefore);
    expect(w.mirror.getRun(preview.id)!.status).toBe('planned');

    const profile = JSON.parse(text);
    profile.connections[0].settings.syncTeams = false;
    await w.api.importProfile(JSON.stringify(profile));
    expect(w.mirror.getRun(preview.id)!.status).toBe('retired'); // out of date, not a failure nobody started (issue 11)
    await expect(w.api.apply(preview.id, {})).rejects.toThrow(/changed after this preview/);
    expect(w.plecto.writes()).toBe(0);
  });
});
