// End to end: the Preview with more than 10,000 changes stays usable. The
// real renderer build in headless Chromium over the bridge, fake Intercom
// seeded with 4,000 extra admins in 40 teams, fake Plecto empty. Checks the
// DOM stays small while the list scrolls to its last change (R12 order),
// search narrows to one person, and leaving one change out moves the Apply
// count by one. Timings are printed, not asserted (they depend on the machine).
import { afterEach, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { FakeIntercom } from '../fakes/intercom-server';
import { connectIntercom, nav, screenshot, startWorld, visible, type World } from './harness';

let world: World | null = null;

afterEach(async () => {
  await world?.close();
  world = null;
});

const TEAM_COUNT = 40;
const ADMIN_COUNT = 4_000;
/** Same digit count as each other and above the demo's ids, so string order (R12 tie-break) is numeric order. */
const FIRST_ADMIN_ID = 992_000_000;
const FIRST_TEAM_ID = 815_000;
/** One person deep in the list with a name nobody else shares. */
const DEEP_INDEX = 3_217;
const DEEP_NAME = 'Zelda Quartermaine';

const teamName = (t: number) => `Queue ${String(t).padStart(2, '0')}`;
const adminName = (i: number) => (i === DEEP_INDEX ? DEEP_NAME : `Agent ${String(i).padStart(4, '0')}`);

/** Every admin in one team, every other admin in a second one: ~4,000 creates + ~6,000 memberships + 40 teams. */
function seedLargeWorkspace(intercom: FakeIntercom): void {
  for (let t = 0; t < TEAM_COUNT; t++) intercom.addTeam({ id: String(FIRST_TEAM_ID + t), name: teamName(t) });
  for (let i = 0; i < ADMIN_COUNT; i++) {
    const admin = intercom.addAdmin({ id: String(FIRST_ADMIN_ID + i), name: adminName(i), job_title: 'Support agent' });
    intercom.join(admin.id, String(FIRST_TEAM_ID + (i % TEAM_COUNT)));
    if (i % 2 === 1) intercom.join(admin.id, String(FIRST_TEAM_ID + ((i + 7) % TEAM_COUNT)));
  }
}

/** "10,094" / "10.094" / "10 094" → 10094, whatever the browser's locale. */
function count(text: string): number {
  return Number(text.replace(/\D/g, ''));
}

async function changeRowsInDom(page: Page): Promise<number> {
  return page.locator('.change-list .change-row').count();
}

async function applyCount(page: Page): Promise<number> {
  const button = await visible(page.locator('.apply-bar').getByRole('button', { name: /^Apply [\d.,\s]+ changes?$/ }));
  return count((await button.textContent())!);
}

/** True when the element's box lies inside the scroller's visible box (not only "rendered"). */
async function insideScroller(element: Locator, scroller: Locator): Promise<boolean> {
  const [box, view] = await Promise.all([element.boundingBox(), scroller.boundingBox()]);
  return !!box && !!view && box.height > 0 && box.y >= view.y - 1 && box.y + box.height <= view.y + view.height + 1;
}

describe('a preview of more than 10,000 changes, in Chromium over the bridge', () => {
  it('renders a virtualized list that scrolls to the last change in R12 order, searches and leaves one change out (R12)', async () => {
    const token = `tok-${Math.random().toString(36).slice(2)}-large`;
    world = await startWorld({ intercomToken: token, plectoPassword: 'e2e-large-plecto-password' });
    const { page, intercom, app } = world;
    seedLargeWorkspace(intercom);
    await connectIntercom(world, token);
    await nav(page, 'Preview');
    await visible(page.getByRole('button', { name: 'Preview changes' }));

    // First render, measured in the page: click → /api/preview answered → first rows painted.
    const firstRender = await page.evaluate(async () => {
      const originalFetch = window.fetch;
      let answeredAt = 0;
      window.fetch = async (...args: Parameters<typeof fetch>) => {
        const response = await originalFetch(...args);
        if (String(args[0]).endsWith('/api/preview')) answeredAt = performance.now();
        return response;
      };
      const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
      try {
        const button = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Preview changes')!;
        const start = performance.now();
        button.click();
        while (!document.querySelector('.change-list .change-row')) await frame();
        await frame(); // the frame that paints them
        const end = performance.now();
        return { totalMs: end - start, renderMs: end - answeredAt };
      } finally {
        window.fetch = originalFetch;
      }
    });
    const list = await visible(page.getByRole('region', { name: 'Planned changes' }));

    // The plan as the mirror holds it: > 10,000 changes, the last one in R12 order a membership of the highest admin id.
    const run = app.mirror.getRun(app.mirror.listRuns({ connectionId: 'intercom', limit: 1 })[0].id)!;
    expect(run.status).toBe('planned');
    const changes = run.plan!.changes;
    expect(changes.length).toBeGreaterThanOrEqual(10_000);
    expect(changes.filter((c) => c.kind === 'create_employee').length).toBeGreaterThanOrEqual(ADMIN_COUNT);
    expect(changes.filter((c) => c.kind === 'add_membership').length).toBeGreaterThanOrEqual(ADMIN_COUNT * 1.5);
    const last = changes.at(-1)!;
    expect(last.kind).toBe('add_membership');
    expect(last.employee!.sourceId).toBe(String(FIRST_ADMIN_ID + ADMIN_COUNT - 1));
    expect(last.team!.sourceId).toBe(String(FIRST_TEAM_ID + TEAM_COUNT - 1)); // the higher of its two teams

    // The page shows the count, and only a window of rows is in the DOM.
    expect(count((await page.locator('#changes-title').textContent())!.split('change')[0])).toBe(changes.length);
    expect(count((await page.locator('.toolbar').textContent())!.split(' of ')[1])).toBe(changes.length);
    expect(await applyCount(page)).toBe(changes.length);
    const initialRows = await changeRowsInDom(page);
    expect(initialRows).toBeGreaterThan(0);
    expect(initialRows).toBeLessThan(150);

    // Scroll through the list in steps to the end: the DOM stays small the whole way.
    const sampled: number[] = [];
    for (let step = 1; step <= 20; step++) {
      await list.evaluate((el, s) => {
        el.scrollTop = (el.scrollHeight * s) / 20;
      }, step);
      await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
      sampled.push(await changeRowsInDom(page));
    }
    // Row heights are measured as they render, so the end moves a little; scroll until the last change is in view.
    const lastBox = page.getByRole('checkbox', { name: `Include: Add to team ${last.employee!.name} → ${last.team!.name}`, exact: true });
    for (let attempt = 0; attempt < 20 && !((await lastBox.count()) > 0 && (await insideScroller(lastBox, list))); attempt++) {
      await list.evaluate((el) => {
        el.scrollTop = el.scrollHeight;
      });
      await page.waitForTimeout(50);
    }
    expect(await insideScroller(await visible(lastBox), list)).toBe(true);
    expect(await lastBox.isChecked()).toBe(true);
    sampled.push(await changeRowsInDom(page));
    expect(Math.max(...sampled)).toBeLessThan(150);
    expect(Math.min(...sampled)).toBeGreaterThan(0);
    await screenshot(page, '16-preview-10k-end');

    // Search for one person, measured in the page: input → only that person's rows painted.
    const deepId = String(FIRST_ADMIN_ID + DEEP_INDEX);
    const deepChanges = changes.filter((c) => c.employee?.sourceId === deepId);
    expect(deepChanges.map((c) => c.kind).sort()).toEqual(['add_membership', 'add_membership', 'create_employee']);
    const searchMs = await page.evaluate(
      async ({ needle, expected }) => {
        const input = document.querySelector<HTMLInputElement>('input[type="search"]')!;
        const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
        const start = performance.now();
        // React listens to "input" events; the native setter makes it see the new value as typed.
        Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, needle);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        while (document.querySelectorAll('.change-list .change-row').length !== expected) await frame();
        await frame();
        return performance.now() - start;
      },
      { needle: 'Quartermaine', expected: deepChanges.length },
    );
    expect(await page.getByLabel('Search changes').inputValue()).toBe('Quartermaine');
    const shownSubjects = await page.locator('.change-list .change-row .subject').allTextContents();
    expect(shownSubjects).toHaveLength(deepChanges.length);
    for (const subject of shownSubjects) expect(subject).toContain(DEEP_NAME);
    expect(count((await page.locator('.toolbar').textContent())!.split(' of ')[0])).toBe(deepChanges.length);

    // Leave one of her memberships out: the Apply count drops by exactly one.
    const membership = deepChanges.find((c) => c.kind === 'add_membership')!;
    const before = await applyCount(page);
    expect(before).toBe(changes.length);
    const box = await visible(page.getByRole('checkbox', { name: `Include: Add to team ${DEEP_NAME} → ${membership.team!.name}`, exact: true }));
    await box.uncheck();
    expect(await box.isChecked()).toBe(false);
    expect(await applyCount(page)).toBe(before - 1);
    await visible(page.locator('.toolbar').getByText('1 left out'));
    await visible(page.locator('.change-row.is-excluded').getByText('Left out', { exact: true }));
    await screenshot(page, '17-preview-10k-search');

    // The confirmation counts the same, and cancelling writes nothing.
    await page.locator('.apply-bar').getByRole('button', { name: /^Apply/ }).click();
    const dialog = await visible(page.getByRole('dialog'));
    expect(await dialog.textContent()).toContain('1 change left out will not');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    expect(world.plecto.members.size).toBe(0);
    expect(app.mirror.getRun(run.id)!.status).toBe('planned');

    // Clearing the search brings the whole list back; the left-out change stays left out.
    await page.getByLabel('Search changes').fill('');
    expect(count((await page.locator('.toolbar').textContent())!.split(' of ')[0])).toBe(changes.length);
    expect(await changeRowsInDom(page)).toBeLessThan(150);
    expect(await applyCount(page)).toBe(changes.length - 1);

    console.log(
      `[large preview] ${changes.length} changes; preview click → rows painted ${firstRender.totalMs.toFixed(0)} ms ` +
        `(of which response → rows painted ${firstRender.renderMs.toFixed(0)} ms); search → ${deepChanges.length} rows painted ` +
        `${searchMs.toFixed(0)} ms; change rows in DOM while scrolling: max ${Math.max(...sampled)}, min ${Math.min(...sampled)}`,
    );
    expect(world.pageErrors).toEqual([]);
  });
});
