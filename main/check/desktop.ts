// The desktop's "Check compatibility" (issue 10, point 5): the same check as
// the command line for Plecto or one saved connection, kept in the mirror for
// plan and apply, and handed to the renderer with the JSON an admin can save
// and send to support (no secrets, no people).
import type { CompatibilityReportView } from '../../preload/contract';
import type { ConnectionConfig, PlectoConfig } from '../config/profile';
import { ConfigError } from '../engine/errors';
import type { Mirror } from '../store/mirror';
import { connectionAccount, plectoAccount, saveCheck } from './gate';
import { passed, reportJson } from './report';
import { checkConnection, checkPlectoAccount, type CheckDeps } from './run';

export interface DesktopCheckDeps extends CheckDeps {
  mirror: Mirror;
  plecto: () => PlectoConfig | null;
  connection: (id: string) => ConnectionConfig | null;
}

/** `target` is "plecto" or a saved connection's id. */
export async function checkCompatibility(deps: DesktopCheckDeps, target: string): Promise<CompatibilityReportView> {
  let report;
  if (target === 'plecto') {
    const config = deps.plecto();
    if (!config) throw new ConfigError('Plecto is not set up yet: add its URL, email and password first');
    report = await checkPlectoAccount(config, deps);
    saveCheck(deps.mirror, report, plectoAccount(config), deps.http.clock.now());
  } else {
    const config = deps.connection(target);
    if (!config) throw new ConfigError(`There is no connection "${target}"`);
    report = await checkConnection(config, deps);
    saveCheck(deps.mirror, report, connectionAccount(config), deps.http.clock.now());
  }
  const [json] = reportJson([report]);
  return { ...json, items: report.items, passed: passed(report), file: JSON.stringify([json], null, 2) + '\n' };
}
