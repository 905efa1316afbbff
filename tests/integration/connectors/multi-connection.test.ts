// Several connections together: one profile with Salesforce, Intercom and
// Enreach, run through the command line (`apply --json`) on one data dir.
// One person in two systems is one Plecto employee; leaving one system only
// removes that connection's memberships (R5); a team belongs to one
// connection only (R1); the exit code is the most severe across connections.
import { afterEach, describe, expect, it } from 'vitest';
import { memberNamed, startMixedWorld, type MixedWorld } from '../world';

let world: MixedWorld;
afterEach(async () => world?.close());

async function threeSystems() {
  world = await startMixedWorld([{ type: 'salesforce' }, { type: 'intercom' }, { type: 'enreach' }]);
  const sf = world.salesforce();
  const support = sf.addRole({ Name: 'Support' });
  const sales = sf.addRole({ Name: 'Sales' });
  const janeSf = sf.addUser({ Name: 'Jane Doe', Email: 'jane@acme.com', UserRoleId: support.Id });
  sf.addUser({ Name: 'Sam Seller', Email: 'sam@acme.com', UserRoleId: sales.Id });

  const intercom = world.intercom();
  intercom.addTeam({ id: '1', name: 'Support' });
  intercom.addAdmin({ id: '201', name: 'Jane Doe', email: 'JANE@Acme.com', job_title: null });
  intercom.addAdmin({ id: '202', name: 'Ian Helper', email: 'ian@acme.com', job_title: null });
  intercom.join('201', '1');
  intercom.join('202', '1');

  const en = world.enreach();
  const outbound = en.addGroup({ Name: 'Outbound' });
  en.addUser({ FirstName: 'Olga', LastName: 'Out', GroupIds: [outbound.Id] });
  return { sf, intercom, en, janeSf, support };
}

const teamNames = (w: MixedWorld, uuids: string[]) => uuids.map((u) => w.plecto.teams.get(u)!.name).sort();

describe('several connections in one profile, through the command line', () => {
  it('R3 R1 one person in Salesforce and Intercom (email in another case) is ONE employee with both providers; a colliding team name is refused with a note', async () => {
    await threeSystems();
    const first = await world.cliJson('apply');
    expect(first.code).toBe(0);
    expect(first.results.map((r) => [r.connection, r.status])).toEqual([
      ['salesforce', 'applied'],
      ['intercom', 'applied'],
      ['enreach', 'applied'],
    ]);
    expect(world.plecto.members.size).toBe(4); // Jane, Sam, Ian, Olga
    const jane = memberNamed(world.plecto, 'Jane Doe');
    expect(jane.api_providers.map((p) => p.provider).sort()).toEqual(['Intercom', 'Salesforce']);
    expect(jane.is_active).toBe(true);

    // "Support" is Salesforce's role and Intercom's team: two Plecto teams, each linked to one connection.
    const supports = [...world.plecto.teams.values()].filter((t) => t.name === 'Support');
    expect(supports).toHaveLength(2);
    const sfSupport = world.mirror.teamLinks('salesforce').find((l) => supports.some((t) => t.uuid === l.plectoUuid))!.plectoUuid;
    const icSupport = world.mirror.teamLinks('intercom')[0].plectoUuid;
    expect(new Set([sfSupport, icSupport]).size).toBe(2);
    expect(jane.teams.sort()).toEqual([sfSupport, icSupport].sort());

    const intercomJson = first.results[1];
    expect(intercomJson.notes).toEqual([
      'Team "Support" exists in Plecto but is linked to connection "salesforce"; a separate team will be created (R1).',
    ]);
    expect(intercomJson.changes.filter((c) => c.kind === 'create_team').map((c) => c.team!.name)).toEqual(['Support']);
    expect(intercomJson.changes.filter((c) => c.kind === 'link_employee').map((c) => c.employee!.name)).toEqual(['Jane Doe']);
    expect(first.results[0].notes).toBeUndefined();

    // Nothing left to do: every connection is a no-op, without writes.
    const writes = world.plecto.writes();
    const second = await world.cliJson('apply');
    expect(second.code).toBe(0);
    expect(second.results.map((r) => r.changes.length)).toEqual([0, 0, 0]);
    expect(world.plecto.writes()).toBe(writes);
    expect(world.plecto.teams.size).toBe(4);
  });

  it('R5 leaving one system removes only that connection\'s memberships; gone from every connection that manages her, she is deactivated', async () => {
    const { intercom, janeSf } = await threeSystems();
    expect((await world.cliJson('apply')).code).toBe(0);
    const uuid = memberNamed(world.plecto, 'Jane Doe').uuid;

    intercom.removeAdmin('201');
    const left = await world.cliJson('apply');
    expect(left.code).toBe(0);
    const [sfRun, icRun] = left.results;
    expect(sfRun.changes).toEqual([]);
    expect(icRun.changes.map((c) => [c.kind, c.rule, c.employee!.name])).toEqual([['remove_membership', 'R5', 'Jane Doe']]);
    expect(icRun.summary.deactivate_employee).toBe(0);
    const stillActive = world.plecto.members.get(uuid)!;
    expect(stillActive.is_active).toBe(true);
    expect(teamNames(world, stillActive.teams)).toEqual(['Support']);
    expect(stillActive.teams).toEqual([world.mirror.teamLinks('salesforce').find((l) => l.sourceId === janeSf.UserRoleId)!.plectoUuid]);

    // Now inactive in Salesforce too: no connection has her active any more.
    janeSf.IsActive = false;
    const gone = await world.cliJson('apply');
    expect(gone.code).toBe(0);
    expect(gone.results[0].changes.map((c) => [c.kind, c.rule])).toEqual([
      ['remove_membership', 'R5'],
      ['deactivate_employee', 'R5'],
    ]);
    expect(world.plecto.members.get(uuid)).toMatchObject({ is_active: false, teams: [] });
    expect(world.plecto.members.size).toBe(4); // never deleted
  });

  it('exit code is the most severe across connections: a failed read (5) beats a hold (3) beats success (0)', async () => {
    const { intercom, en } = await threeSystems();
    expect((await world.cliJson('apply')).code).toBe(0);
    const writes = world.plecto.writes();

    // Intercom suddenly lists nobody (held, R10) and Enreach refuses the key (failed, R10).
    intercom.removeAdmin('201');
    intercom.removeAdmin('202');
    const key = en.secretKey;
    en.secretKey = 'rotated-by-an-admin';
    const worst = await world.cliJson('apply');
    expect(worst.results.map((r) => r.status)).toEqual(['applied', 'held', 'failed']);
    expect(worst.results[1].holdReason).toMatch(/no people/i);
    expect(worst.results[2].error).toContain(`Enreach rejected the credentials of ${en.username} at ${en.baseUrl}`);
    expect(worst.results[2].error).not.toContain(key);
    expect(worst.code).toBe(5);
    expect(world.plecto.writes()).toBe(writes);

    // Enreach readable again: only the hold remains.
    en.secretKey = key;
    const held = await world.cliJson('apply');
    expect(held.results.map((r) => r.status)).toEqual(['applied', 'held', 'applied']);
    expect(held.code).toBe(3);
    expect(world.plecto.writes()).toBe(writes);
  });
});
