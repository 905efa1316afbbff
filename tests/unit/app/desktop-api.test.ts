// The desktop API over the real engine, a real SQLite mirror in a temp dir,
// a MemorySecretStore, and fake Intercom and Plecto servers on 127.0.0.1.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DirectorySyncApi, DirectorySyncEvent } from '../../../preload/contract';
import { createDesktopServices } from '../../../main/app/desktop-services';
import { systemClock } from '../../../main/common/clock';
import { streamLogger } from '../../../main/common/logger';
import { MemorySecretStore } from '../../../main/secrets/secret-store';
import { Mirror } from '../../../main/store/mirror';
import { seedDemoIntercom } from '../../../demo/company';
import { startFakeIntercom, type FakeIntercom } from '../../fakes/intercom-server';
import { startFakePlecto, type FakePlecto } from '../../fakes/plecto-server';
import { markAppliedByHand } from '../../../main/schedule/first-apply';

const TOKEN = 'unit-intercom-token-0123456789';
const PASSWORD = 'unit-plecto-password-0123456789';

let dir: string;
let mirror: Mirror;
let secrets: MemorySecretStore;
let plecto: FakePlecto;
let intercom: FakeIntercom;
let api: DirectorySyncApi;
let events: DirectorySyncEvent[];
let logs: string[];

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desktop-api-'));
  mirror = Mirror.open(path.join(dir, 'mirror.db'));
  secrets = new MemorySecretStore();
  plecto = await startFakePlecto({ password: PASSWORD });
  intercom = await startFakeIntercom({ token: TOKEN });
  seedDemoIntercom(intercom);
  events = [];
  logs = [];
  api = createDesktopServices({
    mirror,
    secrets,
    fetch: (input, init) => fetch(input, init),
    clock: systemClock,
    logger: streamLogger((line) => logs.push(line)),
    env: {},
    emit: (event) => events.push(event),
  }).api;
});

afterEach(async () => {
  mirror.close();
  await Promise.all([plecto.close(), intercom.close()]);
  fs.rmSync(dir, { recursive: true, force: true });
});

async function setUp() {
  await api.savePlectoSettings({ baseUrl: plecto.baseUrl, email: plecto.email, password: PASSWORD });
  await api.saveConnection({ id: 'intercom', type: 'intercom', baseUrl: intercom.baseUrl }, { accessToken: TOKEN });
  markAppliedByHand(mirror, 'intercom', { status: 'applied' }); // "Sync now" applies (issue 11, point 12 is tested in api-first-sync)
}

describe('createDesktopApi', () => {
  it('saves the Plecto password in the keychain only and reports it as saved, never returning it', async () => {
    const view = await api.savePlectoSettings({ baseUrl: plecto.baseUrl, email: plecto.email, password: PASSWORD });
    expect(view).toEqual({ baseUrl: plecto.baseUrl, email: plecto.email, requestsPerHour: 3600, hasPassword: true });
    expect(await secrets.get('plecto/password')).toBe(PASSWORD);
    expect(JSON.parse(mirror.getSetting('plecto')!).password).toEqual({ keychain: 'plecto/password' });
    // Saving again without a password keeps the saved one.
    await api.savePlectoSettings({ baseUrl: plecto.baseUrl, email: 'other@acme.com' });
    expect(await secrets.get('plecto/password')).toBe(PASSWORD);
    const overview = await api.getOverview();
    expect(overview.plecto).toMatchObject({ email: 'other@acme.com', hasPassword: true });
    expect(JSON.stringify(overview)).not.toContain(PASSWORD);
  });

  it('saves connection secrets as keychain references, keeps them when left empty, and deletes them with the connection', async () => {
    const view = await api.saveConnection({ id: 'intercom', type: 'intercom', baseUrl: intercom.baseUrl }, { accessToken: TOKEN });
    expect(view.savedSecrets).toEqual(['accessToken']);
    expect(view.credentials).toEqual({});
    expect(view.settings.automaticSync).toBe(true);
    expect(mirror.getConnection('intercom')!.credentials).toEqual({ accessToken: { keychain: 'intercom/accessToken' } });
    await api.saveConnection({ id: 'intercom', type: 'intercom', providerLabel: 'Support desk' }, { accessToken: '' });
    expect(await secrets.get('intercom/accessToken')).toBe(TOKEN);
    expect(mirror.getConnection('intercom')).toMatchObject({ providerLabel: 'Support desk', baseUrl: intercom.baseUrl });
    await expect(api.saveConnection({ id: 'intercom', type: 'enreach' }, {})).rejects.toThrow(/remove it before adding a enreach one/);

    await api.deleteConnection('intercom');
    expect(await secrets.accounts()).toEqual([]);
    expect(mirror.getConnection('intercom')).toBeNull();
    expect((await api.getOverview()).connections).toEqual([]);
  });

  it('tests connections with a clear result and no secret in a failure', async () => {
    await setUp();
    const ok = await api.testConnection('intercom');
    expect(ok.ok).toBe(true);
    expect((await api.testPlecto()).ok).toBe(true);
    await api.saveConnection({ id: 'intercom', type: 'intercom' }, { accessToken: 'wrong-token-0123456789' });
    const bad = await api.testConnection('intercom');
    expect(bad.ok).toBe(false);
    expect(bad.message).toMatch(/Intercom/);
    expect(bad.message).toContain(new URL(intercom.baseUrl).host);
    expect(bad.message).not.toContain('wrong-token-0123456789');
  });

  it('lists source teams with member counts after a refresh read (R8 selector)', async () => {
    await setUp();
    expect((await api.listSourceTeams('intercom')).teams).toEqual([]);
    const listed = await api.listSourceTeams('intercom', { refresh: true });
    expect(listed.error).toBeNull();
    expect(listed.teams.map((t) => [t.name, t.memberCount])).toEqual([
      ['Billing', 3],
      ['Onboarding', 4],
      ['Sales Americas', 4],
      ['Sales EMEA', 4],
      ['Tier 1 Support', 6],
      ['Tier 2 Support', 4],
    ]);
    expect(listed.readAt).toBeGreaterThan(0);
  });

  it('previews, applies without an excluded change with progress events, and lists employees from Plecto afterwards (R12)', async () => {
    await setUp();
    const planned = await api.preview('intercom');
    expect(planned.status).toBe('planned');
    expect(plecto.writes()).toBe(0);
    const left = planned.plan!.changes.find((c) => c.kind === 'create_employee' && c.employee!.name === 'Olivia Smith')!;
    const applied = await api.apply(planned.id, { excludeChangeIds: [left.id] });
    expect(applied.status).toBe('applied');
    expect([...plecto.members.values()].some((m) => m.name === 'Olivia Smith')).toBe(false);
    expect(plecto.members.size).toBe(21);
    const progress = events.filter((e) => e.type === 'run-progress');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toMatchObject({ runId: planned.id, done: (progress.at(-1) as { total: number }).total, failed: 0 });
    const finished = events.find((e) => e.type === 'run-finished');
    expect(finished).toMatchObject({ run: { id: planned.id, status: 'applied', providerLabel: 'Intercom' } });
    expect(finished && 'run' in finished && 'plan' in finished.run).toBe(false);

    const employees = await api.listEmployees();
    expect(employees).toHaveLength(21);
    const jane = employees.find((e) => e.name === 'Jane Doe')!;
    expect(jane).toMatchObject({ source: 'Intercom', connectionId: 'intercom', isActive: true, teams: ['Tier 1 Support'], managedManually: false });
    expect(await api.listEmployees({ search: 'billing' })).toHaveLength(3);

    const runs = await api.listRuns();
    expect(runs[0]).toMatchObject({ id: planned.id, status: 'applied', changeCount: planned.plan!.changes.length });
    const detail = (await api.getRun(planned.id))!;
    expect(detail.journal.length).toBeGreaterThan(0);
    expect(detail.journal.every((j) => j.state === 'done')).toBe(true);
    const csv = await api.exportRunCsv(planned.id);
    expect(csv).toContain(`${left.id},create_employee,R3,,Olivia Smith,olivia.smith@northwind.example,`);
    expect(csv).toMatch(/Olivia Smith.*,left out,\r\n/);
  });

  it('skips an employee switched to manual on the next sync (R7)', async () => {
    await setUp();
    await api.apply((await api.preview('intercom')).id, {});
    const omar = (await api.listEmployees({ search: 'Omar' }))[0];
    await api.setManuallyManaged(omar.uuid, true);
    expect((await api.listEmployees({ search: 'Omar' }))[0].managedManually).toBe(true);
    intercom.removeAdmin(intercom.admins.find((a) => a.name === 'Omar Haddad')!.id);
    const [run] = await api.syncNow('intercom');
    expect(run.status).toBe('applied');
    const full = (await api.getRun(run.id))!.run;
    expect(full.plan!.changes.some((c) => c.employee?.name === 'Omar Haddad')).toBe(false);
    expect(full.plan!.skipped.some((s) => s.employee?.name === 'Omar Haddad' && /R7/.test(s.reason))).toBe(true);
    expect(plecto.members.get(omar.uuid)!.is_active).toBe(true);
  });

  it('pauses automatic sync for every connection and records start at login', async () => {
    await setUp();
    const calls: boolean[] = [];
    const local = createDesktopServices({ mirror, secrets, fetch, clock: systemClock, logger: streamLogger(() => {}), env: {}, applyStartAtLogin: (on) => calls.push(on) }).api;
    await local.setAutomaticSyncPaused(true);
    expect(mirror.getSchedule('intercom').paused).toBe(true);
    expect((await local.getOverview()).automaticSyncPaused).toBe(true);
    await local.setAutomaticSyncPaused(false);
    expect(mirror.getSchedule('intercom').paused).toBe(false);
    await local.setStartAtLogin(true);
    expect(calls).toEqual([true]);
    expect((await local.getOverview()).startAtLogin).toBe(true);
  });

  it('exports a cli.md profile with keychain references and imports it back; plain secrets are refused', async () => {
    await setUp();
    const text = await api.exportProfile();
    const profile = JSON.parse(text);
    expect(profile.plecto.password).toEqual({ keychain: 'plecto/password' });
    expect(profile.connections[0]).toMatchObject({ id: 'intercom', type: 'intercom', credentials: { accessToken: { keychain: 'intercom/accessToken' } } });
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(PASSWORD);

    const plain = structuredClone(profile);
    plain.connections[0].credentials.accessToken = 'pasted-token';
    await expect(api.importProfile(JSON.stringify(plain))).rejects.toThrow(/connections\[0\]\.credentials\.accessToken is a plain secret/);
    const plainPassword = structuredClone(profile);
    plainPassword.plecto.password = 'pw';
    await expect(api.importProfile(JSON.stringify(plainPassword))).rejects.toThrow(/plecto\.password is a plain secret/);
    await expect(api.importProfile('{nope')).rejects.toThrow(/not valid JSON/);

    profile.connections.push({ id: 'sf', type: 'salesforce', credentials: { clientId: '3MVG9', refreshToken: { keychain: 'sf/refreshToken' } } });
    expect(await api.importProfile(JSON.stringify(profile))).toEqual({ connections: ['intercom', 'sf'], plecto: true });
    expect(mirror.getConnection('sf')).toMatchObject({ loginUrl: 'https://login.salesforce.com', providerLabel: 'Salesforce', settings: { syncTeams: true } });
  });

  it('exchanges an Enreach password for a secret key and stores only the key', async () => {
    const seen: unknown[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ url: req.url, body: JSON.parse(body) });
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ SecretKey: 'enreach-secret-key-123' }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const view = await api.saveConnection({ id: 'enreach', type: 'enreach', baseUrl: base, credentials: { username: 'api@acme.com' } }, { password: 'enreach-password-xyz' });
      expect(seen).toEqual([{ url: '/authuser/api%40acme.com', body: { UserName: 'api@acme.com', Password: 'enreach-password-xyz' } }]);
      expect(view.savedSecrets).toEqual(['secretKey']);
      expect(await secrets.get('enreach/secretKey')).toBe('enreach-secret-key-123');
      expect(await secrets.accounts()).toEqual(['enreach/secretKey']);
      expect(fs.readFileSync(path.join(dir, 'mirror.db')).includes('enreach-password-xyz')).toBe(false);
    } finally {
      server.close();
    }
  });

  it('refuses a second sync of the same connection while one runs', async () => {
    await setUp();
    plecto.delay(200);
    const first = api.preview('intercom');
    await expect(api.preview('intercom')).rejects.toThrow(/already running/);
    expect((await first).status).toBe('planned');
    plecto.delay(0);
  });
});
