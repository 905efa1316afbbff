// "Sign in with Salesforce" through the desktop API, end to end: the PKCE
// flow against the fake Salesforce with a scripted browser, the refresh token
// into the keychain only, and a preview that signs in with it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDesktopServices } from '../../../main/app/desktop-services';
import { systemClock } from '../../../main/common/clock';
import { silentLogger } from '../../../main/common/logger';
import { MemorySecretStore } from '../../../main/secrets/secret-store';
import { Mirror } from '../../../main/store/mirror';
import type { DirectorySyncApi } from '../../../preload/contract';
import { startFakePlecto, type FakePlecto } from '../../fakes/plecto-server';
import { startFakeSalesforce, type FakeSalesforce } from '../../fakes/salesforce-server';

let dir: string;
let mirror: Mirror;
let secrets: MemorySecretStore;
let plecto: FakePlecto;
let salesforce: FakeSalesforce;
let api: DirectorySyncApi;
let opened: string[];

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sf-sign-in-'));
  mirror = Mirror.open(path.join(dir, 'mirror.db'));
  secrets = new MemorySecretStore();
  plecto = await startFakePlecto();
  salesforce = await startFakeSalesforce();
  const sales = salesforce.addRole({ Name: 'Sales EMEA' });
  salesforce.addUser({ Name: 'Jane Doe', Email: 'jane@acme.com', UserType: 'Standard', IsActive: true, UserRoleId: sales.Id });
  opened = [];
  api = createDesktopServices({
    mirror,
    secrets,
    fetch: (input, init) => fetch(input, init),
    clock: systemClock,
    logger: silentLogger,
    env: {},
    // The system browser: the admin approves, Salesforce redirects to the app's loopback callback.
    // Like a real browser it runs on its own: opening it does not wait for the admin.
    openBrowser: async (url) => {
      opened.push(url);
      void (async () => {
        const authorize = await fetch(url, { redirect: 'manual' });
        await (await fetch(authorize.headers.get('location')!)).text();
      })();
    },
  }).api;
  await api.savePlectoSettings({ baseUrl: plecto.baseUrl, email: plecto.email, password: plecto.password });
});

afterEach(async () => {
  mirror.close();
  await Promise.all([plecto.close(), salesforce.close()]);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('Sign in with Salesforce (desktop)', () => {
  it('keeps the refresh token in the keychain only, and the next preview signs in with it (R1 R3)', async () => {
    await api.saveConnection({ id: 'salesforce', type: 'salesforce', loginUrl: salesforce.loginUrl, credentials: { clientId: salesforce.clientId } }, {});
    const result = await api.signInSalesforce('salesforce');
    expect(result.ok).toBe(true);
    expect(opened).toHaveLength(1);
    expect(new URL(opened[0]).searchParams.get('code_challenge_method')).toBe('S256');

    // The token the code exchange issued, in the keychain; the mirror holds only a reference to it.
    const refreshToken = (await secrets.get('salesforce/refreshToken'))!;
    expect(refreshToken).toMatch(/^5Aep/);
    expect(mirror.getConnection('salesforce')!.credentials.refreshToken).toEqual({ keychain: 'salesforce/refreshToken' });
    const overview = await api.getOverview();
    expect(overview.connections[0].savedSecrets).toContain('refreshToken');
    expect(JSON.stringify(overview)).not.toContain(refreshToken);
    expect(fs.readFileSync(path.join(dir, 'mirror.db')).includes(refreshToken)).toBe(false);

    const preview = await api.preview('salesforce');
    expect(preview.error).toBeNull();
    expect(preview.status).toBe('planned');
    expect(preview.plan!.changes.map((c) => `${c.kind} ${c.team?.name ?? c.employee?.name}`)).toEqual([
      'create_team Sales EMEA',
      'create_employee Jane Doe',
      'add_membership Sales EMEA',
    ]);
  });

  it('says what to do when the admin denies access, and stores nothing', async () => {
    await api.saveConnection({ id: 'salesforce', type: 'salesforce', loginUrl: salesforce.loginUrl, credentials: { clientId: salesforce.clientId } }, {});
    salesforce.denyNextAuthorization();
    const result = await api.signInSalesforce('salesforce');
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining('access_denied') });
    expect(await secrets.get('salesforce/refreshToken')).toBeNull();
  });
});
