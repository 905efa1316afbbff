// The tray's "Sync now" for every connection, when one of them cannot run.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INTERCOM_TOKEN, startApiWorld, type ApiWorld } from './api-world';
import { markAppliedByHand } from '../../../main/schedule/first-apply';

let w: ApiWorld;
beforeEach(async () => {
  w = await startApiWorld();
  await w.api.savePlectoSettings({ baseUrl: w.plecto.baseUrl, email: w.plecto.email, password: w.plecto.password });
  // First in order: a connection whose secret is missing (imported from a profile; never entered here).
  await w.api.importProfile(
    JSON.stringify({ connections: [{ id: 'broken', type: 'intercom', baseUrl: w.intercom.baseUrl, credentials: { accessToken: { keychain: 'broken/accessToken' } } }] }),
  );
  await w.api.saveConnection({ id: 'intercom', type: 'intercom', baseUrl: w.intercom.baseUrl }, { accessToken: INTERCOM_TOKEN });
  for (const id of ['broken', 'intercom']) markAppliedByHand(w.mirror, id, { status: 'applied' });
});
afterEach(async () => {
  await w.close();
});

describe('desktop API: Sync now for every connection', () => {
  it('syncs the other connections when one cannot start, and reports that one as failed (R10)', async () => {
    const runs = await w.api.syncNow();
    expect(runs.map((r) => [r.connectionId, r.status])).toEqual([
      ['broken', 'failed'],
      ['intercom', 'applied'],
    ]);
    expect(runs[0].error).toBe('Missing secret for connection "broken" credentials.accessToken: the OS keychain has no entry "broken/accessToken"');
    expect(w.plecto.members.size).toBe(22);
    // One recorded run per connection (the engine's own failed run is reused), and an event for each.
    expect((await w.api.listRuns()).map((r) => [r.connectionId, r.status])).toEqual([
      ['intercom', 'applied'],
      ['broken', 'failed'],
    ]);
    const finished = w.events.filter((e) => e.type === 'run-finished').map((e) => ('run' in e ? e.run.connectionId : ''));
    expect(finished).toEqual(['broken', 'intercom']);
    expect((await w.api.getOverview()).connections.find((c) => c.id === 'broken')!.lastRun).toMatchObject({ status: 'failed' });
  });

  it('records a connection that is already syncing as failed and still syncs the rest', async () => {
    await w.secrets.set('broken/accessToken', INTERCOM_TOKEN);
    // The preview marks "broken" busy before its first request; "Sync now" starts while it reads.
    const preview = w.api.preview('broken');
    const runs = await w.api.syncNow();
    expect((await preview).status).toBe('planned');
    expect(runs.map((r) => [r.connectionId, r.status])).toEqual([
      ['broken', 'failed'],
      ['intercom', 'applied'],
    ]);
    expect(runs[0].error).toMatch(/A sync of "broken" is already running/);
  });

  it('still reports the error when "Sync now" is asked for that one connection', async () => {
    await expect(w.api.syncNow('broken')).rejects.toThrow(/the OS keychain has no entry "broken\/accessToken"/);
    expect(w.plecto.writes()).toBe(0);
  });
});
