// One sealed world per test (Insomnia/Bruno style): a fresh data folder, fake
// Plecto and fake Intercom on 127.0.0.1, the real desktop services behind the
// bridge, and headless Chromium on the real renderer build.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { startBridgeApp, type BridgeApp } from '../../main/app/bridge-app';
import { streamLogger } from '../../main/common/logger';
import { seedDemoIntercom } from '../../demo/company';
import { startFakeIntercom, type FakeIntercom } from '../fakes/intercom-server';
import { startFakePlecto, type FakePlecto } from '../fakes/plecto-server';
import { RENDERER_DIR, ROOT, ensureRendererBuilt } from './renderer-build';

export const ARTIFACTS = path.join(ROOT, 'tests', 'e2e', 'artifacts');

export interface World {
  plecto: FakePlecto;
  intercom: FakeIntercom;
  app: BridgeApp;
  dataDir: string;
  logs: string[];
  browser: Browser;
  page: Page;
  /** Console errors and page errors (a CSP violation shows up here). */
  pageErrors: string[];
  close(): Promise<void>;
}

export async function startWorld(options: { intercomToken: string; plectoPassword: string }): Promise<World> {
  ensureRendererBuilt();
  const plecto = await startFakePlecto({ email: 'directory-sync@northwind.example', password: options.plectoPassword });
  const intercom = await startFakeIntercom({ token: options.intercomToken });
  seedDemoIntercom(intercom);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plecto-dirsync-e2e-'));
  const logs: string[] = [];
  const app = await startBridgeApp({ dataDir, rendererDir: RENDERER_DIR, logger: streamLogger((line) => logs.push(line)) });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, acceptDownloads: true });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return {
    plecto,
    intercom,
    app,
    dataDir,
    logs,
    browser,
    page,
    pageErrors,
    async close() {
      await browser.close();
      await app.close();
      await Promise.all([plecto.close(), intercom.close()]);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The whole page by default; `viewport` for modal states (a dialog's backdrop covers only the window). */
export async function screenshot(page: Page, name: string, options: { viewport?: boolean } = {}): Promise<string> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  // A sticky sidebar would be drawn where the window was scrolled to, not at the top of the picture.
  if (!options.viewport) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: file, fullPage: !options.viewport });
  return file;
}

/** Light and dark (prefers-color-scheme) screenshots of the page as it is: `<name>-light.png`, `<name>-dark.png`. */
export async function screenshotBoth(page: Page, name: string, options: { viewport?: boolean } = {}): Promise<string[]> {
  const files: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    files.push(await screenshot(page, `${name}-${colorScheme}`, options));
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return files;
}

const AXE_SOURCE = fs.readFileSync(path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

export interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * axe-core's serious and critical violations on the page as it is, in the current colour scheme.
 * The script goes in through the DevTools protocol (page.evaluate), so the app's strict CSP stays on.
 */
export async function axeViolations(page: Page): Promise<AxeFinding[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** axe in light and in dark mode (contrast differs); returns every serious or critical finding with the scheme. */
export async function axeBothSchemes(page: Page): Promise<(AxeFinding & { scheme: string })[]> {
  const out: (AxeFinding & { scheme: string })[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const finding of await axeViolations(page)) out.push({ ...finding, scheme });
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return out;
}

/** Every byte of the mirror: the database file and its write-ahead log. */
export function mirrorBytes(mirrorFile: string): Buffer {
  return Buffer.concat(
    [mirrorFile, `${mirrorFile}-wal`, `${mirrorFile}-shm`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)),
  );
}

/** The first match once it is visible. */
export async function visible(locator: Locator, timeout = 15_000): Promise<Locator> {
  await locator.first().waitFor({ state: 'visible', timeout });
  return locator.first();
}

/** Goes to a page through the sidebar and waits for its heading. */
export async function nav(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name, exact: true }).click();
  await visible(page.getByRole('heading', { level: 1, name: new RegExp(`^${name}`) }));
}

/**
 * Plecto and the Intercom connection saved through the page's own API (the
 * Connections page has its own test), then the page reloaded to show them.
 */
export async function connectIntercom(world: World, token: string): Promise<void> {
  const { page, plecto, intercom } = world;
  await page.goto(world.app.bridge.url);
  await visible(page.getByRole('heading', { level: 1, name: 'Connections' }));
  await page.evaluate(
    async ({ plectoUrl, email, password, intercomUrl, accessToken }) => {
      await window.plectoApi.savePlectoSettings({ baseUrl: plectoUrl, email, password });
      await window.plectoApi.saveConnection({ id: 'intercom', type: 'intercom', baseUrl: intercomUrl }, { accessToken });
    },
    { plectoUrl: plecto.baseUrl, email: plecto.email, password: plecto.password, intercomUrl: intercom.baseUrl, accessToken: token },
  );
  await page.reload();
  await visible(page.getByRole('button', { name: 'Edit Intercom' }));
}
