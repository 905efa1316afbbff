// `check` (contracts/cli.md, issue 10): against fakes that follow the contracts
// it reports every item ok or not seen and exits 0; each "differs from the
// contract" switch of a fake is named in the report and makes it exit 5. It
// writes nothing anywhere, and its report carries no secret and no email.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ENREACH_CONTRACT } from '../../../main/connectors/enreach/contract';
import { INTERCOM_CONTRACT } from '../../../main/connectors/intercom/contract';
import { SALESFORCE_CONTRACT } from '../../../main/connectors/salesforce/contract';
import { ASSUMED } from '../../../main/plecto/wire';
import { startMixedWorld, type MixedWorld } from '../world';

let world: MixedWorld;
afterEach(async () => world?.close());

interface ItemJson {
  item: string;
  status: 'ok' | 'differs' | 'not seen';
  detail: string;
}
interface SystemJson {
  system: string;
  type: string;
  error?: string;
  items: ItemJson[];
}

async function startSeededWorld(): Promise<MixedWorld> {
  const w = await startMixedWorld([{ type: 'intercom' }, { type: 'salesforce' }, { type: 'enreach' }]);
  const team = w.plecto.addTeam('Support');
  w.plecto.addTeam('Tier 1', team.uuid);
  w.plecto.addMember({
    name: 'Ann Lee',
    email: 'ann@acme.com',
    teams: [team.uuid],
    api_providers: [{ provider: 'Intercom', provider_id: '101', email: 'ann@acme.com' }],
  });
  w.plecto.addMember({ name: 'Bob Ray', email: 'bob@acme.com', managed_manually: true });
  w.plecto.addDataSource('Calls', ['Direction']);
  const intercom = w.intercom();
  const support = intercom.addTeam({ name: 'Support' });
  const ann = intercom.addAdmin({ name: 'Ann Lee', email: 'ann@acme.com' });
  intercom.join(ann.id, support.id);
  const sf = w.salesforce();
  const role = sf.addRole({ Name: 'Sales' });
  for (let i = 0; i < 3; i++) sf.addUser({ Name: `Seller ${i}`, UserRoleId: role.Id });
  const en = w.enreach();
  const group = en.addGroup({ Name: 'Outbound' });
  for (let i = 0; i < 5; i++) en.addUser({ FirstName: 'Agent', LastName: `N${i}`, GroupIds: [group.Id] });
  return w;
}

async function check(w: MixedWorld, ...args: string[]): Promise<{ code: number; reports: SystemJson[]; stderr: string; stdout: string }> {
  const { code, stdout, stderr } = await w.cli('check', '--json', ...args);
  return { code, reports: JSON.parse(stdout) as SystemJson[], stderr, stdout };
}

const itemOf = (reports: SystemJson[], system: string, item: string) => {
  const found = reports.find((r) => r.system === system)?.items.find((i) => i.item === item);
  if (!found) throw new Error(`no item "${item}" for ${system} in ${JSON.stringify(reports, null, 1)}`);
  return found;
};

describe('check: a compatibility report per system', () => {
  it('against fakes that follow the contracts: every item ok or not seen, exit 0, nothing written, no secret or email in the report', async () => {
    world = await startSeededWorld();
    const out = path.join(world.dir, 'report.json');
    const { code, reports, stdout, stderr } = await check(world, '--out', out);

    expect(reports.map((r) => r.system)).toEqual(['plecto', 'intercom', 'salesforce', 'enreach']);
    for (const report of reports) {
      expect(report.error).toBeUndefined();
      expect(report.items.filter((i) => i.status === 'differs')).toEqual([]);
    }
    expect(code).toBe(0);
    // Every checkable [assumed] Plecto item has its line.
    const plectoItems = reports[0].items.map((i) => i.item);
    for (const a of Object.values(ASSUMED).filter((a) => a.checked)) expect(plectoItems).toContain(a.item);
    // And every checkable item of each connector's contract.
    for (const [system, contract] of [['intercom', INTERCOM_CONTRACT], ['salesforce', SALESFORCE_CONTRACT], ['enreach', ENREACH_CONTRACT]] as const) {
      const expected = Object.values(contract as Record<string, { item: string; checked?: boolean }>).filter((i) => i.checked !== false).map((i) => i.item);
      expect(reports.find((r) => r.system === system)!.items.map((i) => i.item).sort()).toEqual(expected.sort());
    }
    expect(itemOf(reports, 'plecto', ASSUMED.apiProviders.item).status).toBe('ok');
    expect(itemOf(reports, 'plecto', ASSUMED.managedManually.item).detail).toBe('present on 2 of 2 members');
    expect(itemOf(reports, 'plecto', ASSUMED.teamParent.item).detail).toContain('1 sub-teams');
    // Plecto documents no rate-limit headers for members and teams: a note, not a difference.
    expect(itemOf(reports, 'plecto', ASSUMED.rateLimits.item).status).toBe('not seen');
    expect(itemOf(reports, 'intercom', 'rate limits').detail).toContain('X-RateLimit-Limit: 10000');
    expect(itemOf(reports, 'salesforce', 'API version')).toMatchObject({ status: 'ok' });
    expect(itemOf(reports, 'salesforce', 'API usage header').detail).toMatch(/api-usage=\d+\/100000/);
    expect(itemOf(reports, 'enreach', 'lists: paging').detail).toContain('skip/take honoured');

    // Read-only: no write reached Plecto, and the sources only answered reads.
    expect(world.plecto.log.filter((e) => e.method !== 'GET')).toEqual([]);
    expect(world.enreach().log.filter((e) => e.method !== 'GET')).toEqual([]);

    // The saved report is the JSON printed, for support; it holds no secret and no email.
    expect(fs.readFileSync(out, 'utf8')).toBe(stdout);
    const secrets = [world.plecto.password, ...Object.values(world.env)];
    for (const text of [stdout, stderr]) {
      for (const secret of secrets) expect(text).not.toContain(secret);
      expect(text).not.toMatch(/[\w.]+@[\w.]+\.\w+/);
    }
  });

  it('--out goes with check only (exit 2), and check needs --profile', async () => {
    world = await startSeededWorld();
    expect((await world.cli('plan', '--out', path.join(world.dir, 'x.json'))).code).toBe(2);
    const { runCli } = await import('../../../main/cli/run-cli');
    let err = '';
    expect(await runCli(['check', '--data-dir', world.dir], { stdout: () => {}, stderr: (t) => (err += t), env: world.env })).toBe(2);
    expect(err).toContain('check needs --profile FILE');
    expect(world.plecto.log).toEqual([]);
  });

  it('the text report names each system and item; exit 0', async () => {
    world = await startSeededWorld();
    const { code, stdout } = await world.cli('check');
    expect(code).toBe(0);
    expect(stdout).toContain('plecto (plecto, 127.0.0.1:');
    expect(stdout).toMatch(/ok\s+members: api_providers: present on 2 of 2 members/);
    expect(stdout).toContain('Everything the sync relies on was seen as expected.');
  });

  const differing: { name: string; system: string; item: string; detail: RegExp; flip: (w: MixedWorld) => void }[] = [
    { name: 'Plecto: another list shape', system: 'plecto', item: ASSUMED.listShape.item, detail: /neither a JSON array nor a page/, flip: (w) => (w.plecto.switches.listShape = 'other') },
    {
      name: 'Plecto: api_providers renamed',
      system: 'plecto',
      item: ASSUMED.apiProviders.item,
      detail: /2 of 2 members have no api_providers list \(they have a list named "data_suppliers"\)/,
      flip: (w) => (w.plecto.switches.renameMemberFields = { api_providers: 'data_suppliers' }),
    },
    {
      name: 'Plecto: is_active renamed',
      system: 'plecto',
      item: ASSUMED.memberFields.item,
      detail: /have no is_active/,
      flip: (w) => (w.plecto.switches.renameMemberFields = { is_active: 'active' }),
    },
    { name: 'Plecto: a data source answering id', system: 'plecto', item: ASSUMED.dataSourceId.item, detail: /answer "id" instead of "uuid"/, flip: (w) => (w.plecto.switches.dataSourceIdField = 'id') },
    { name: 'Intercom: no rate headers', system: 'intercom', item: 'rate limits', detail: /carried no X-RateLimit-\* headers/, flip: (w) => (w.intercom().omitRateHeaders = true) },
    { name: 'Intercom: team_ids renamed', system: 'intercom', item: 'admins: shape', detail: /no team_ids list .*fields seen: .*teams/, flip: (w) => (w.intercom().renameAdminFields = { team_ids: 'teams' }) },
    { name: 'Salesforce: no "View Roles"', system: 'salesforce', item: 'UserRole access', detail: /View Roles and Role Hierarchy/, flip: (w) => (w.salesforce().rolesForbidden = true) },
    { name: 'Salesforce: no usage header', system: 'salesforce', item: 'API usage header', detail: /no Sforce-Limit-Info/, flip: (w) => (w.salesforce().omitLimitHeader = true) },
    { name: 'Enreach: no rate headers', system: 'enreach', item: 'rate limits', detail: /carried no X-Rate-Limit-\* headers/, flip: (w) => (w.enreach().omitRateHeaders = true) },
    { name: 'Enreach: GroupIds renamed', system: 'enreach', item: 'users: fields', detail: /2 of 2 have no GroupIds list \(fields seen: .*Groups/, flip: (w) => (w.enreach().renameUserFields = { GroupIds: 'Groups' }) },
  ];
  for (const d of differing) {
    it(`${d.name}: check names the difference and exits 5`, async () => {
      world = await startSeededWorld();
      d.flip(world);
      const { code, reports } = await check(world);
      expect(code).toBe(5);
      const item = itemOf(reports, d.system, d.item);
      expect(item.status).toBe('differs');
      expect(item.detail).toMatch(d.detail);
      // Only that system differs.
      for (const r of reports.filter((r) => r.system !== d.system)) expect(r.items.filter((i) => i.status === 'differs')).toEqual([]);
    });
  }

  it('Plecto without managed_manually (the contract allows it absent): not seen, with what to do (R7); exit 0', async () => {
    world = await startSeededWorld();
    world.plecto.switches.omitMemberFields = ['managed_manually'];
    const { code, reports } = await check(world, '--connection', 'intercom');
    expect(code).toBe(0);
    expect(itemOf(reports, 'plecto', ASSUMED.managedManually.item)).toMatchObject({ status: 'not seen', detail: expect.stringContaining('mark them in the app (R7)') });
  });

  it('an Enreach endpoint that ignores skip/take is read as one list: ok, with a note', async () => {
    world = await startSeededWorld();
    world.enreach().ignoreSkipTake = true;
    const { code, reports } = await check(world, '--connection', 'enreach');
    expect(code).toBe(0);
    expect(reports.map((r) => r.system)).toEqual(['plecto', 'enreach']);
    expect(itemOf(reports, 'enreach', 'lists: paging').detail).toContain('/users: answers unpaged (ignores take)');
  });

  it('Plecto rate-limit headers, when sent, are reported with the requestsPerHour they allow', async () => {
    world = await startSeededWorld();
    world.plecto.switches.rateLimitHeaders = 7200;
    const { reports } = await check(world, '--connection', 'intercom');
    expect(itemOf(reports, 'plecto', ASSUMED.rateLimits.item)).toMatchObject({ status: 'ok', detail: expect.stringContaining('requestsPerHour can be up to 7,200') });
  });

  it('a Plecto endpoint that answers 404 or 403 is named under permissions, and the rest is still reported', async () => {
    world = await startSeededWorld();
    world.plecto.failNext(1, 404, { path: /datasources/ });
    world.plecto.failNext(1, 403, { path: /teams/ });
    const { code, reports } = await check(world, '--connection', 'intercom');
    expect(code).toBe(5);
    expect(itemOf(reports, 'plecto', ASSUMED.permissions.item).detail).toBe(
      'the Plecto user may not read teams; give this user administrator rights in Plecto; Plecto has no data sources endpoint at this address (404); check the base URL',
    );
    expect(itemOf(reports, 'plecto', ASSUMED.apiProviders.item).status).toBe('ok');
  });

  it('wrong Plecto credentials: the system could not be read, exit 5, and the password is not in the report', async () => {
    world = await startSeededWorld();
    world.env.PLECTO_PASSWORD = 'wrong-password-123';
    const { code, reports, stdout, stderr } = await check(world, '--connection', 'intercom');
    expect(code).toBe(5);
    expect(reports[0].error).toContain('rejected the credentials');
    expect(stdout + stderr).not.toContain('wrong-password-123');
    expect(stdout + stderr).not.toContain(world.plecto.email);
  });
});
