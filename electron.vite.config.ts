// Build of the desktop app: main process (app + CLI), sandboxed preload, React renderer.
// Output: out/main/{index,cli}.js, out/preload/index.js, out/renderer/.
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const root = __dirname;

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      // Native modules stay outside the bundle: they are rebuilt for Electron when packaging
      // (electron-builder npmRebuild) and loaded from node_modules (asarUnpack).
      externalizeDeps: { include: ['better-sqlite3', 'keytar'] },
      rollupOptions: {
        input: {
          index: resolve(root, 'main/index.ts'),
          // The command line, for bin/plecto-dirsync.js and servers; it never imports electron.
          cli: resolve(root, 'main/cli.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      // A sandboxed preload can require only 'electron': bundle everything else into it.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(root, 'preload/index.ts') },
        // package.json has no "type": "module", so this is CommonJS (index.js) — what a sandboxed preload needs.
        output: { format: 'cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      rollupOptions: { input: resolve(root, 'renderer/index.html') },
    },
  },
});
