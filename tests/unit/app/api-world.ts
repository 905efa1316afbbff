// A desktop API over the real engine, a real SQLite mirror in a temp dir, a
// MemorySecretStore and fake Plecto/Intercom servers on 127.0.0.1, for the
// api-*.test.ts files that replay what an IT admin does in sequence.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DirectorySyncApi, DirectorySyncEvent } from '../../../preload/contract';
import { createDesktopServices } from '../../../main/app/desktop-services';
import { systemClock } from '../../../main/common/clock';
import { streamLogger } from '../../../main/common/logger';
import { MemorySecretStore } from '../../../main/secrets/secret-store';
import { Mirror } from '../../../main/store/mirror';
import { markAppliedByHand } from '../../../main/schedule/first-apply';
import { seedDemoIntercom } from '../../../demo/company';
import { startFakeIntercom, type FakeIntercom } from '../../fakes/intercom-server';
import { startFakePlecto, type FakePlecto } from '../../fakes/plecto-server';

export const INTERCOM_TOKEN = 'api-world-intercom-token-0123456789';

export interface ApiWorld {
  dir: string;
  mirror: Mirror;
  secrets: MemorySecretStore;
  plecto: FakePlecto;
  intercom: FakeIntercom;
  env: Record<string, string | undefined>;
  events: DirectorySyncEvent[];
  logs: string[];
  api: DirectorySyncApi;
  /**
   * Plecto settings plus the demo Intercom connection "intercom", marked as applied by hand once
   * (so "Sync now" applies) unless `appliedByHand: false` (issue 11, point 12 has its own tests).
   */
  setUp(options?: { appliedByHand?: boolean }): Promise<void>;
  /** The mirror file's bytes contain `text` (secrets must never be there). */
  mirrorContains(text: string): boolean;
  close(): Promise<void>;
}

export async function startApiWorld(options: { openBrowser?: (url: string) => Promise<void> } = {}): Promise<ApiWorld> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'api-world-'));
  const mirror = Mirror.open(path.join(dir, 'mirror.db'));
  const secrets = new MemorySecretStore();
  const plecto = await startFakePlecto();
  const intercom = await startFakeIntercom({ token: INTERCOM_TOKEN });
  seedDemoIntercom(intercom);
  const env: Record<string, string | undefined> = {};
  const events: DirectorySyncEvent[] = [];
  const logs: string[] = [];
  const { api } = createDesktopServices({
    mirror,
    secrets,
    fetch: (input, init) => fetch(input, init),
    clock: systemClock,
    logger: streamLogger((line) => logs.push(line)),
    env,
    emit: (event) => events.push(event),
    openBrowser: options.openBrowser,
  });
  const world: ApiWorld = {
    dir,
    mirror,
    secrets,
    plecto,
    intercom,
    env,
    events,
    logs,
    api,
    async setUp(options = {}) {
      await api.savePlectoSettings({ baseUrl: plecto.baseUrl, email: plecto.email, password: plecto.password });
      await api.saveConnection({ id: 'intercom', type: 'intercom', baseUrl: intercom.baseUrl }, { accessToken: INTERCOM_TOKEN });
      if (options.appliedByHand ?? true) markAppliedByHand(mirror, 'intercom', { status: 'applied' });
    },
    mirrorContains(text) {
      return fs
        .readdirSync(dir)
        .some((name) => fs.readFileSync(path.join(dir, name)).includes(text));
    },
    async close() {
      mirror.close();
      await Promise.all([plecto.close(), intercom.close()]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return world;
}
