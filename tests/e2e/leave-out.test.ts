// R13 in the preview, in Chromium over the bridge: leaving a change out also
// leaves out what depends on it, and the preview says which before the admin
// applies (unchecked, disabled, the reason under the row, counted as left
// out); the apply then leaves exactly those out.
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { demoEmail } from '../../demo/company';
import { axeBothSchemes, connectIntercom, nav, screenshotBoth, startWorld, visible, type World } from './harness';

let world: World | null = null;

afterEach(async () => {
  await world?.close();
  world = null;
});

/** The preview row of one change, found by its checkbox's accessible name. */
const rowOf = (page: Page, checkboxName: string) =>
  page.locator('.change-row').filter({ has: page.getByRole('checkbox', { name: checkboxName, exact: true }) });

describe('leaving changes out, in Chromium over the bridge (R13)', () => {
  it('unchecking a link shows her memberships left out with the reason, counts them, and the apply leaves her member untouched', async () => {
    const token = `tok-${Math.random().toString(36).slice(2)}-r13`;
    world = await startWorld({ intercomToken: token, plectoPassword: 'e2e-r13-plecto-password' });
    const { page, plecto, app } = world;
    // Made by hand in Plecto with the email of an Intercom admin: the plan links her by email (R3).
    const jane = plecto.addMember({ name: 'Jane Doe', email: demoEmail('Jane Doe') });
    await connectIntercom(world, token);
    await nav(page, 'Preview');
    await page.getByRole('button', { name: 'Preview changes' }).first().click();
    await visible(page.getByRole('region', { name: 'Planned changes' }));

    const run = app.mirror.getRun(app.mirror.listRuns({ limit: 1 })[0].id)!;
    const changes = run.plan!.changes;
    const total = changes.length;
    const link = changes.find((c) => c.kind === 'link_employee' && c.employee!.name === 'Jane Doe')!;
    expect(link).toBeDefined();
    const janes = changes.filter((c) => c.employee?.sourceId === link.employee!.sourceId && c.id !== link.id);
    const janeMembership = janes.find((c) => c.kind === 'add_membership' && c.team!.name === 'Tier 1 Support')!;
    expect(janeMembership).toBeDefined();

    // Leave the link out.
    await page.getByLabel('Search changes').fill('Jane Doe');
    await page.getByRole('checkbox', { name: 'Include: Link employee by email Jane Doe', exact: true }).uncheck();
    const linkReason = "Left out because 'Link employee Jane Doe' is left out (R13)";
    const membershipRow = rowOf(page, 'Include: Add to team Jane Doe → Tier 1 Support');
    await visible(membershipRow.getByText(linkReason, { exact: true }));
    await expect.poll(() => membershipRow.getAttribute('class')).toContain('is-excluded');
    const membershipBox = membershipRow.getByRole('checkbox');
    expect(await membershipBox.isChecked()).toBe(false);
    expect(await membershipBox.isDisabled()).toBe(true);
    expect(await membershipRow.getByText('Left out', { exact: true }).count()).toBe(1);
    // The checkbox is described by the reason, for a screen reader.
    expect(await membershipBox.getAttribute('aria-describedby')).toBe(await membershipRow.locator('.leave-out-reason').getAttribute('id'));
    // Every other change of hers goes too, each with the reason; the link itself is the admin's own choice.
    expect(await page.locator('.change-row').filter({ hasText: linkReason }).count()).toBe(janes.length);
    expect(await rowOf(page, 'Include: Link employee by email Jane Doe').locator('.leave-out-reason').count()).toBe(0);

    // The counts include what is left out with the link.
    const leftOut = 1 + janes.length;
    await visible(page.locator('.toolbar').getByText(`· ${leftOut} left out`));
    expect(await page.locator('.apply-bar').textContent()).toContain(`${total - leftOut} changes will be applied, ${leftOut} left out.`);
    await visible(page.locator('.apply-bar').getByRole('button', { name: `Apply ${total - leftOut} changes` }));

    // Checking the link again brings her changes back.
    await page.getByRole('checkbox', { name: 'Include: Link employee by email Jane Doe', exact: true }).check();
    await expect.poll(() => page.locator('.leave-out-reason').count()).toBe(0);
    expect(await membershipBox.isDisabled()).toBe(false);
    expect(await membershipBox.isChecked()).toBe(true);
    expect(await page.locator('.apply-bar').textContent()).toContain(`${total} changes will be applied.`);
    await page.getByRole('checkbox', { name: 'Include: Link employee by email Jane Doe', exact: true }).uncheck();
    await visible(membershipRow.getByText(linkReason, { exact: true }));

    // Leaving out a new team leaves out the memberships in it.
    const billing = changes.find((c) => c.kind === 'create_team' && c.team!.name === 'Billing')!;
    const billingMemberships = changes.filter((c) => c.kind === 'add_membership' && c.team!.sourceId === billing.team!.sourceId);
    expect(billingMemberships.length).toBe(3);
    await page.getByLabel('Search changes').fill('Billing');
    await page.getByRole('checkbox', { name: 'Include: Create team Billing', exact: true }).uncheck();
    const teamReason = "Left out because 'Create team Billing' is left out (R13)";
    await expect.poll(() => page.locator('.change-row').filter({ hasText: teamReason }).count()).toBe(billingMemberships.length);
    for (const m of billingMemberships) {
      const row = rowOf(page, `Include: Add to team ${m.employee!.name} → Billing`);
      expect(await row.getByText(teamReason, { exact: true }).count()).toBe(1);
      expect(await row.getByRole('checkbox').isChecked()).toBe(false);
      expect(await row.getByRole('checkbox').isDisabled()).toBe(true);
    }
    // Their group counts them left out; its box cannot bring back what only the team can.
    const group = page.locator('.group-row').filter({ hasText: 'Added to teams' });
    expect(await group.getByText(`${billingMemberships.length} left out`, { exact: true }).count()).toBe(1);
    expect(await group.getByRole('checkbox', { name: 'Include all added to teams' }).isDisabled()).toBe(true);
    const allLeftOut = leftOut + 1 + billingMemberships.length;
    await visible(page.locator('.toolbar').getByText(`· ${allLeftOut} left out`));
    expect(await page.locator('.apply-bar').textContent()).toContain(`${total - allLeftOut} changes will be applied, ${allLeftOut} left out.`);

    // Accessible in both colour schemes, with a left-out row and the reasons under the rows it took along on screen.
    await visible(page.locator('.leave-out-reason'));
    expect(await axeBothSchemes(page)).toEqual([]);
    await screenshotBoth(page, 'r13-left-out-with-reasons');

    // Apply: the dialog counts them too, and Plecto's member is not written.
    await page.locator('.apply-bar').getByRole('button', { name: `Apply ${total - allLeftOut} changes` }).click();
    const dialog = await visible(page.getByRole('dialog'));
    expect(await dialog.textContent()).toContain(`${allLeftOut} changes left out will not`);
    await dialog.getByRole('button', { name: /^Apply/ }).click();
    await visible(page.getByRole('status').filter({ hasText: 'Applied' }), 30_000);

    const applied = app.mirror.getRun(run.id)!;
    expect(applied.status).toBe('applied');
    expect(applied.excludedChangeIds).toEqual(
      expect.arrayContaining([link.id, ...janes.map((c) => c.id), billing.id, ...billingMemberships.map((c) => c.id)]),
    );
    expect(applied.excludedChangeIds).toHaveLength(allLeftOut);
    const writes = plecto.log.filter((e) => e.method !== 'GET');
    expect(writes.length).toBeGreaterThan(0);
    expect(writes.some((e) => e.path.includes(jane.uuid))).toBe(false);
    expect(writes.some((e) => JSON.stringify(e.body ?? null).toLowerCase().includes(demoEmail('Jane Doe')))).toBe(false);
    expect(plecto.members.get(jane.uuid)).toMatchObject({ teams: [], api_providers: [] });
    expect([...plecto.teams.values()].some((t) => t.name === 'Billing')).toBe(false);
    expect([...plecto.teams.values()].some((t) => t.name === 'Tier 1 Support')).toBe(true);
    // After the apply the rows still say why they were left out.
    await page.getByLabel('Search changes').fill('Jane Doe');
    await visible(membershipRow.getByText(linkReason, { exact: true }));
    expect(world.pageErrors).toEqual([]);
  });
});
