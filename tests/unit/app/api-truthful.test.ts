// Issue 11 through the desktop API: a test of unsaved form values saves
// nothing, a team read is not a run, waiting plans can be discarded, failed
// changes retried alone, apply progress counts changes, and nothing is applied
// automatically before an admin applied one preview by hand.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hasBeenAppliedByHand } from '../../../main/schedule/first-apply';
import { INTERCOM_TOKEN, startApiWorld, type ApiWorld } from './api-world';

let w: ApiWorld;
beforeEach(async () => {
  w = await startApiWorld();
});
afterEach(async () => {
  await w.close();
});

describe('desktop API: testing unsaved values (issue 11, point 1)', () => {
  it('tests a new connection from the form without saving it or its secret', async () => {
    await w.setUp();
    const ok = await w.api.testConnectionSettings({ id: 'support', type: 'intercom', baseUrl: w.intercom.baseUrl }, { accessToken: INTERCOM_TOKEN });
    expect(ok.ok).toBe(true);
    const bad = await w.api.testConnectionSettings({ id: 'support', type: 'intercom', baseUrl: w.intercom.baseUrl }, { accessToken: 'wrong-token-000000' });
    expect(bad.ok).toBe(false);
    expect(w.mirror.getConnection('support')).toBeNull();
    expect(await w.secrets.accounts()).not.toContain('support/accessToken');
  });

  it('a wrong token typed into a saved connection\'s form is tested, and the saved one stays', async () => {
    await w.setUp();
    const bad = await w.api.testConnectionSettings({ id: 'intercom', type: 'intercom', baseUrl: w.intercom.baseUrl }, { accessToken: 'wrong-token-000000' });
    expect(bad.ok).toBe(false);
    expect(await w.secrets.get('intercom/accessToken')).toBe(INTERCOM_TOKEN);
    // An empty field means "the saved one", for the same host.
    expect((await w.api.testConnectionSettings({ id: 'intercom', type: 'intercom', baseUrl: w.intercom.baseUrl }, {})).ok).toBe(true);
  });

  it('does not send a saved secret to a host the form changed to: the admin enters it again', async () => {
    await w.setUp();
    const other = w.intercom.baseUrl.replace('127.0.0.1', 'localhost');
    const result = await w.api.testConnectionSettings({ id: 'intercom', type: 'intercom', baseUrl: other }, {});
    expect(result).toEqual({ ok: false, message: expect.stringMatching(/^Enter the access token again for the new host localhost:\d+/) });
  });

  it('tests Plecto form values without saving them: a wrong password leaves the working one saved', async () => {
    await w.setUp();
    const bad = await w.api.testPlectoSettings({ baseUrl: w.plecto.baseUrl, email: w.plecto.email, password: 'not-the-password' });
    expect(bad.ok).toBe(false);
    expect(await w.secrets.get('plecto/password')).toBe(w.plecto.password);
    const good = await w.api.testPlectoSettings({ baseUrl: w.plecto.baseUrl, email: w.plecto.email });
    expect(good).toEqual({ ok: true, message: expect.stringMatching(/^Connected to Plecto at 127\.0\.0\.1:\d+ as /) });
  });
});

describe('desktop API: runs say what happened (issue 11, points 2, 3, 6, 7, 8)', () => {
  it('reading teams for the team selector records no run', async () => {
    await w.setUp();
    const teams = await w.api.listSourceTeams('intercom', { refresh: true });
    expect(teams.teams.length).toBeGreaterThan(0);
    expect(teams.error).toBeNull();
    expect(await w.api.listRuns()).toEqual([]);
  });

  it('a preview is not a sync: the overview keeps the last apply apart from the waiting preview', async () => {
    await w.setUp();
    const preview = await w.api.preview('intercom');
    let [view] = (await w.api.getOverview()).connections;
    expect(view.lastSync).toBeNull();
    expect(view.waiting).toMatchObject({ id: preview.id, status: 'planned' });
    await w.api.apply(preview.id, {});
    [view] = (await w.api.getOverview()).connections;
    expect(view.lastSync).toMatchObject({ id: preview.id, status: 'applied' });
    expect(view.waiting).toBeNull();
  });

  it('a waiting preview can be discarded; it is then neither waiting nor applicable', async () => {
    await w.setUp();
    const preview = await w.api.preview('intercom');
    expect((await w.api.discardRun(preview.id)).status).toBe('discarded');
    expect((await w.api.getOverview()).connections[0].waiting).toBeNull();
    await expect(w.api.apply(preview.id, {})).rejects.toThrow(/cannot be applied: Discarded by you/);
    await expect(w.api.discardRun(preview.id)).rejects.toThrow(/not waiting for approval/);
    expect(w.plecto.writes()).toBe(0);
  });

  it('retries only the failed changes of a partial run, as a new apply (R12, R13)', async () => {
    await w.setUp();
    const preview = await w.api.preview('intercom');
    w.plecto.failNext(1, 400, { path: /\/members\/$/, method: 'POST' });
    const partial = await w.api.apply(preview.id, {});
    expect(partial.status).toBe('partial');
    const failedIds = partial.failed.flatMap((f) => f.changeIds);
    expect(failedIds.length).toBeGreaterThan(0);
    const members = w.plecto.members.size;

    const retry = await w.api.retryFailed(partial.id);
    expect(retry.id).toBeGreaterThan(partial.id);
    expect(retry.status).toBe('applied');
    const retried = retry.plan!.changes.filter((c) => !retry.excludedChangeIds.includes(c.id)).map((c) => c.id);
    expect(retried.sort()).toEqual([...new Set(failedIds)].filter((id) => retry.plan!.changes.some((c) => c.id === id)).sort());
    expect(w.plecto.members.size).toBe(members + 1);
    expect((await w.api.preview('intercom')).plan!.changes).toEqual([]); // nothing left to do (R11)
  });

  it('apply progress counts changes, not writes, with the time left', async () => {
    await w.setUp();
    const preview = await w.api.preview('intercom');
    await w.api.apply(preview.id, {});
    const progress = w.events.filter((e) => e.type === 'run-progress');
    const last = progress.at(-1)!;
    expect(last).toMatchObject({ changesTotal: preview.plan!.changes.length, changesDone: preview.plan!.changes.length, secondsLeft: 0 });
    if (last.type !== 'run-progress') throw new Error('not a progress event');
    expect(last.total).not.toBe(last.changesTotal); // memberships ride on member writes
  });
});

describe('desktop API: a scope with no team (issue 11, point 4)', () => {
  it('cannot be saved: the preview would silently say "Nothing to change" (R8)', async () => {
    await w.setUp();
    await expect(w.api.saveSettings('intercom', { settings: { onlySelectedTeams: true } })).rejects.toThrow(
      'Pick at least one team before turning on "Only sync data for selected teams" (R8)',
    );
    expect(w.mirror.getConnection('intercom')!.settings.onlySelectedTeams).toBe(false);
    await w.api.saveSettings('intercom', { settings: { selectedTeams: ['814867'] } }); // a selection may be saved first
    await w.api.saveSettings('intercom', { settings: { onlySelectedTeams: true } });
    expect(w.mirror.getConnection('intercom')!.settings).toMatchObject({ onlySelectedTeams: true, selectedTeams: ['814867'] });
  });
});

describe('desktop API: nothing applied automatically before an apply by hand (issue 11, point 12)', () => {
  it('"Sync now" previews until an admin applied one preview by hand, then applies', async () => {
    await w.setUp({ appliedByHand: false });
    const [first] = await w.api.syncNow('intercom');
    expect(first.status).toBe('planned');
    expect(w.plecto.writes()).toBe(0);
    expect((await w.api.getOverview()).connections[0]).toMatchObject({ appliedByHand: false, waiting: { id: first.id } });

    const applied = await w.api.apply(first.id, {});
    expect(applied.status).toBe('applied');
    expect(hasBeenAppliedByHand(w.mirror, 'intercom')).toBe(true);
    w.intercom.removeAdmin(w.intercom.admins.find((a) => a.name === 'Omar Haddad')!.id);
    const [second] = await w.api.syncNow('intercom');
    expect(second.status).toBe('applied');
    expect([...w.plecto.members.values()].find((m) => m.name === 'Omar Haddad')!.is_active).toBe(false);
  });

  it('a connection removed and added again starts over', async () => {
    await w.setUp();
    await w.api.deleteConnection('intercom');
    await w.api.saveConnection({ id: 'intercom', type: 'intercom', baseUrl: w.intercom.baseUrl }, { accessToken: INTERCOM_TOKEN });
    expect((await w.api.syncNow('intercom'))[0].status).toBe('planned');
  });
});
