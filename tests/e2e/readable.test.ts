// Issue 11, "Readable" (points 9 and 10): one banner per problem with an
// action, no internal names in what the admin reads, the connection id from
// the label with a pattern Chromium accepts; a legend for the rule codes,
// skipped items that say what was skipped, the scope's leftovers, and a plan
// exported before it is applied. Real renderer in Chromium over the bridge.
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { connectIntercom, nav, screenshotBoth, startWorld, visible, type World } from './harness';

let world: World | null = null;

afterEach(async () => {
  await world?.close();
  world = null;
});

const INTERNAL_NAMES = /savePlectoSettings|saveConnection|maxDeactivation|accessToken|credentials\.|settings\.baseUrl|Invalid input to|keychain has no entry/;

describe('readable and accessible, in Chromium over the bridge (issue 11)', () => {
  it('point 9: one banner per problem with "Fix credentials"; no internal names; the connection id comes from the label', async () => {
    const token = `tok-${Math.random().toString(36).slice(2)}-p9`;
    world = await startWorld({ intercomToken: token, plectoPassword: 'e2e-p9-plecto-password' });
    const { page, app } = world;
    await page.goto(app.bridge.url);
    await visible(page.getByRole('heading', { level: 1, name: 'Connections' }));

    // A Plecto URL the API refuses: the message names the field as the form does.
    await page.getByLabel('Plecto API URL').fill('ftp://plecto.example/api/v2/');
    await page.getByLabel('Email').fill('directory-sync@northwind.example');
    await page.getByRole('button', { name: 'Save Plecto settings' }).click();
    const refused = await visible(page.locator('.test-result .text-bad'));
    expect(await refused.textContent()).toMatch(/^✕ The API URL /);
    expect(await refused.textContent()).not.toMatch(INTERNAL_NAMES);
    world.pageErrors.splice(0); // the refused request is logged by Chromium as a failed load

    // The id is not asked first: it comes from the label, and the pattern compiles in this Chromium.
    await connectIntercom(world, token);
    await page.getByRole('button', { name: 'Add a source' }).click();
    const form = page.locator('.card-edit');
    expect(await form.locator('label').first().textContent()).not.toBe('Connection id');
    await page.getByLabel('Provider label').fill('Support Desk (EU)');
    await visible(form.getByText('Saved as “support-desk-eu” for profiles and the command line.'));
    await form.getByText('Change the connection id').click();
    const idInput = page.getByLabel('Connection id');
    expect(await idInput.inputValue()).toBe('support-desk-eu');
    await idInput.fill('not valid!');
    expect(await idInput.evaluate((el: HTMLInputElement) => el.validity.patternMismatch)).toBe(true);
    await idInput.fill('support-eu');
    expect(await idInput.evaluate((el: HTMLInputElement) => el.validity.valid)).toBe(true);
    await page.getByLabel('Intercom region').selectOption({ label: 'Other URL…' });
    await page.getByLabel('Intercom API URL').fill(world.intercom.baseUrl);
    await page.getByLabel('Access token').fill('a-token-that-intercom-refuses');
    await form.getByRole('button', { name: 'Save connection' }).click();
    await visible(page.getByRole('button', { name: 'Edit Support Desk (EU)' }));
    expect(app.mirror.getConnection('support-eu')!.providerLabel).toBe('Support Desk (EU)');
    expect(await page.locator('.connection-card').first().textContent()).toContain('Access token saved');
    expect(await page.locator('.connections-card, .connection-card').allTextContents()).not.toContainEqual(expect.stringMatching(INTERNAL_NAMES));

    // Its preview fails on the token: one banner, with the way to fix it.
    await nav(page, 'Preview');
    await page.getByRole('combobox', { name: 'Connection' }).selectOption({ label: 'Support Desk (EU) (support-eu)' });
    await page.getByRole('button', { name: 'Preview changes' }).first().click();
    const alert = await visible(page.getByRole('alert'));
    expect(await page.getByRole('alert').count()).toBe(1);
    expect(await alert.textContent()).not.toMatch(INTERNAL_NAMES);
    await screenshotBoth(page, 'p9-one-banner');
    await alert.getByRole('button', { name: 'Fix credentials' }).click();
    await visible(page.getByRole('heading', { level: 2, name: 'Edit Support Desk (EU)' }));
    expect(await page.getByLabel('Access token').getAttribute('placeholder')).toBe('Saved in the keychain');
    expect(await page.locator('body').textContent()).not.toMatch(INTERNAL_NAMES);
    expect(world.pageErrors).toEqual([]);
  });

  it('point 10: rule codes have a legend, skipped items say what was skipped, the scope says what it left out, and a plan exports before it is applied', async () => {
    const token = `tok-${Math.random().toString(36).slice(2)}-p10`;
    world = await startWorld({ intercomToken: token, plectoPassword: 'e2e-p10-plecto-password' });
    const { page, app } = world;
    await connectIntercom(world, token);

    // The Rules page: R1–R14 in plain words.
    await nav(page, 'Rules');
    expect(await page.locator('.rule-entry dt .rule').allTextContents()).toEqual(Array.from({ length: 14 }, (_, i) => `R${i + 1}`));
    expect(await page.locator('#rule-R7').textContent()).toContain('Manage manually');

    // A first sync by hand, then Lena is managed manually and moved to Tier 2 in Intercom.
    await page.evaluate(async () => {
      const preview = await window.plectoApi.preview('intercom');
      await window.plectoApi.apply(preview.id, {});
    });
    const lena = [...world.plecto.members.values()].find((m) => m.name === 'Lena Fischer')!;
    await page.evaluate((uuid) => window.plectoApi.setManuallyManaged(uuid, true), lena.uuid);
    const tier2 = world.intercom.teams.find((t) => t.name === 'Tier 2 Support')!;
    world.intercom.join(world.intercom.admins.find((a) => a.name === 'Lena Fischer')!.id, String(tier2.id));
    world.intercom.removeAdmin(world.intercom.admins.find((a) => a.name === 'Omar Haddad')!.id);

    await nav(page, 'Preview');
    await page.getByRole('button', { name: 'Preview changes' }).first().click();
    await visible(page.getByRole('region', { name: 'Planned changes' }));
    // Hovering a rule code explains it.
    expect(await page.locator('.change-row .rule').first().getAttribute('title')).toMatch(/^R\d+ [A-Z][^:]+: .{20,}/);
    const skipped = await visible(page.getByRole('region', { name: /^Skipped/ }));
    expect(await skipped.textContent()).toContain('Lena Fischer — managed manually (R7): would be added to Tier 2 Support — not done');

    // Export before applying: the plan as CSV and as JSON, nothing written.
    const writes = world.plecto.writes();
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const csv = fs.readFileSync((await csvDownload.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('run,connection,change_id,kind,rule,team,employee,email,reason,outcome,error');
    expect(csv).toMatch(/deactivate_employee,R5,,Omar Haddad/);
    const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON' }).click()]);
    const exported = JSON.parse(fs.readFileSync((await jsonDownload.path())!, 'utf8'));
    const run = app.mirror.getRun(app.mirror.listRuns({ limit: 1 })[0].id)!;
    expect(exported).toMatchObject({ run: run.id, connection: 'intercom', status: 'planned' });
    expect(exported.plan.changes.map((c: { id: string }) => c.id)).toEqual(run.plan!.changes.map((c) => c.id));
    expect(world.plecto.writes()).toBe(writes);
    await screenshotBoth(page, 'p10-legend-skipped');
    expect(world.pageErrors).toEqual([]);
  });
});
