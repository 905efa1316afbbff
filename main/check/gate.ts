// Point 7 of issue 10: plan and apply refuse to write when the last `check` of
// Plecto or of the connection found that something the sync writes through
// differs — or, on the first use of an account (never checked, or checked
// under another host or user), they run a quick check themselves first.
import type { ConnectionConfig, PlectoConfig } from '../config/profile';
import type { Mirror } from '../store/mirror';
import { checkConnection, checkPlectoAccount, type CheckDeps } from './run';
import { writeBlockers, type SystemReport } from './report';

/** A difference the sync writes through: nothing is written until a new `check` finds it fixed. */
export class CompatibilityError extends Error {
  constructor(
    readonly system: string,
    readonly items: { item: string; detail: string }[],
    checkedAt: string,
  ) {
    super(
      `${system === 'plecto' ? 'Plecto' : `Connection "${system}"`} differs from what the app expects in ${items
        .map((i) => `"${i.item}" (${i.detail})`)
        .join('; ')} — found by the compatibility check of ${checkedAt.replace('T', ' ').slice(0, 16)} UTC. ` +
        'Nothing was written. Run "check" again once this is fixed, or send its report to support.',
    );
    this.name = 'CompatibilityError';
  }
}

export interface GateDeps extends CheckDeps {
  mirror: Mirror;
  plecto: () => PlectoConfig;
  connection: (id: string) => ConnectionConfig | null;
  /** Run a quick check on the first use of an account (default true); false trusts an unchecked account. */
  quickCheck?: boolean;
}

/** Which account a check saw: host and user, never a secret. A different one is a first use. */
export function plectoAccount(config: PlectoConfig): string {
  return `${hostOf(config.baseUrl)}|${config.email.toLowerCase()}`;
}

export function connectionAccount(config: ConnectionConfig): string {
  const user = config.credentials.username ?? config.credentials.clientId ?? '';
  const host = config.type === 'salesforce' ? config.loginUrl : config.baseUrl;
  return `${config.type}|${hostOf(host ?? '(default)')}|${typeof user === 'string' ? user.toLowerCase() : ''}`;
}

/** Stores a report as the last check of its system. */
export function saveCheck(mirror: Mirror, report: SystemReport, account: string, checkedAt: number): void {
  mirror.saveCheckResult({ system: report.system, account, checkedAt, report });
}

/**
 * Throws CompatibilityError when the last check of `system` ("plecto" or a
 * connection id) found a difference the sync writes through. Without a check
 * of this account yet, runs a quick one (reads only) and keeps it. A check that
 * could not read the system blocks nothing: the sync's own read reports that.
 */
export async function assertCompatible(system: string, deps: GateDeps): Promise<void> {
  let account: string;
  let run: () => Promise<SystemReport>;
  if (system === 'plecto') {
    const config = deps.plecto();
    account = plectoAccount(config);
    run = () => checkPlectoAccount(config, deps);
  } else {
    const config = deps.connection(system);
    if (!config) return; // the engine reports an unknown connection itself
    account = connectionAccount(config);
    run = () => checkConnection(config, deps);
  }
  const stored = deps.mirror.lastCheckResult(system);
  let report = stored && stored.account === account ? (stored.report as SystemReport) : null;
  if (!report || report.error) {
    if (deps.quickCheck === false) return;
    report = await run();
    saveCheck(deps.mirror, report, account, deps.http.clock.now());
  }
  const blockers = writeBlockers(report);
  if (blockers.length > 0) throw new CompatibilityError(system, blockers, report.checkedAt);
}

function hostOf(url: string): string {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return url;
  }
}

/** The gate bound to one engine's dependencies: `gate.assertCompatible('plecto')`, `gate.assertCompatible(connectionId)`. */
export function compatibilityGate(deps: GateDeps): { assertCompatible(system: string): Promise<void> } {
  return { assertCompatible: (system) => assertCompatible(system, deps) };
}
