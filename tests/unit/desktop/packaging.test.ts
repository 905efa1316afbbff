// The packaging and launcher configuration cannot be exercised end to end here
// (no Electron binary), so these tests keep it valid and wired the way the app expects.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../../..');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function builderConfig(): Promise<Record<string, any>> {
  // js-yaml comes with electron-builder (no types of its own here).
  const yaml = (await import('js-yaml' as string)) as { load(text: string): unknown };
  return yaml.load(fs.readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as Record<string, any>;
}

function pngSize(file: string): { width: number; height: number } {
  const data = fs.readFileSync(file);
  expect(data.subarray(1, 4).toString('ascii')).toBe('PNG');
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

describe('electron-builder.yml', () => {
  it('matches electron-builder\'s own schema', async () => {
    const { validateConfiguration } = (await import('app-builder-lib/out/util/config/config' as string)) as {
      validateConfiguration(config: unknown, logger: unknown): Promise<void>;
    };
    const { DebugLogger } = (await import('builder-util' as string)) as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(validateConfiguration(await builderConfig(), new DebugLogger(false))).resolves.toBeUndefined();
    // and it does reject a broken one, so the check above means something
    await expect(validateConfiguration({ ...(await builderConfig()), nope: 1 }, new DebugLogger(false))).rejects.toThrow(/nope/);
  });

  it('ships the build output, rebuilds native modules for Electron and unpacks them from the asar', async () => {
    const config = await builderConfig();
    expect(config.productName).toBe('Plecto Directory Sync');
    expect(config.files).toContain('out/**');
    expect(config.npmRebuild).toBe(true);
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['**/node_modules/better-sqlite3/**', '**/node_modules/keytar/**']));
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.deb.depends).toContain('libsecret-1-0');
  });

  it('has the icons the shell loads (app icon >= 512 px for macOS, tray 22/44 px)', () => {
    expect(pngSize(path.join(ROOT, 'resources/icon.png')).width).toBeGreaterThanOrEqual(512);
    expect(pngSize(path.join(ROOT, 'resources/tray.png'))).toEqual({ width: 22, height: 22 });
    expect(pngSize(path.join(ROOT, 'resources/tray@2x.png'))).toEqual({ width: 44, height: 44 });
    expect(pngSize(path.join(ROOT, 'resources/trayTemplate.png'))).toEqual({ width: 22, height: 22 });
  });
});

describe('electron.vite.config.ts', () => {
  it('builds the app and the CLI as main entries, a CommonJS preload and the React renderer', async () => {
    const { default: config } = (await import('../../../electron.vite.config')) as { default: any };
    expect(Object.keys(config.main.build.rollupOptions.input).sort()).toEqual(['cli', 'index']);
    expect(config.main.build.rollupOptions.input.cli).toBe(path.join(ROOT, 'main/cli.ts'));
    expect(config.main.build.externalizeDeps.include).toEqual(['better-sqlite3', 'keytar']);
    expect(config.preload.build.rollupOptions.output.format).toBe('cjs');
    expect(config.preload.build.externalizeDeps).toBe(false);
    expect(config.renderer.root).toBe(path.join(ROOT, 'renderer'));
    expect(config.renderer.build.outDir).toBe(path.join(ROOT, 'out/renderer'));
  });
});

describe('bin/plecto-dirsync.js', () => {
  function install(withCli?: string) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'launcher-'));
    dirs.push(dir);
    fs.mkdirSync(path.join(dir, 'bin'));
    fs.copyFileSync(path.join(ROOT, 'bin/plecto-dirsync.js'), path.join(dir, 'bin/plecto-dirsync.js'));
    if (withCli) {
      fs.mkdirSync(path.join(dir, 'out/main'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'out/main/cli.js'), withCli);
    }
    return path.join(dir, 'bin/plecto-dirsync.js');
  }

  it('runs the built CLI with the arguments and keeps its exit code', () => {
    const launcher = install(
      "process.stdout.write(JSON.stringify(process.argv.slice(2))); process.exitCode = 3;",
    );
    const result = spawnSync(process.execPath, [launcher, 'plan', '--json'], { encoding: 'utf8' });
    expect(result.stdout).toBe('["plan","--json"]');
    expect(result.status).toBe(3);
  });

  it('says how to build when the CLI is not built yet', () => {
    const result = spawnSync(process.execPath, [install(), 'plan'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/not built.*\n.*npm run build/);
  });
});
