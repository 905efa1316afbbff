// Wires the desktop's main-process services: the mirror, the engine over the
// saved settings, and the API. The Electron shell and the test bridge both
// build them here, so the bridge exercises exactly what the app runs.
import type { DirectorySyncApi, DirectorySyncEvent } from '../../preload/contract';
import type { Clock } from '../common/clock';
import type { Logger } from '../common/logger';
import { signInWithPkce } from '../connectors/salesforce/oauth-pkce';
import { importRegistrations } from '../engine/registrations';
import { createSyncEngine, type DesktopEngine, type SyncEngineDeps } from '../engine/sync-engine';
import { createUndoPlanner } from '../engine/undo/undo-run';
import type { FetchFn } from '../http/http';
import type { SecretStore } from '../secrets/secret-store';
import type { Mirror } from '../store/mirror';
import { createDesktopApi, type DesktopApiDeps } from './desktop-api';
import { exchangeEnreachPassword } from './enreach-key';
import { requirePlectoConfig } from './plecto-settings';
import { createRegistrationServices } from './registrations';

export interface DesktopServicesDeps {
  mirror: Mirror;
  secrets: SecretStore;
  fetch: FetchFn;
  clock: Clock;
  logger: Logger;
  env?: Record<string, string | undefined>;
  emit?: (event: DirectorySyncEvent) => void;
  /** Opens the system browser (Electron shell.openExternal); enables "Sign in with Salesforce". */
  openBrowser?: (url: string) => Promise<void>;
  applyStartAtLogin?: (on: boolean) => void;
  /** A quick compatibility check on an account's first use before writing (issue 10); the app turns it on. */
  firstUseCheck?: boolean;
}

export interface DesktopServices {
  engine: DesktopEngine;
  api: DirectorySyncApi;
}

export function createDesktopServices(deps: DesktopServicesDeps): DesktopServices {
  const http = { fetch: deps.fetch, clock: deps.clock, logger: deps.logger };
  const engineDeps: SyncEngineDeps = {
    mirror: deps.mirror,
    secrets: deps.secrets,
    env: deps.env,
    fetch: deps.fetch,
    clock: deps.clock,
    logger: deps.logger,
    plecto: () => requirePlectoConfig(deps.mirror),
    importRegistrations,
    firstUseCheck: deps.firstUseCheck,
  };
  const engine = createSyncEngine(engineDeps);
  const openBrowser = deps.openBrowser;
  const signIn: DesktopApiDeps['signInSalesforce'] = openBrowser
    ? (input) => signInWithPkce({ ...input, openBrowser }, http)
    : undefined;
  const api = createDesktopApi({
    mirror: deps.mirror,
    secrets: deps.secrets,
    engine,
    clock: deps.clock,
    logger: deps.logger,
    env: deps.env ?? process.env,
    emit: deps.emit,
    signInSalesforce: signIn,
    exchangeEnreachPassword: (input) => exchangeEnreachPassword(http, input),
    applyStartAtLogin: deps.applyStartAtLogin,
    http,
    undo: createUndoPlanner(engineDeps),
    registrations: createRegistrationServices({
      mirror: deps.mirror,
      sources: { secrets: deps.secrets, env: deps.env ?? process.env },
      http,
    }),
  });
  return { engine, api };
}
