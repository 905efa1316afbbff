// Issue 11, "No stranded plan" (points 6–8) and point 12 (nothing applied
// automatically before an admin applied a preview by hand): the real renderer
// build in headless Chromium, the real services behind the bridge, fake
// Plecto and Intercom; a restart is a new bridge app on the same data folder.
import { afterEach, describe, expect, it } from 'vitest';
import { startBridgeApp } from '../../main/app/bridge-app';
import { createDesktopServices } from '../../main/app/desktop-services';
import { silentLogger } from '../../main/common/logger';
import { SCHEDULE_INTERVAL_MS, Scheduler, type Notification } from '../../main/schedule/scheduler';
import { RENDERER_DIR } from './renderer-build';
import { connectIntercom, nav, screenshotBoth, startWorld, visible, type World } from './harness';

let world: World | null = null;

afterEach(async () => {
  await world?.close();
  world = null;
});

/** The first sync applied by hand through the API, so later runs may apply (point 12 has its own test). */
async function firstSyncByHand(world: World): Promise<void> {
  const run = await world.page.evaluate(async () => {
    const preview = await window.plectoApi.preview('intercom');
    return window.plectoApi.apply(preview.id, {});
  });
  expect(run.status).toBe('applied');
}

const memberNamed = (world: World, name: string) => [...world.plecto.members.values()].find((m) => m.name === name);

describe('no stranded plan, in Chromium over the bridge (issue 11)', () => {
  it('point 6: a held plan survives a reload and a restart, opens from the sidebar and History, and can be discarded', async () => {
    const token = `tok-${Math.random().toString(36).slice(2)}-p6`;
    world = await startWorld({ intercomToken: token, plectoPassword: 'e2e-p6-plecto-password' });
    const { page, plecto, intercom } = world;
    await connectIntercom(world, token);
    await firstSyncByHand(world);
    await page.evaluate(() => window.plectoApi.saveSettings('intercom', { safeguards: { maxDeactivations: 0 } }));
    intercom.removeAdmin(intercom.admins.find((a) => a.name === 'Omar Haddad')!.id);
    await nav(page, 'Preview');
    await page.getByRole('button', { name: 'Preview changes' }).first().click();
    await visible(page.getByRole('alert').filter({ hasText: 'Held by a safeguard' }));
    const heldId = world.app.mirror.listRuns({ limit: 1 })[0].id;
    expect(await page.locator('.apply-bar').textContent()).toContain('Held by a safeguard: nothing is applied until you approve.');

    // Reload: the held plan is still there, from the sidebar's status.
    await page.reload();
    await page.locator('.sidebar-foot').getByRole('button', { name: 'Intercom: held plan waits for approval' }).click();
    await visible(page.getByRole('alert').filter({ hasText: 'Held by a safeguard' }));
    expect(await page.locator('.page-header').textContent()).toContain(`run #${heldId}`);

    // Restart: a new app process on the same data folder and keychain.
    const secrets = world.app.secrets;
    await world.app.close();
    world.app = await startBridgeApp({ dataDir: world.dataDir, rendererDir: RENDERER_DIR, secrets, logger: silentLogger });
    await page.goto(world.app.bridge.url);
    await nav(page, 'History');
    await page.getByRole('button', { name: `#${heldId} · Intercom` }).click();
    await page.locator('.run-detail').getByRole('button', { name: 'Review held plan' }).click();
    await visible(page.getByRole('alert').filter({ hasText: 'Held by a safeguard' }));
    await screenshotBoth(page, 'p6-held-reopened');

    // Discard: asked first; nothing is written; History says discarded, not failed.
    await page.getByRole('alert').getByRole('button', { name: 'Discard' }).click();
    const dialog = await visible(page.getByRole('dialog'));
    expect(await dialog.getByRole('heading').textContent()).toBe('Discard this plan?');
    await dialog.getByRole('button', { name: 'Discard plan' }).click();
    await visible(page.getByText('Discarded: nothing was applied'));
    expect(world.app.mirror.getRun(heldId)!.status).toBe('discarded');
    expect(memberNamed(world, 'Omar Haddad')!.is_active).toBe(true);
    expect(plecto.members.size).toBeGreaterThan(0);
    expect(await page.locator('.sidebar-foot').textContent()).not.toContain('waits for approval');

    // An unapplied (not held) preview survives a reload the same way and is applied from where it was.
    await page.evaluate(() => window.plectoApi.saveSettings('intercom', { safeguards: { maxDeactivations: 25 } }));
    await page.getByRole('button', { name: 'Preview again' }).click();
    await visible(page.locator('.apply-bar').getByRole('button', { name: /^Apply/ }));
    await page.reload();
    await nav(page, 'Preview');
    await page.locator('.apply-bar').getByRole('button', { name: /^Apply/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: /^Apply/ }).click();
    await visible(page.getByRole('status').filter({ hasText: 'Applied' }), 30_000);
    expect(memberNamed(world, 'Omar Haddad')!.is_active).toBe(false);
    expect(world.pageErrors).toEqual([]);
  });

  it('point 7: after a partial failure the failed rows are marked, and "Retry failed changes" applies only those', async () => {
    const token = `tok-${Math.random().toString(36).slice(2)}-p7`;
    world = await startWorld({ intercomToken: token, plectoPassword: 'e2e-p7-plecto-password' });
    const { page, plecto, app } = world;
    await connectIntercom(world, token);
    await nav(page, 'Preview');
    await page.getByRole('button', { name: 'Preview changes' }).first().click();
    await visible(page.getByRole('region', { name: 'Planned changes' }));
    plecto.failNext(1, 400, { path: /\/members\/$/, method: 'POST' }); // one employee cannot be created
    const before = plecto.members.size;
    await page.locator('.apply-bar').getByRole('button', { name: /^Apply/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: /^Apply/ }).click();
    const banner = await visible(page.getByRole('alert').filter({ hasText: 'Applied, with failures' }), 30_000);
    const partial = app.mirror.getRun(app.mirror.listRuns({ limit: 1 })[0].id)!;
    expect(partial.status).toBe('partial');
    const failedIds = partial.failed.flatMap((f) => f.changeIds);
    await page.getByLabel('Search changes').fill(partial.plan!.changes.find((c) => c.id === failedIds[0])!.employee!.name);
    await visible(page.locator('.change-row.is-failed').getByText('Failed', { exact: true }));
    await screenshotBoth(page, 'p7-partial-failed-rows');
    await page.getByLabel('Search changes').fill('');
    const created = plecto.members.size - before;

    await banner.getByRole('button', { name: 'Retry failed changes' }).click();
    await (await visible(page.getByRole('dialog'))).getByRole('button', { name: 'Retry failed changes' }).click();
    await visible(page.getByRole('status').filter({ hasText: 'Applied' }), 30_000);
    const retry = app.mirror.getRun(app.mirror.listRuns({ limit: 1 })[0].id)!;
    expect(retry.id).toBeGreaterThan(partial.id);
    expect(retry.status).toBe('applied');
    const applied = retry.plan!.changes.filter((c) => !retry.excludedChangeIds.includes(c.id)).map((c) => c.id);
    expect(applied.length).toBeGreaterThan(0);
    expect(applied.every((id) => failedIds.includes(id))).toBe(true);
    expect(plecto.members.size - before).toBe(created + 1);
    expect(world.pageErrors).toEqual([]);
  });

  it('point 8: progress counts changes with the time left, and survives navigation', async () => {
    const token = `tok-${Math.random().toString(36).slice(2)}-p8`;
    world = await startWorld({ intercomToken: token, plectoPassword: 'e2e-p8-plecto-password' });
    const { page, plecto, app } = world;
    await connectIntercom(world, token);
    await nav(page, 'Preview');
    await page.getByRole('button', { name: 'Preview changes' }).first().click();
    await visible(page.getByRole('region', { name: 'Planned changes' }));
    const run = app.mirror.getRun(app.mirror.listRuns({ limit: 1 })[0].id)!;
    const changes = run.plan!.changes.length;
    expect(run.estimatedWrites).not.toBe(changes); // so counting writes would show a different total
    plecto.delay(250);
    await page.locator('.apply-bar').getByRole('button', { name: /^Apply/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: /^Apply/ }).click();
    const label = await visible(page.locator('.progress-wrap label').filter({ hasText: `of ${changes} changes` }));
    expect(await label.textContent()).toMatch(new RegExp(`Applying… \\d+ of ${changes} changes · (under a minute|about \\d+ min) left`));
    await visible(page.locator('.sidebar-foot').getByText(new RegExp(`of ${changes} changes`)));
    await screenshotBoth(page, 'p8-progress', { viewport: true });

    await nav(page, 'Employees');
    await nav(page, 'Preview');
    const again = await visible(page.locator('.progress-wrap label'));
    const done = Number(/Applying… (\d+) of/.exec((await again.textContent())!)?.[1] ?? -1);
    expect(done).toBeGreaterThanOrEqual(0);
    plecto.delay(0);
    await visible(page.getByRole('status').filter({ hasText: 'Applied' }), 30_000);
    expect(app.mirror.getRun(run.id)!.status).toBe('applied');
    expect(world.pageErrors).toEqual([]);
  });

  it('point 12: before an apply by hand, the scheduled run and "Sync now" only preview and ask for a review; afterwards they apply', async () => {
    const token = `tok-${Math.random().toString(36).slice(2)}-p12`;
    world = await startWorld({ intercomToken: token, plectoPassword: 'e2e-p12-plecto-password' });
    const { page, plecto, app, intercom } = world;
    await connectIntercom(world, token);

    // The scheduled run, due now, over the same mirror and keychain as the window's services.
    let now = Date.now();
    const clock = { now: () => now, sleep: async () => {} };
    const { engine } = createDesktopServices({ mirror: app.mirror, secrets: app.secrets, fetch: (i, init) => fetch(i, init), clock, logger: silentLogger, env: {} });
    const notifications: Notification[] = [];
    const scheduler = new Scheduler({ mirror: app.mirror, engine, clock, notify: (n) => notifications.push(n), logger: silentLogger, every: () => () => {} });
    now = app.mirror.getSchedule('intercom').nextRunAt! + 1000;
    const [scheduled] = await scheduler.check('tick');
    expect(scheduled.status).toBe('planned');
    expect(plecto.writes()).toBe(0);
    expect(notifications.map((n) => n.title)).toEqual(['Review the first sync of Intercom']);

    // The tray's "Sync now" (the same API call) previews too.
    const [tray] = await page.evaluate(() => window.plectoApi.syncNow());
    expect(tray.status).toBe('planned');
    expect(plecto.writes()).toBe(0);

    // The admin reviews and applies by hand.
    await page.reload();
    await page.locator('.sidebar-foot').getByRole('button', { name: 'Intercom: preview waits for approval' }).click();
    await page.locator('.apply-bar').getByRole('button', { name: /^Apply/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: /^Apply/ }).click();
    await visible(page.getByRole('status').filter({ hasText: 'Applied' }), 30_000);
    expect(plecto.members.size).toBeGreaterThan(0);

    // From now on both follow the safeguards as before: they apply.
    intercom.removeAdmin(intercom.admins.find((a) => a.name === 'Omar Haddad')!.id);
    const [synced] = await page.evaluate(() => window.plectoApi.syncNow('intercom'));
    expect(synced.status).toBe('applied');
    expect(memberNamed(world, 'Omar Haddad')!.is_active).toBe(false);
    intercom.removeAdmin(intercom.admins.find((a) => a.name === 'Jane Doe')!.id);
    now += SCHEDULE_INTERVAL_MS + 1000;
    const [second] = await scheduler.check('tick');
    expect(second.status).toBe('applied');
    expect(memberNamed(world, 'Jane Doe')!.is_active).toBe(false);
    expect(world.pageErrors).toEqual([]);
  });
});
