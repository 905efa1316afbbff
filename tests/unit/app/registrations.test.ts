// The desktop's part of the registrations import (R9): settings saved per
// connection, Plecto's data sources for the picker, the counts on a preview,
// and the counts of an apply in History and the CSV. Real engine, a real
// SQLite mirror in a temp dir, fake Intercom (with conversations) and Plecto.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DirectorySyncApi } from '../../../preload/contract';
import { DEFAULT_DATA_SOURCE } from '../../../main/app/connection-defaults';
import { createDesktopServices } from '../../../main/app/desktop-services';
import { systemClock } from '../../../main/common/clock';
import { silentLogger, streamLogger } from '../../../main/common/logger';
import { createConnector } from '../../../main/connectors/registry';
import type { ConnectorType } from '../../../main/domain/model';
import { MemorySecretStore } from '../../../main/secrets/secret-store';
import { Mirror } from '../../../main/store/mirror';
import { seedDemoIntercom } from '../../../demo/company';
import { startFakeIntercom, type FakeIntercom } from '../../fakes/intercom-server';
import { startFakePlecto, type FakePlecto } from '../../fakes/plecto-server';
import { addIntercomConversations, type FakeConversations } from '../../fakes/registration-routes';

const TOKEN = 'unit-intercom-token-registrations-42';
const PASSWORD = 'unit-plecto-password-registrations-42';
const SINCE = '2026-01-01T00:00:00Z';
const TIER1 = '814865';
/** Demo admins (demo/company.ts): Jane Doe and Lena Fischer are in Tier 1 Support, Jonas Lindqvist only in Sales EMEA. */
const JANE = '991267466';
const LENA = '991267468';
const JONAS = '991267478';
const at = (iso: string) => Math.floor(Date.parse(iso) / 1000);

let dir: string;
let mirror: Mirror;
let plecto: FakePlecto;
let intercom: FakeIntercom;
let conversations: FakeConversations;
let api: DirectorySyncApi;
let logs: string[];

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desktop-registrations-'));
  mirror = Mirror.open(path.join(dir, 'mirror.db'));
  plecto = await startFakePlecto({ password: PASSWORD });
  intercom = await startFakeIntercom({ token: TOKEN });
  seedDemoIntercom(intercom);
  conversations = addIntercomConversations(intercom);
  logs = [];
  api = createDesktopServices({
    mirror,
    secrets: new MemorySecretStore(),
    fetch: (input, init) => fetch(input, init),
    clock: systemClock,
    logger: streamLogger((line) => logs.push(line)),
    env: {},
  }).api;
  await api.savePlectoSettings({ baseUrl: plecto.baseUrl, email: plecto.email, password: PASSWORD });
  await api.saveConnection({ id: 'intercom', type: 'intercom', baseUrl: intercom.baseUrl }, { accessToken: TOKEN });
});

afterEach(async () => {
  mirror.close();
  await Promise.all([plecto.close(), intercom.close()]);
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Two conversations in Tier 1 Support, two of Sales EMEA, one unassigned and one from before the start date. */
function seedConversations() {
  const inScope = [
    conversations.add({ admin_assignee_id: Number(JANE), updated_at: at('2026-03-01T10:00:00Z'), title: 'Refund' }),
    conversations.add({ admin_assignee_id: Number(LENA), updated_at: at('2026-03-02T10:00:00Z'), title: 'Login' }),
  ];
  const outOfScope = [
    conversations.add({ admin_assignee_id: Number(JONAS), updated_at: at('2026-03-03T10:00:00Z') }),
    conversations.add({ admin_assignee_id: Number(JONAS), updated_at: at('2026-03-04T10:00:00Z') }),
  ];
  conversations.add({ admin_assignee_id: null, updated_at: at('2026-03-05T10:00:00Z') });
  conversations.add({ admin_assignee_id: Number(JANE), updated_at: at('2025-12-01T10:00:00Z') });
  return { inScope, outOfScope };
}

async function turnImportOn(onlySelectedTeams: boolean) {
  return api.saveSettings('intercom', {
    settings: { onlySelectedTeams, selectedTeams: onlySelectedTeams ? [TIER1] : [] },
    registrations: { enabled: true, dataSource: 'Intercom conversations', since: SINCE },
  });
}

describe('desktop registrations import', () => {
  it('keeps each connector\'s default data source title equal to its reader\'s', () => {
    const credentials = { accessToken: 't', clientId: 'c', refreshToken: 'r', username: 'u@x.io', secretKey: 's' };
    const deps = { fetch: () => Promise.reject(new Error('no network in this test')), clock: systemClock, logger: silentLogger };
    for (const type of Object.keys(DEFAULT_DATA_SOURCE) as ConnectorType[]) {
      const connector = createConnector(
        { id: type, type, providerLabel: type, baseUrl: 'https://example.test', credentials, settings: {} as never, safeguards: {} as never },
        credentials,
        deps,
      );
      expect(connector.registrations?.defaultDataSource, type).toBe(DEFAULT_DATA_SOURCE[type]);
    }
  });

  it('saves the registrations block per connection and shows it with the default title; saving the connection keeps it', async () => {
    const before = (await api.getOverview()).connections[0];
    expect(before.registrations).toBeNull();
    expect(before.defaultDataSource).toBe('Intercom conversations');

    const view = await turnImportOn(true);
    expect(view.registrations).toEqual({ enabled: true, dataSource: 'Intercom conversations', since: SINCE });
    expect(mirror.getConnection('intercom')!.registrations).toEqual({ enabled: true, dataSource: 'Intercom conversations', since: SINCE });

    await api.saveConnection({ id: 'intercom', type: 'intercom', providerLabel: 'Support' }, {});
    expect(mirror.getConnection('intercom')!.registrations).toEqual({ enabled: true, dataSource: 'Intercom conversations', since: SINCE });
    // A patch without the block leaves it alone; turning it off keeps the data source and date.
    await api.saveSettings('intercom', { safeguards: { maxDeactivations: 3 } });
    expect(mirror.getConnection('intercom')!.registrations?.enabled).toBe(true);
    await api.saveSettings('intercom', { registrations: { enabled: false, dataSource: 'Intercom conversations', since: SINCE } });
    expect(mirror.getConnection('intercom')!.registrations).toEqual({ enabled: false, dataSource: 'Intercom conversations', since: SINCE });
    expect(JSON.parse(await api.exportProfile()).connections[0].registrations).toEqual({ enabled: false, dataSource: 'Intercom conversations', since: SINCE });
  });

  it('lists Plecto\'s data sources by title for the picker, without writing', async () => {
    plecto.addDataSource('Zendesk tickets', ['status']);
    plecto.addDataSource('Calls', ['duration']);
    const writesBefore = plecto.writes();
    const listed = await api.listDataSources();
    expect(listed.map((s) => s.title)).toEqual(['Calls', 'Zendesk tickets']);
    expect(listed.every((s) => /^[0-9a-f]{32}$/.test(s.uuid))).toBe(true);
    expect(plecto.writes()).toBe(writesBefore);
  });

  it('says what failed and where when Plecto\'s data sources cannot be listed, without the password', async () => {
    await api.savePlectoSettings({ baseUrl: plecto.baseUrl, email: plecto.email, password: 'a-wrong-password-123456' });
    const error = await api.listDataSources().then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/Plecto/);
    expect(error?.message).toContain(new URL(plecto.baseUrl).host);
    expect(error?.message).not.toContain('a-wrong-password-123456');
  });

  it('previews how many records would be imported and how many skipped by scope, writing nothing and keeping the cursor (R9)', async () => {
    const { inScope } = seedConversations();
    await turnImportOn(true);
    const run = await api.preview('intercom');
    expect(run.status).toBe('planned');
    expect(run.registrationPreview).toEqual({ dataSource: 'Intercom conversations', toImport: 2, skippedOutOfScope: 2, error: null });
    expect(plecto.dataSources.size).toBe(0);
    expect(plecto.registrations.size).toBe(0);
    expect(plecto.writes()).toBe(0);
    expect(mirror.getImportState('intercom').cursor).toBeNull();
    expect(run.apiUsage['Intercom (registrations preview)']).toBeGreaterThan(0);
    expect(mirror.getRun(run.id)!.apiUsage['Intercom (registrations preview)']).toBe(run.apiUsage['Intercom (registrations preview)']);

    // The apply imports exactly the counted records; History, the detail and the CSV show the counts.
    const applied = await api.apply(run.id, {});
    expect(applied.status).toBe('applied');
    expect(applied.registrations).toEqual({ imported: 2, skippedOutOfScope: 2, failed: 0 });
    const [source] = [...plecto.dataSources.values()];
    expect(source.title).toBe('Intercom conversations');
    expect([...plecto.registrations.get(source.uuid)!.keys()].sort()).toEqual(inScope.map((c) => c.id).sort());
    expect((await api.listRuns())[0].registrations).toEqual({ imported: 2, skippedOutOfScope: 2, failed: 0 });
    expect((await api.getRun(run.id))!.run.registrations).toEqual({ imported: 2, skippedOutOfScope: 2, failed: 0 });
    expect(await api.exportRunCsv(run.id)).toContain(
      `${run.id},intercom,,registrations,R9,,,,2 imported; 2 skipped: owner outside the selected teams (R9); 0 failed,imported,\r\n`,
    );

    // Nothing new: the next preview counts nothing to import.
    const again = await api.preview('intercom');
    expect(again.registrationPreview).toMatchObject({ toImport: 0, skippedOutOfScope: 0, error: null });
  });

  it('counts every owner\'s records when "Only sync data for selected teams" is off (R9)', async () => {
    seedConversations();
    await turnImportOn(false);
    const run = await api.preview('intercom');
    expect(run.registrationPreview).toMatchObject({ toImport: 4, skippedOutOfScope: 0, error: null });
  });

  it('carries no counts when the import is off, and makes no search request', async () => {
    seedConversations();
    const run = await api.preview('intercom');
    expect(run.status).toBe('planned');
    expect(run.registrationPreview).toBeNull();
    expect(conversations.searches).toHaveLength(0);
  });

  it('shows a short note instead of counts when the source cannot be read, and the directory preview stands', async () => {
    seedConversations();
    await turnImportOn(true);
    intercom.failNext(1, 403, { path: /conversations\/search/ });
    const run = await api.preview('intercom');
    expect(run.status).toBe('planned');
    expect(run.plan!.changes.length).toBeGreaterThan(0);
    expect(run.registrationPreview).toMatchObject({ dataSource: 'Intercom conversations', toImport: null, skippedOutOfScope: null });
    expect(run.registrationPreview!.error).toMatch(/Could not count the records to import from Intercom/);
    expect(run.registrationPreview!.error).toContain(new URL(intercom.baseUrl).host);
    expect(run.registrationPreview!.error).not.toContain(TOKEN);
    expect(logs.join('\n')).not.toContain(TOKEN);
  });
});
