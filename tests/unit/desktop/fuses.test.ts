// The packaged app's Electron fuses (issue 9, point 9), read from the
// electron-builder config that packaging uses, and checked against
// electron-builder's own schema and @electron/fuses' names so a typo cannot
// silently leave a fuse at its default.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../../..');

async function builderConfig(): Promise<Record<string, any>> {
  const yaml = (await import('js-yaml' as string)) as { load(text: string): unknown };
  return yaml.load(fs.readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as Record<string, any>;
}

describe('Electron fuses in electron-builder.yml', () => {
  it('turn off running as Node, --inspect and NODE_OPTIONS; load only the integrity-checked asar; encrypt cookies', async () => {
    const { electronFuses } = await builderConfig();
    expect(electronFuses).toEqual({
      runAsNode: false,
      enableNodeCliInspectArguments: false,
      enableNodeOptionsEnvironmentVariable: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
    });
  });

  it('are names electron-builder knows (its schema rejects a misspelt fuse)', async () => {
    const { validateConfiguration } = (await import('app-builder-lib/out/util/config/config' as string)) as {
      validateConfiguration(config: unknown, logger: unknown): Promise<void>;
    };
    const { DebugLogger } = (await import('builder-util' as string)) as { DebugLogger: new (enabled: boolean) => unknown };
    const config = await builderConfig();
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    const misspelt = { ...config, electronFuses: { ...config.electronFuses, runAsNod: false } };
    await expect(validateConfiguration(misspelt, new DebugLogger(false))).rejects.toThrow(/electronFuses/);
  });
});
