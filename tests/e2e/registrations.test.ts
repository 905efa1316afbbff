// End to end: the registrations import (R9) from Settings to History. The real
// renderer build in headless Chromium, the real services behind the bridge,
// fake Intercom with conversations and fake Plecto; checks what fake Plecto
// holds and what the mirror saved, not only text.
import { afterEach, describe, expect, it } from 'vitest';
import { addIntercomConversations } from '../fakes/registration-routes';
import { connectIntercom, nav, screenshot, startWorld, visible, type World } from './harness';

let world: World | null = null;

afterEach(async () => {
  await world?.close();
  world = null;
});

const at = (iso: string) => Math.floor(Date.parse(iso) / 1000);
const TIER1 = '814865';
/** Demo admins (demo/company.ts). */
const ADMIN = { jane: 991267466, lena: 991267468, kenji: 991267469, jonas: 991267478, isabella: 991267481 };

describe('registrations import in Chromium over the bridge', () => {
  it('turns the import on with a new data source and a start date, previews the counts, applies, and shows "N imported" in History (R9)', async () => {
    const token = `tok-${Math.random().toString(36).slice(2)}-registrations`;
    world = await startWorld({ intercomToken: token, plectoPassword: 'e2e-registrations-plecto-password' });
    const { page, plecto, intercom, app } = world;

    // Intercom conversations: three owned by Tier 1 Support people, two by sales people, one unassigned, one before the start date.
    const conversations = addIntercomConversations(intercom);
    const inScope = [
      conversations.add({ admin_assignee_id: ADMIN.jane, updated_at: at('2026-03-02T09:00:00Z'), title: 'Refund for order 1042' }),
      conversations.add({ admin_assignee_id: ADMIN.lena, updated_at: at('2026-03-03T09:00:00Z'), title: 'Cannot log in' }),
      conversations.add({ admin_assignee_id: ADMIN.kenji, updated_at: at('2026-03-04T09:00:00Z'), state: 'open', title: null }),
    ];
    conversations.add({ admin_assignee_id: ADMIN.jonas, updated_at: at('2026-03-05T09:00:00Z') });
    conversations.add({ admin_assignee_id: ADMIN.isabella, updated_at: at('2026-03-06T09:00:00Z') });
    conversations.add({ admin_assignee_id: null, updated_at: at('2026-03-07T09:00:00Z') });
    conversations.add({ admin_assignee_id: ADMIN.jane, updated_at: at('2026-01-20T09:00:00Z') });
    plecto.addDataSource('Zendesk tickets', ['status']);

    await connectIntercom(world, token);
    // Tier 1 Support is the selected team (the Teams page has its own test).
    await page.evaluate((team) => window.plectoApi.saveSettings('intercom', { settings: { selectedTeams: [team] } }), TIER1);
    await page.reload();
    await visible(page.getByRole('button', { name: 'Edit Intercom' }));

    // Settings: scope on, import on, a new data source, a start date.
    await nav(page, 'Settings');
    await page.getByRole('switch', { name: 'Only sync data for selected teams' }).check();
    const importSwitch = page.getByRole('switch', { name: 'Import data (registrations)' });
    const description = await page.locator(`#${await importSwitch.getAttribute('aria-describedby')}`).textContent();
    expect(description).toContain('With “Only sync data for selected teams” on, only records owned by employees of the selected teams are imported (R9).');
    await importSwitch.check();
    await visible(page.getByText('Scope is on: records owned by people outside the 1 selected team are skipped and counted (R9).'));
    const dataSource = page.getByLabel('Data source');
    await visible(page.getByText('A new data source is created on the first import', { exact: false })); // Plecto's list is in
    expect(await dataSource.locator('option').allTextContents()).toEqual(['Zendesk tickets', 'Create new: Intercom conversations']);
    await dataSource.selectOption({ label: 'Create new: Intercom conversations' });
    await page.getByLabel('Start date').fill('2026-02-01');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await visible(page.getByText('Settings saved.'));
    const saved = app.mirror.getConnection('intercom')!;
    expect(saved.registrations).toEqual({ enabled: true, dataSource: 'Intercom conversations', since: '2026-02-01T00:00:00Z' });
    expect(saved.settings).toMatchObject({ onlySelectedTeams: true, selectedTeams: [TIER1] });
    await screenshot(page, '12-settings-import');

    // Preview: the directory changes, then what the import would bring and skip.
    await nav(page, 'Preview');
    await page.getByRole('button', { name: 'Preview changes' }).first().click();
    const card = await visible(page.getByRole('region', { name: 'Registrations' }));
    expect(await card.getByRole('list', { name: 'Registrations by outcome' }).textContent()).toMatch(/To import\s*3\s*Skipped by scope \(R9\)\s*2/);
    expect(await card.textContent()).toContain('3 records would be imported into the data source “Intercom conversations”');
    expect(await card.textContent()).toContain('2 records would be skipped: the owner is not an employee of a selected team (R9).');
    expect(plecto.dataSources.size).toBe(1); // counting wrote nothing
    await screenshot(page, '13-preview-registrations');

    // Apply: the confirmation names the import; then the result.
    await page.getByRole('button', { name: /^Apply \d+ changes$/ }).click();
    const dialog = await visible(page.getByRole('dialog'));
    expect(await dialog.textContent()).toContain('Then 3 registrations are imported into the data source “Intercom conversations”.');
    await dialog.getByRole('button', { name: /^Apply \d+ changes$/ }).click();
    const result = await visible(page.getByRole('status').filter({ hasText: 'Applied' }), 30_000);
    expect(await result.textContent()).toContain('3 registrations imported, 2 skipped by scope (R9)');
    await screenshot(page, '14-registrations-applied');

    // Fake Plecto holds exactly the in-scope conversations, in a data source created with Intercom's fields.
    const created = [...plecto.dataSources.values()].find((s) => s.title === 'Intercom conversations')!;
    expect(created.fields.map((f) => f.name)).toEqual(['state', 'team_assignee_id', 'title']);
    const stored = [...(plecto.registrations.get(created.uuid)?.values() ?? [])];
    expect(stored.map((r) => r.external_id).sort()).toEqual(inScope.map((c) => c.id).sort());
    expect(stored.find((r) => r.external_id === inScope[0].id)).toMatchObject({
      member_api_provider: 'Intercom',
      member_api_id: String(ADMIN.jane),
      member_name: 'Jane Doe',
      title: 'Refund for order 1042',
    });
    expect([...plecto.registrations.keys()]).toEqual([created.uuid]);
    const run = app.mirror.listRuns({ connectionId: 'intercom', limit: 1 })[0];
    expect(run).toMatchObject({ status: 'applied', registrations: { imported: 3, skippedOutOfScope: 2, failed: 0 } });

    // History: the list and the run's detail show the counts.
    await nav(page, 'History');
    const row = page.locator('tr', { has: page.getByRole('button', { name: `#${run.id} · Intercom` }) });
    await visible(row.getByText('3 imported', { exact: true }));
    expect(await row.textContent()).toContain('2 skipped (R9)');
    await visible(page.locator('.run-detail').getByText('3 imported · 2 skipped by scope (R9) · 0 failed'));
    await screenshot(page, '15-history-registrations');
    expect(world.pageErrors).toEqual([]);
  });
});
