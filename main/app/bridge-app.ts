// The desktop's main-process services behind the HTTP bridge, on a data
// folder of their own: what the e2e test and `npm run demo` run instead of
// Electron. Same Mirror, engine and API as the app; the keychain is a
// MemorySecretStore unless one is given.
import path from 'node:path';
import { systemClock, type Clock } from '../common/clock';
import { silentLogger, type Logger } from '../common/logger';
import type { FetchFn } from '../http/http';
import { MemorySecretStore, type SecretStore } from '../secrets/secret-store';
import { Mirror } from '../store/mirror';
import type { DirectorySyncApi } from '../../preload/contract';
import { startBridge, type Bridge } from './bridge-server';
import { createDesktopServices } from './desktop-services';

export const MIRROR_FILE_NAME = 'mirror.db';

export interface BridgeAppOptions {
  dataDir: string;
  rendererDir: string;
  secrets?: SecretStore;
  logger?: Logger;
  clock?: Clock;
  fetch?: FetchFn;
  /** Environment for {"env": ...} secret references; empty by default so tests are sealed. */
  env?: Record<string, string | undefined>;
  port?: number;
}

export interface BridgeApp {
  bridge: Bridge;
  mirror: Mirror;
  api: DirectorySyncApi;
  secrets: SecretStore;
  mirrorFile: string;
  close(): Promise<void>;
}

export async function startBridgeApp(options: BridgeAppOptions): Promise<BridgeApp> {
  const mirrorFile = path.join(options.dataDir, MIRROR_FILE_NAME);
  const mirror = Mirror.open(mirrorFile);
  const secrets = options.secrets ?? new MemorySecretStore();
  let api: DirectorySyncApi | null = null;
  const bridge = await startBridge({
    rootDir: options.rendererDir,
    port: options.port,
    logger: options.logger,
    createApi: (emit) => {
      api = createDesktopServices({
        mirror,
        secrets,
        fetch: options.fetch ?? ((input, init) => fetch(input, init)),
        clock: options.clock ?? systemClock,
        logger: options.logger ?? silentLogger,
        env: options.env ?? {},
        emit,
      }).api;
      return api;
    },
  });
  return {
    bridge,
    mirror,
    api: api!,
    secrets,
    mirrorFile,
    async close() {
      await bridge.close();
      mirror.close();
    },
  };
}
