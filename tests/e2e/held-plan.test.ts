// End to end: a plan a safeguard holds (R10). The real renderer build in
// headless Chromium, the real services behind the bridge, fake Intercom and
// Plecto; checks fake Plecto and the mirror, not only text.
import { afterEach, describe, expect, it } from 'vitest';
import { connectIntercom, nav, screenshot, startWorld, visible, type World } from './harness';

let world: World | null = null;

afterEach(async () => {
  await world?.close();
  world = null;
});

describe('a plan held by a safeguard, in Chromium over the bridge', () => {
  it('holds a deactivation over maxDeactivations 0 with its reason, and applies it only after "Approve and apply" is confirmed (R10)', async () => {
    const token = `tok-${Math.random().toString(36).slice(2)}-held`;
    world = await startWorld({ intercomToken: token, plectoPassword: 'e2e-held-plecto-password' });
    const { page, plecto, intercom, app } = world;
    await connectIntercom(world, token);

    // Everyone is in Plecto after a first sync applied by hand (nothing to deactivate yet, so nothing held).
    const first = await page.evaluate(async () => {
      const preview = await window.plectoApi.preview('intercom');
      return window.plectoApi.apply(preview.id, {});
    });
    expect(first.status).toBe('applied');
    const omar = [...plecto.members.values()].find((m) => m.name === 'Omar Haddad')!;
    expect(omar.is_active).toBe(true);

    // Settings: no deactivation may pass without approval.
    await nav(page, 'Settings');
    await page.getByLabel('Maximum deactivations per run').fill('0');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await visible(page.getByText('Settings saved.'));
    expect(app.mirror.getConnection('intercom')!.safeguards.maxDeactivations).toBe(0);

    // Omar Haddad leaves Intercom.
    intercom.removeAdmin(intercom.admins.find((a) => a.name === 'Omar Haddad')!.id);

    // Preview: held, with the reason and the rule; no plain Apply.
    await nav(page, 'Preview');
    await page.getByRole('button', { name: 'Preview changes' }).first().click();
    const banner = await visible(page.getByRole('alert').filter({ hasText: 'Held by a safeguard' }));
    const held = app.mirror.getRun(app.mirror.listRuns({ connectionId: 'intercom', limit: 1 })[0].id)!;
    expect(held.status).toBe('held');
    expect(held.holdReason).toMatch(/deactivates 1 employee, more than the limit of 0 \(maxDeactivations\).*\(R10\)/);
    // The reason in the admin's words: the setting's label, not its internal name (issue 11, point 9).
    const plainReason = held.holdReason!.replace('(maxDeactivations)', '(the “Maximum deactivations per run” safeguard in Settings)');
    expect(await banner.textContent()).toContain(plainReason);
    expect(await banner.textContent()).not.toContain('maxDeactivations');
    expect(await banner.textContent()).toContain('(R10)');
    expect(await page.locator('.apply-bar').textContent()).toContain('nothing is applied until you approve');
    expect(await page.getByRole('button', { name: /^Apply \d+ changes?$/ }).count()).toBe(0);
    await visible(page.getByRole('button', { name: /Deactivate employee\s*1/ }));
    const changeCount = held.plan!.changes.length; // the deactivation and the team membership it ends (R5)
    expect(held.plan!.changes.filter((c) => c.kind === 'deactivate_employee').map((c) => c.employee!.name)).toEqual(['Omar Haddad']);
    await screenshot(page, '9-preview-held');

    // Approving asks first; cancelling writes nothing.
    await banner.getByRole('button', { name: 'Approve and apply', exact: true }).click();
    let dialog = await visible(page.getByRole('dialog'));
    expect(await dialog.getByRole('heading').textContent()).toBe('Approve and apply this held plan?');
    expect(await dialog.textContent()).toContain(plainReason);
    await screenshot(page, '10-approve-held', { viewport: true });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    expect(plecto.members.get(omar.uuid)!.is_active).toBe(true);
    expect(app.mirror.getRun(held.id)!.status).toBe('held');

    // The sticky bar offers the same approval; confirming applies the held plan.
    await page.getByRole('button', { name: 'Approve and apply…' }).click();
    dialog = await visible(page.getByRole('dialog'));
    await dialog.getByRole('button', { name: `Approve and apply ${changeCount} changes` }).click();
    await visible(page.getByRole('status').filter({ hasText: 'Applied' }), 30_000);
    expect(plecto.members.get(omar.uuid)!.is_active).toBe(false);
    const applied = app.mirror.getRun(held.id)!;
    expect(applied.status).toBe('applied');
    expect(applied.holdReason).toBe(held.holdReason);
    await screenshot(page, '11-held-applied');
    expect(world.pageErrors).toEqual([]);
  });
});
