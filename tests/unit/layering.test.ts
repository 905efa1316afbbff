// Imports flow one way (as VS Code's layering rule keeps them): only the
// Electron shell imports electron; the engine, connectors, Plecto client and
// store know nothing of the desktop, the CLI or the shell; the renderer takes
// only types from the main process and the preload contract.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f))
    .map((f) => path.join(dir, f));
}

/** [specifier, isTypeOnly] of every import and require in a file. */
function importsOf(file: string): [string, boolean][] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const found: [string, boolean][] = [];
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]/gm)) found.push([m[3], Boolean(m[2])]);
  for (const m of text.matchAll(/(?:require|import)\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push([m[1], false]);
  return found;
}

/** The repository folder an import lands in, e.g. "main/engine". */
function target(file: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  return path.relative(ROOT, path.resolve(path.dirname(path.join(ROOT, file)), specifier));
}

const SHELL = (f: string) => f === 'main/index.ts' || f.startsWith('main/shell/');

describe('layering', () => {
  it('only the Electron shell and the preload import electron', () => {
    const offenders = [...sourceFiles('main'), ...sourceFiles('renderer')]
      .filter((f) => !SHELL(f))
      .filter((f) => importsOf(f).some(([s]) => s === 'electron' || s.startsWith('electron/')));
    expect(offenders).toEqual([]);
  });

  it('the core (engine, connectors, plecto, store, http, config) never imports the desktop, CLI or shell', () => {
    const core = ['main/domain', 'main/engine', 'main/connectors', 'main/plecto', 'main/store', 'main/http', 'main/config', 'main/common'];
    const outer = ['main/app', 'main/cli', 'main/shell', 'main/ipc', 'main/tray', 'main/schedule', 'main/index', 'preload', 'renderer', 'tests', 'demo'];
    const offenders: string[] = [];
    for (const file of core.flatMap(sourceFiles)) {
      for (const [specifier] of importsOf(file)) {
        const to = target(file, specifier);
        if (to && outer.some((o) => to === o || to.startsWith(o + '/'))) offenders.push(`${file} → ${specifier}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('the store and the Plecto client never import the engine: the domain types they share live in main/domain', () => {
    const offenders: string[] = [];
    for (const file of [...sourceFiles('main/store'), ...sourceFiles('main/plecto'), ...sourceFiles('main/domain')]) {
      for (const [specifier] of importsOf(file)) {
        const to = target(file, specifier);
        if (to && (to === 'main/engine' || to.startsWith('main/engine/'))) offenders.push(`${file} → ${specifier}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('the renderer takes only types from the main process and the preload', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles('renderer')) {
      for (const [specifier, typeOnly] of importsOf(file)) {
        const to = target(file, specifier);
        if (to && (to.startsWith('main') || to.startsWith('preload')) && !typeOnly) offenders.push(`${file} → ${specifier}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('the checks above see imports at all (they would catch an offender)', () => {
    expect(importsOf('main/index.ts').some(([s]) => s === 'electron')).toBe(true);
    expect(importsOf('main/engine/sync-engine.ts').length).toBeGreaterThan(5);
    expect(importsOf('main/store/mirror.ts').some(([s]) => s.endsWith('/domain/model'))).toBe(true);
  });
});
