// End to end: undo a sync (R14). The real renderer build in headless
// Chromium, the real services behind the bridge, fake Intercom and Plecto;
// checks fake Plecto and the mirror, not only text.
import { afterEach, describe, expect, it } from 'vitest';
import { demoNextDay } from '../../demo/company';
import { axeBothSchemes, connectIntercom, nav, screenshot, startWorld, visible, type World } from './harness';

let world: World | null = null;

afterEach(async () => {
  await world?.close();
  world = null;
});

describe('undo a sync, in Chromium over the bridge', () => {
  it('R14 "Undo this sync…" in History opens the undo preview with its conflicts; applying it puts Plecto back and History links the runs', async () => {
    const token = `tok-${Math.random().toString(36).slice(2)}-undo`;
    world = await startWorld({ intercomToken: token, plectoPassword: 'e2e-undo-plecto-password' });
    const { page, plecto, intercom, app } = world;
    await connectIntercom(world, token);

    // Day one, then the next day (Omar leaves, Lena joins Tier 2, Billing is renamed): both applied.
    const syncByHand = () =>
      page.evaluate(async () => {
        const run = await window.plectoApi.preview('intercom');
        return window.plectoApi.apply(run.id, {});
      });
    expect((await syncByHand()).status).toBe('applied');
    const teamUuid = (name: string) => [...plecto.teams.values()].find((t) => t.name === name)!.uuid;
    const member = (name: string) => [...plecto.members.values()].find((m) => m.name === name)!;
    const tier1 = teamUuid('Tier 1 Support');
    const tier2 = teamUuid('Tier 2 Support');
    demoNextDay(intercom);
    const nextDay = await syncByHand();
    expect(nextDay.status).toBe('applied');
    expect(member('Omar Haddad').is_active).toBe(false);
    expect(member('Lena Fischer').teams).toContain(tier2);
    // Since then an admin renamed the team again in Plecto: a conflict, left as it is.
    plecto.teams.get(teamUuid('Billing & Payments'))!.name = 'Billing Team';
    const writesBefore = plecto.writes();

    // History: the applied run offers "Undo this sync…"; it opens the undo preview and writes nothing.
    await nav(page, 'History');
    await page.getByRole('button', { name: `#${nextDay.id} · Intercom` }).click();
    await visible(page.getByRole('heading', { name: `Run #${nextDay.id} · Intercom` }));
    await page.getByRole('button', { name: 'Undo this sync…' }).click();
    const card = await visible(page.getByRole('region', { name: `Undo of run #${nextDay.id}` }));
    await visible(page.getByRole('heading', { level: 1, name: /^Preview/ }));
    expect(plecto.writes()).toBe(writesBefore);
    const undoRun = app.mirror.listRuns({ connectionId: 'intercom', limit: 1 })[0];
    const undoPlan = app.mirror.getRun(undoRun.id)!.plan!;
    expect(undoRun.status).toBe('planned');
    expect(undoPlan.undoOf).toBe(nextDay.id);
    expect(undoPlan.changes.map((c) => `${c.kind} ${c.employee!.name}`)).toEqual([
      'add_membership Omar Haddad',
      'remove_membership Lena Fischer',
      'reactivate_employee Omar Haddad',
    ]);
    const cardText = (await card.textContent()) ?? '';
    expect(cardText).toContain('The next sync of Intercom will redo these changes if Intercom still says so.');
    expect(cardText).toContain(`now: the team is named "Billing Team" now (changed in Plecto since run #${nextDay.id})`);
    await visible(page.getByText(`undoes run #${nextDay.id}: Omar Haddad was deactivated`));
    await screenshot(page, 'undo-1-preview');
    expect(await axeBothSchemes(page)).toEqual([]);

    // Approve as usual: Plecto is back where the run found it, except the conflict.
    await page.getByRole('button', { name: /^Apply 3 changes$/ }).click();
    const dialog = await visible(page.getByRole('dialog'));
    await dialog.getByRole('button', { name: /^Apply 3 changes$/ }).click();
    await visible(page.getByRole('status').filter({ hasText: 'Applied' }), 30_000);
    expect(member('Omar Haddad').is_active).toBe(true);
    expect(member('Omar Haddad').teams).toEqual([tier1]);
    expect(member('Lena Fischer').teams).not.toContain(tier2);
    expect(plecto.teams.get(teamUuid('Billing Team'))).toBeTruthy();
    expect(app.mirror.getRun(undoRun.id)!.status).toBe('applied');

    // The offer to pause automatic sync, so the next sync does not redo the run.
    expect(app.mirror.getConnection('intercom')!.settings.automaticSync).toBe(true);
    await card.getByRole('button', { name: 'Pause automatic sync for Intercom' }).click();
    await visible(card.getByText('Automatic sync is off for Intercom.'));
    expect(app.mirror.getConnection('intercom')!.settings.automaticSync).toBe(false);

    // History links the undo run to the run it undid.
    await nav(page, 'History');
    const row = page.getByRole('row').filter({ has: page.getByRole('button', { name: `#${undoRun.id} · Intercom` }) });
    await visible(row.getByText(`Undo of run #${nextDay.id}`));
    await screenshot(page, 'undo-2-history');
    expect(world.pageErrors).toEqual([]);
  });
});
