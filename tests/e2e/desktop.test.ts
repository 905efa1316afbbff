// End to end: the real renderer build in headless Chromium, the real
// main-process services behind the bridge, fake Intercom and Plecto. Walks
// the path and checks real state (fake Plecto, the mirror), not only
// text; saves a screenshot of every page.
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { mirrorBytes, nav, screenshot, startWorld, visible, type World } from './harness';

let world: World | null = null;

afterEach(async () => {
  await world?.close();
  world = null;
});

function memberByName(world: World, name: string) {
  return [...world.plecto.members.values()].find((m) => m.name === name);
}

function teamByName(world: World, name: string) {
  return [...world.plecto.teams.values()].find((t) => t.name === name);
}

describe('desktop app in Chromium over the bridge', () => {
  it('adds a connection, scopes teams, previews, applies without one change, and skips a manual employee on re-sync (R8, R7, R12)', async () => {
    const token = `tok-${Math.random().toString(36).slice(2)}-intercom`;
    world = await startWorld({ intercomToken: token, plectoPassword: 'e2e-plecto-password' });
    const { page, plecto, intercom, app } = world;
    await page.goto(app.bridge.url);

    // 1 — Plecto settings and an Intercom connection, each tested.
    await visible(page.getByRole('heading', { level: 1, name: 'Connections' }));
    await visible(page.getByText('No sources yet'));
    await page.getByLabel('Plecto API URL').fill(plecto.baseUrl);
    await page.getByLabel('Email').fill(plecto.email);
    await page.getByLabel('Password').fill(plecto.password);
    await page.getByRole('button', { name: 'Test Plecto connection' }).click();
    await visible(page.locator('.test-result .text-ok'));
    expect(app.mirror.getSetting('plecto')).toBeNull(); // a test saves nothing (issue 11, point 1)
    await page.getByRole('button', { name: 'Save Plecto settings' }).click();
    await visible(page.getByText('Plecto settings saved.'));
    expect(await page.getByLabel('Password').inputValue()).toBe(''); // sent once, not kept in the form

    await page.getByRole('button', { name: 'Add a source' }).click();
    await page.getByLabel('Intercom region').selectOption({ label: 'Other URL…' });
    await page.getByLabel('Intercom API URL').fill(intercom.baseUrl);
    await page.getByLabel('Access token').fill(token);
    await page.getByRole('button', { name: 'Test connection' }).click();
    const testLine = await visible(page.locator('.card-edit .test-result .text-ok'));
    expect(await testLine.textContent()).toMatch(/intercom/i);
    expect(app.mirror.getConnection('intercom')).toBeNull(); // tested, not saved
    await page.getByRole('button', { name: 'Save connection' }).click();
    await visible(page.getByRole('button', { name: 'Edit Intercom' }));
    const saved = app.mirror.getConnection('intercom')!;
    expect(saved.baseUrl).toBe(intercom.baseUrl);
    expect(saved.credentials.accessToken).toEqual({ keychain: 'intercom/accessToken' });
    expect(await app.secrets.get('intercom/accessToken')).toBe(token);
    await screenshot(page, '1-connections');

    // 2 — settings: scope to selected teams, a tighter safeguard. With no team picked yet the
    // scope cannot be saved (issue 11, point 4); "Pick teams" keeps the unsaved edits (point 5).
    await nav(page, 'Settings');
    await page.getByRole('switch', { name: 'Only sync data for selected teams' }).check();
    await page.getByLabel('Maximum deactivations per run').fill('10');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await visible(page.getByText(/Pick at least one team before turning on/));
    expect(app.mirror.getConnection('intercom')!.settings.onlySelectedTeams).toBe(false);
    await screenshot(page, '2-settings');
    await page.locator('.sticky-actions').getByRole('button', { name: 'Pick teams' }).click();

    // 3 — pick two teams from the source's list (with member counts).
    await visible(page.getByRole('heading', { level: 1, name: /^Teams/ }));
    await visible(page.getByText('Your Settings changes are not saved yet'));
    await page.getByRole('button', { name: 'Read teams from Intercom' }).click();
    await visible(page.getByRole('checkbox', { name: /Tier 1 Support/ }));
    expect(await page.locator('.team-row', { hasText: 'Tier 1 Support' }).textContent()).toContain('6 members');
    await page.getByLabel('Search teams').fill('bill');
    expect(await page.locator('.team-row').count()).toBe(1);
    await page.getByRole('button', { name: 'Select all' }).click(); // selects the visible match only
    await page.getByLabel('Search teams').fill('');
    await page.getByRole('checkbox', { name: /Tier 1 Support/ }).check();
    await page.getByRole('button', { name: 'Save selection' }).click();
    await visible(page.getByText('Selection saved: 2 teams.'));
    expect(app.mirror.getConnection('intercom')!.settings.selectedTeams).toEqual(['814865', '814867']);
    expect(app.mirror.listRuns({})).toEqual([]); // reading teams is not a run (issue 11, point 3)
    await screenshot(page, '3-teams');
    await page.getByRole('button', { name: 'back to Settings' }).click();
    expect(await page.getByRole('switch', { name: 'Only sync data for selected teams' }).isChecked()).toBe(true);
    expect(await page.getByLabel('Maximum deactivations per run').inputValue()).toBe('10');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await visible(page.getByText('Settings saved.'));
    expect(app.mirror.getConnection('intercom')!.settings.onlySelectedTeams).toBe(true);
    expect(app.mirror.getConnection('intercom')!.safeguards.maxDeactivations).toBe(10);

    // 4 — preview: grouped by kind with counts, each with reason and rule.
    await nav(page, 'Preview');
    await page.getByRole('button', { name: 'Preview changes' }).first().click();
    await visible(page.getByRole('region', { name: 'Planned changes' }));
    const planned = app.mirror.getRun(app.mirror.listRuns({ connectionId: 'intercom', limit: 1 })[0].id)!;
    expect(planned.status).toBe('planned');
    const changes = planned.plan!.changes;
    expect(changes.filter((c) => c.kind === 'create_team').map((c) => c.team!.name).sort()).toEqual(['Billing', 'Tier 1 Support']);
    expect(changes.some((c) => c.team?.name === 'Sales EMEA')).toBe(false); // R8: out of scope
    expect(await page.getByRole('button', { name: /^Create team\s*2$/ }).count()).toBe(1);
    await visible(page.getByText(`${changes.length} changes`, { exact: false }));
    expect(await page.locator('.change-row .rule').first().textContent()).toMatch(/^R\d+$/);
    await screenshot(page, '4-preview');

    // 5 — leave Lena Fischer's Tier 1 membership out of this run.
    await page.getByLabel('Search changes').fill('Lena');
    const lenaTier1 = page.getByRole('checkbox', { name: 'Include: Add to team Lena Fischer → Tier 1 Support' });
    await (await visible(lenaTier1)).uncheck();
    await page.getByLabel('Search changes').fill('');
    const included = changes.length - 1;
    await visible(page.getByText(`1 left out`, { exact: false }));

    // 6 — apply with confirmation and live progress, then the result.
    plecto.delay(60); // slow Plecto down so the progress is visible
    await page.getByRole('button', { name: `Apply ${included} changes` }).click();
    const dialog = await visible(page.getByRole('dialog'));
    expect(await dialog.textContent()).toContain('1 change left out will not');
    await dialog.getByRole('button', { name: `Apply ${included} changes` }).click();
    await visible(page.getByRole('progressbar'));
    await visible(page.getByText(/Applying… \d+ of \d+ changes/));
    await visible(page.getByRole('status').filter({ hasText: 'Applied' }), 30_000);
    plecto.delay(0);
    const appliedRun = app.mirror.getRun(planned.id)!;
    expect(appliedRun.status).toBe('applied');
    expect(appliedRun.excludedChangeIds).toHaveLength(1);
    const tier1 = teamByName(world, 'Tier 1 Support')!;
    const billing = teamByName(world, 'Billing')!;
    expect(tier1).toBeDefined();
    expect(billing).toBeDefined();
    expect(teamByName(world, 'Sales EMEA')).toBeUndefined();
    expect(memberByName(world, 'Jane Doe')!.teams).toContain(tier1.uuid);
    const lena = memberByName(world, 'Lena Fischer')!;
    expect(lena.teams).not.toContain(tier1.uuid); // the unticked change did not happen
    expect(memberByName(world, 'Jonas Lindqvist')).toBeUndefined(); // Sales EMEA is out of scope
    await screenshot(page, '5-preview-applied');

    // 7 — the history entry, its change log and CSV export.
    await nav(page, 'History');
    await visible(page.getByRole('button', { name: `#${planned.id} · Intercom` }));
    const detail = page.locator('.run-detail');
    await visible(detail.getByText('Create team Tier 1 Support'));
    expect(await detail.locator('.badge-ok').first().textContent()).toBe('Applied');
    const [download] = await Promise.all([page.waitForEvent('download'), detail.getByRole('button', { name: 'Export CSV' }).click()]);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('run,connection,change_id,kind,rule,team,employee,email,reason,outcome,error');
    expect(csv).toMatch(/add_membership,R4,Tier 1 Support,Lena Fischer,.*,left out,/);
    expect(csv).toMatch(/create_team,R1,Billing,.*,applied,/);
    await screenshot(page, '6-history');

    // 8 — Lena becomes managed manually (R7).
    await nav(page, 'Employees');
    await page.getByLabel('Search employees').fill('Lena');
    const lenaSwitch = await visible(page.getByRole('switch', { name: 'Manage Lena Fischer manually' }));
    await page.getByLabel('Search employees').fill('');
    await visible(page.getByText('9 employees'));
    await screenshot(page, '7-employees');
    await page.getByLabel('Search employees').fill('Lena');
    await lenaSwitch.check();
    await visible(page.getByText('Manual', { exact: true }));
    expect(app.mirror.manuallyManaged()).toEqual([lena.uuid]);

    // 9 — re-sync: Lena's missing membership is not added; she is listed as skipped (R7).
    await nav(page, 'Preview');
    await page.getByRole('button', { name: 'Preview again' }).click();
    const skipped = await visible(page.getByRole('region', { name: /^Skipped/ }));
    expect(await skipped.textContent()).toMatch(/Lena Fischer/);
    const resync = app.mirror.getRun(app.mirror.listRuns({ connectionId: 'intercom', limit: 1 })[0].id)!;
    expect(resync.id).toBeGreaterThan(planned.id);
    expect(resync.plan!.changes.some((c) => c.employee?.name === 'Lena Fischer')).toBe(false);
    expect(resync.plan!.skipped.some((s) => s.employee?.name === 'Lena Fischer' && /R7|manual/i.test(s.reason))).toBe(true);
    await screenshot(page, '8-preview-resync');
    if (resync.plan!.changes.length > 0) {
      await page.getByRole('button', { name: /^Apply \d+ changes?$/ }).click();
      await page.getByRole('dialog').getByRole('button', { name: /^Apply/ }).click();
      await visible(page.getByRole('status').filter({ hasText: 'Applied' }));
    }
    expect(memberByName(world, 'Lena Fischer')!.teams).not.toContain(tier1.uuid);

    expect(world.pageErrors).toEqual([]); // no CSP violation, no uncaught error
  });

  it('keeps a canary secret out of SQLite, the logs, every API response and the DOM', async () => {
    const canaryToken = `CANARY-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const canaryPassword = `CANARY-PW-${Math.random().toString(36).slice(2)}`;
    world = await startWorld({ intercomToken: canaryToken, plectoPassword: canaryPassword });
    const { page, plecto, intercom, app } = world;
    await page.goto(app.bridge.url);
    await visible(page.getByRole('heading', { level: 1, name: 'Connections' }));

    // Secrets go in through the same API the renderer uses (the page's window.plectoApi).
    await page.evaluate(
      async ({ plectoUrl, email, password, intercomUrl, token }) => {
        await window.plectoApi.savePlectoSettings({ baseUrl: plectoUrl, email, password });
        await window.plectoApi.saveConnection({ id: 'intercom', type: 'intercom', baseUrl: intercomUrl }, { accessToken: token });
      },
      { plectoUrl: plecto.baseUrl, email: plecto.email, password: canaryPassword, intercomUrl: intercom.baseUrl, token: canaryToken },
    );
    await page.reload();
    await visible(page.getByRole('button', { name: 'Edit Intercom' }));

    // Use every page: test, preview, apply, history, employees, profile export.
    await page.getByRole('button', { name: 'Edit Intercom' }).click();
    await page.getByRole('button', { name: 'Test connection' }).click();
    await visible(page.locator('.card-edit .test-result .text-ok'));
    const doms: string[] = [await page.content()];
    await nav(page, 'Preview');
    await page.getByRole('button', { name: 'Preview changes' }).first().click();
    await visible(page.getByRole('region', { name: 'Planned changes' }));
    await page.getByRole('button', { name: /^Apply \d+ changes$/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: /^Apply/ }).click();
    await visible(page.getByRole('status').filter({ hasText: 'Applied' }), 30_000);
    doms.push(await page.content());
    for (const name of ['Settings', 'Teams', 'Employees', 'History', 'Connections']) {
      await nav(page, name);
      await page.waitForTimeout(200);
      doms.push(await page.content());
    }
    const profile = await page.evaluate(() => window.plectoApi.exportProfile());
    expect(JSON.parse(profile).connections[0].credentials.accessToken).toEqual({ keychain: 'intercom/accessToken' });
    expect(app.mirror.listRuns({ limit: 1 })[0].status).toBe('applied');
    expect(plecto.members.size).toBeGreaterThan(0);

    for (const canary of [canaryToken, canaryPassword]) {
      expect(mirrorBytes(app.mirrorFile).includes(Buffer.from(canary))).toBe(false);
      expect(world.logs.join('\n')).not.toContain(canary);
      expect(app.bridge.responses.length).toBeGreaterThan(10);
      expect(app.bridge.responses.join('\n')).not.toContain(canary);
      for (const dom of doms) expect(dom).not.toContain(canary);
    }
    // The canary check can fail: the secrets really are in the keychain and were used.
    expect(await app.secrets.get('intercom/accessToken')).toBe(canaryToken);
    expect(world.logs.length).toBeGreaterThan(0);
  });
});
