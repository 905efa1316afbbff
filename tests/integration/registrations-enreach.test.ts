// Registrations import of Enreach calls through the CLI: windows of at most
// 31 days from the cursor to now, inclusive bounds de-duplicated, scope (R9).
import { afterEach, describe, expect, it } from 'vitest';
import { addEnreachCalls, enreachTimeOf } from '../fakes/registration-routes';
import { START, startRegWorld, storedExternalIds, type RegWorld } from './registrations-harness';

let world: RegWorld<'enreach'>;
afterEach(async () => world?.close());

const DAY = 24 * 3600 * 1000;
const parse = (text: string) => Date.parse(text.replace(' ', 'T') + 'Z');

async function seed(options: Parameters<typeof startRegWorld>[1] = {}) {
  world = await startRegWorld('enreach', options);
  const en = world.source;
  const outbound = en.addGroup({ Name: 'Outbound sales' });
  const inbound = en.addGroup({ Name: 'Inbound' });
  const jane = en.addUser({ FirstName: 'Jane', LastName: 'Doe', GroupIds: [outbound.Id] });
  const joe = en.addUser({ FirstName: 'Joe', LastName: 'Bloggs', GroupIds: [inbound.Id] });
  const calls = addEnreachCalls(en);
  return { outbound, inbound, jane, joe, calls };
}

describe('registrations import: Enreach calls', () => {
  it('reads in windows of at most 31 days from `since` to now, and a re-run with nothing new sends zero writes', async () => {
    const { jane, calls } = await seed();
    const first = calls.add({ UserId: jane.Id, modifiedAt: Date.parse('2026-01-02T10:00:00Z'), Direction: 'Inbound', DurationSeconds: 61 });
    calls.add({ UserId: jane.Id, modifiedAt: Date.parse('2026-02-15T10:00:00Z') });
    const atNow = calls.add({ UserId: jane.Id, modifiedAt: START }); // exactly at the end of the last window

    const { code, result } = await world.apply();
    expect(code).toBe(0);
    expect(result.registrations).toEqual({ imported: 3, skippedOutOfScope: 0, failed: 0 });
    expect(calls.windows[0][0]).toBe('2026-01-01 00:00:00');
    expect(calls.windows.at(-1)![1]).toBe(enreachTimeOf(START));
    for (const [after, before] of calls.windows) expect(parse(before) - parse(after)).toBeLessThanOrEqual(31 * DAY);
    for (let i = 1; i < calls.windows.length; i++) expect(parse(calls.windows[i][0])).toBeLessThanOrEqual(parse(calls.windows[i - 1][1]));
    expect(world.registrationPosts()[0].find((r) => r.external_id === `${first.CallId}:${jane.Id}`)).toEqual({
      data_source: expect.any(String),
      member_api_provider: 'Enreach',
      member_api_id: jane.Id,
      member_name: 'Jane Doe',
      external_id: `${first.CallId}:${jane.Id}`,
      date: new Date(parse(first.StartTime)).toISOString(),
      Direction: 'Inbound',
      DurationSeconds: 61,
    });

    // Same instant: the next window re-reads the boundary second (inclusive bounds) and posts nothing.
    const mark = world.plecto.log.length;
    expect((await world.apply()).result.registrations).toEqual({ imported: 0, skippedOutOfScope: 0, failed: 0 });
    expect(world.plecto.log.slice(mark).filter((e) => e.method !== 'GET')).toEqual([]);

    // A day later: one new call, and the one at the old boundary modified again.
    world.clock.advance(DAY);
    const fresh = calls.add({ UserId: jane.Id, modifiedAt: START + 3600_000 });
    atNow.Modified = enreachTimeOf(START + 7200_000);
    atNow.DurationSeconds = 300;
    const mark2 = world.plecto.log.length;
    expect((await world.apply()).result.registrations).toEqual({ imported: 2, skippedOutOfScope: 0, failed: 0 });
    expect(world.registrationPosts(mark2).flat().map((r) => r.external_id).sort()).toEqual([atNow, fresh].map((c) => `${c.CallId}:${jane.Id}`).sort());
    expect(storedExternalIds(world.plecto)).toHaveLength(4);
  });

  it('R9 scope on: only calls of users in the selected group are imported; camelCase answers are read too', async () => {
    const { outbound, jane, joe, calls } = await seed({ settings: { onlySelectedTeams: true, selectedTeams: [] } });
    world.connection.settings.selectedTeams = [outbound.Id];
    world.source.caseStyle = 'camel';
    for (let i = 0; i < 9; i++) calls.add({ UserId: [jane.Id, joe.Id, 'not-a-user'][i % 3], modifiedAt: Date.parse('2026-02-01T00:00:00Z') + i * 1000 });
    const { result } = await world.apply();
    expect(result.registrations).toEqual({ imported: 3, skippedOutOfScope: 6, failed: 0 });
    expect(new Set(world.registrationPosts().flat().map((r) => r.member_api_id))).toEqual(new Set([jane.Id]));
  });

  it('a failing calls read stops the import where it got to, marks the run partial, and the next run catches up', async () => {
    const { jane, calls } = await seed();
    calls.add({ UserId: jane.Id, modifiedAt: Date.parse('2026-01-03T00:00:00Z') });
    calls.add({ UserId: jane.Id, modifiedAt: Date.parse('2026-02-20T00:00:00Z') });
    world.source.failNext(5, 503, { path: /^\/calls\?ModifiedAfter=2026-01-31/ });
    const first = await world.apply();
    expect(first.code).toBe(4);
    expect(first.result.registrations).toEqual({ imported: 1, skippedOutOfScope: 0, failed: 1 });
    expect(world.importState().cursor).toMatch(/^2026-02-01T00:00:00.000Z\|/);

    const second = await world.apply();
    expect(second.code).toBe(0);
    expect(second.result.registrations).toEqual({ imported: 1, skippedOutOfScope: 0, failed: 0 });
    expect(storedExternalIds(world.plecto)).toEqual(calls.list.map((c) => `${c.CallId}:${c.UserId}`).sort());
  });
});
