// The e2e tests run the real renderer build. It is built (npx electron-vite
// build) when out/renderer is missing or older than the renderer sources; the
// e2e files run in parallel, so a lock lets only one of them build at a time.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const RENDERER_DIR = path.join(ROOT, 'out', 'renderer');
const LOCK_DIR = path.join(ROOT, 'out', '.e2e-build-lock');
/** A lock older than this was left by a crashed run. */
const STALE_LOCK_MS = 3 * 60_000;

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

function isUpToDate(): boolean {
  const index = path.join(RENDERER_DIR, 'index.html');
  const sources = Math.max(newestMtime(path.join(ROOT, 'renderer')), fs.statSync(path.join(ROOT, 'preload', 'contract.ts')).mtimeMs);
  return fs.existsSync(index) && fs.statSync(index).mtimeMs >= sources;
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Runs `work` holding a directory lock (mkdir is atomic), so parallel test files build once. */
function withBuildLock(work: () => void): void {
  fs.mkdirSync(path.dirname(LOCK_DIR), { recursive: true });
  for (;;) {
    try {
      fs.mkdirSync(LOCK_DIR);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      try {
        if (Date.now() - fs.statSync(LOCK_DIR).mtimeMs > STALE_LOCK_MS) fs.rmSync(LOCK_DIR, { recursive: true, force: true });
      } catch {
        // released meanwhile
      }
      sleepSync(200);
    }
  }
  try {
    work();
  } finally {
    fs.rmSync(LOCK_DIR, { recursive: true, force: true });
  }
}

export function ensureRendererBuilt(): void {
  if (isUpToDate()) return;
  withBuildLock(() => {
    if (isUpToDate()) return; // another test file built it while this one waited
    const result = spawnSync('npx', ['electron-vite', 'build'], { cwd: ROOT, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`npx electron-vite build failed:\n${result.stdout}\n${result.stderr}`);
  });
}
