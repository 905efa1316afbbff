// `npm run demo`: the desktop UI on the built-in demo company. Electron where
// its binary exists; otherwise the same renderer and main-process services
// through the HTTP bridge, at a printed http://127.0.0.1 URL.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { startBridgeApp } from '../main/app/bridge-app';
import { Mirror } from '../main/store/mirror';
import { importProfile } from '../main/app/profile-io';
import { demoNextDay } from './company';
import { startDemoWorld } from './world';

const root = path.resolve(__dirname, '..');
const rendererDir = path.join(root, 'out', 'renderer');

function electronBinary(): string | null {
  try {
    const binary = createRequire(__filename)('electron') as unknown;
    return typeof binary === 'string' && fs.existsSync(binary) ? binary : null;
  } catch {
    return null; // electron's postinstall did not download the binary
  }
}

function ensureRendererBuilt(): void {
  if (fs.existsSync(path.join(rendererDir, 'index.html'))) return;
  console.log('Building the app (npx electron-vite build)…');
  const result = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('The build failed; see the output above');
}

async function main() {
  const world = await startDemoWorld();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plecto-dirsync-desktop-demo-'));
  console.log(`Simulated Intercom (Northwind Support, ${world.intercom.admins.length} admins, ${world.intercom.teams.length} teams) at ${world.intercom.baseUrl}`);
  console.log(`Simulated, empty Plecto at ${world.plecto.baseUrl}`);
  console.log(`Mirror in ${dataDir}`);

  const binary = electronBinary();
  if (binary) {
    // The app reads its data folder from PLECTO_DIRSYNC_DATA_DIR; the demo profile's secrets are env references.
    const mirror = Mirror.open(path.join(dataDir, 'mirror.db'));
    importProfile(mirror, JSON.stringify(world.profile));
    mirror.close();
    console.log('Starting the Electron app…');
    const child = spawn('npx', ['electron-vite', 'preview'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, ...world.env, PLECTO_DIRSYNC_DATA_DIR: dataDir },
    });
    child.on('exit', () => void world.close().then(() => process.exit(0)));
    return;
  }

  ensureRendererBuilt();
  const app = await startBridgeApp({ dataDir, rendererDir, port: Number(process.env.PORT) || 0 });
  // Ready to preview: Plecto and Intercom are set up as an admin would, through the same API.
  await app.api.savePlectoSettings({ baseUrl: world.plecto.baseUrl, email: world.plecto.email, password: world.plecto.password });
  await app.api.saveConnection({ id: 'intercom', type: 'intercom', baseUrl: world.intercom.baseUrl }, { accessToken: world.intercom.token });

  console.log('\nElectron is not installed here, so the app runs in your browser:');
  console.log(`\n    ${app.bridge.url}\n`);
  console.log('Type "n" and Enter to simulate the next day in Intercom; Ctrl-C to stop.');

  const input = readline.createInterface({ input: process.stdin });
  input.on('line', (line) => {
    if (line.trim() !== 'n') return;
    for (const change of demoNextDay(world.intercom)) console.log(`  - ${change}`);
    console.log('Open Preview and click "Preview again" to see it.');
  });
  const stop = async () => {
    input.close();
    await app.close();
    await world.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
