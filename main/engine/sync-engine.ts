// The engine the CLI, the scheduler and the desktop share: read, plan,
// safeguard, apply — each run recorded in the mirror.
import type { Clock } from '../common/clock';
import type { Logger } from '../common/logger';
import type { ConnectionConfig, PlectoConfig } from '../config/profile';
import { resolveCredentials, resolveSecret, type SecretSources } from '../config/secrets';
import type { Connector } from '../connectors/connector';
import { createConnector } from '../connectors/registry';
import type { FetchFn, HttpDeps } from '../http/http';
import { PlectoClient } from '../plecto/client';
import type { SecretStore } from '../secrets/secret-store';
import type { Mirror } from '../store/mirror';
import { ApplyLeases, LeaseHeldError, markBusy } from './apply-lease';
import { compatibilityGate, CompatibilityError } from '../check/gate';
import { applyWrites } from './applier';
import { ApplyBasis } from './apply-basis';
import { abandonUnwritten, deactivationsNoLongerDue, hasDeactivations, prepareApply } from './apply-preparation';
import { buildPlanInput } from './plan-input';
import { ConfigError } from './errors';
import { summarize, type PlanInput, type SourceDirectory } from '../domain/model';
import { planSync } from './plan';
import type { ApplyOptions, RunRecord, RunTrigger, SyncEngine } from '../domain/run';
import { evaluateSafeguards } from './safeguards';
import { buildWrites, estimateApplySeconds, type WriteOp } from './writes';

export interface SyncEngineDeps {
  mirror: Mirror;
  secrets: SecretStore;
  env?: Record<string, string | undefined>;
  fetch: FetchFn;
  clock: Clock;
  logger: Logger;
  /** Plecto settings: the CLI's profile, or the desktop's saved settings. */
  plecto: () => PlectoConfig;
  /** Connection settings; the mirror's by default. */
  connection?: (id: string) => ConnectionConfig | null;
  /**
   * Run a quick, read-only compatibility check on the first use of an account before planning.
   * The entry points (command line, desktop app) turn it on; off, only the `check` command's
   * stored results are enforced (tests of other behaviour count every request).
   */
  firstUseCheck?: boolean;
  /** Every configured connection (R6: who else manages a member); the mirror's by default. */
  connections?: () => ConnectionConfig[];
  /** Imports registrations after a connection's directory changes are applied (R9). */
  importRegistrations?: (context: RegistrationContext) => Promise<RunRecord['registrations']>;
}

export interface RegistrationContext {
  config: ConnectionConfig;
  connector: Connector;
  plecto: PlectoClient;
  mirror: Mirror;
  logger: Logger;
  clock: Clock;
}

export interface DesktopEngine extends SyncEngine {
  testConnection(connectionId: string): Promise<string>;
  testPlecto(): Promise<string>;
}

/** A long apply re-reads Plecto this often, so member writes start from Plecto as it is (R3). */
const REREAD_PLECTO_MS = 10 * 60_000;

/** Where a plan made on an empty source read keeps that read until an admin approves it (R10). */
const pendingBaselineKey = (runId: number) => `pending-baseline:${runId}`;

export function createSyncEngine(deps: SyncEngineDeps): DesktopEngine {
  const { mirror, clock, logger } = deps;
  const applyBasis = new ApplyBasis(mirror);
  const leases = new ApplyLeases(mirror, clock);
  const sources: SecretSources = { secrets: deps.secrets, env: deps.env ?? process.env };
  const http: HttpDeps = { fetch: deps.fetch, clock, logger };
  // Issue 10: nothing is written through an API that a check found to differ from its contract.
  const gate = compatibilityGate({
    mirror,
    http,
    sources,
    plecto: deps.plecto,
    connection: (id) => (deps.connection ? deps.connection(id) : mirror.getConnection(id)),
    quickCheck: deps.firstUseCheck ?? false,
  });
  async function compatibilityProblem(connectionId: string): Promise<string | null> {
    try {
      await gate.assertCompatible('plecto');
      await gate.assertCompatible(connectionId);
      return null;
    } catch (error) {
      if (error instanceof CompatibilityError) return error.message;
      throw error;
    }
  }

  function connectionConfig(id: string): ConnectionConfig {
    const config = deps.connection ? deps.connection(id) : mirror.getConnection(id);
    if (!config) throw new ConfigError(`There is no connection "${id}"`);
    return config;
  }

  async function plectoClient(): Promise<PlectoClient> {
    const config = deps.plecto();
    const password = await resolveSecret(config.password, sources, 'plecto.password', config.baseUrl);
    return new PlectoClient(
      { baseUrl: config.baseUrl, email: config.email, password, requestsPerHour: config.requestsPerHour },
      http,
    );
  }

  async function connectorFor(config: ConnectionConfig): Promise<Connector> {
    return createConnector(config, await resolveCredentials(config, sources), http);
  }

  async function plan(connectionId: string, trigger: RunTrigger): Promise<RunRecord> {
    const run = mirror.createRun({ connectionId, trigger, startedAt: clock.now() });
    const usage: Record<string, number | string> = {};
    try {
      const config = connectionConfig(connectionId);
      // Taken before the reads: an apply that starts (or was under way) while we read makes this plan stale.
      const basis = applyBasis.take(connectionId, run.id, config.settings);
      const incompatible = await compatibilityProblem(connectionId);
      if (incompatible) {
        return mirror.updateRun(run.id, { status: 'failed', error: incompatible, finishedAt: clock.now() });
      }
      const connector = await connectorFor(config);
      const plecto = await plectoClient();
      let source: SourceDirectory;
      let plectoDir: PlanInput['plecto'];
      try {
        // Both reads must be complete before anything is planned (R10).
        [source, plectoDir] = await Promise.all([connector.readDirectory(), plecto.readDirectory()]);
      } finally {
        const connectorUsage = connector.usage();
        usage[config.providerLabel] = connectorUsage.requests;
        if (connectorUsage.apiUsage) usage[`${config.providerLabel} quota`] = connectorUsage.apiUsage;
        usage.Plecto = plecto.stats().requests;
      }
      const previous = mirror.loadSourceSnapshot(connectionId);
      const connections = deps.connections ? deps.connections() : mirror.listConnections();
      const input = buildPlanInput(mirror, config, connector.rules, source, plectoDir, connections);
      const result = { ...planSync(input), basis };
      const holdReason = evaluateSafeguards(result, {
        safeguards: config.safeguards,
        sourcePeopleCount: source.people.length,
        previousSourcePeopleCount: previous ? previous.dir.people.length : null,
      });
      const sourceVanished = source.people.length === 0 && (previous?.dir.people.length ?? 0) > 0;
      mirror.transaction(() => {
        // A source that suddenly returns nobody is not trusted as the new baseline (R10) until an
        // admin approves the plan: its apply makes this read the baseline.
        if (!sourceVanished) mirror.saveSourceSnapshot(connectionId, source, clock.now());
        else mirror.setSetting(pendingBaselineKey(run.id), JSON.stringify(source));
        mirror.savePlectoSnapshot(plectoDir, clock.now());
      });
      const estimatedWrites = buildWrites(result, plectoDir, new Set(), new Set(input.manuallyManaged)).writes.length;
      return mirror.updateRun(run.id, {
        status: holdReason ? 'held' : 'planned',
        holdReason,
        plan: result,
        summary: summarize(result.changes),
        apiUsage: usage,
        estimatedWrites,
        estimatedSeconds: estimateApplySeconds(estimatedWrites, deps.plecto().requestsPerHour),
        finishedAt: clock.now(),
      });
    } catch (error) {
      logger.error(`Run ${run.id} for ${connectionId} failed while reading`, { error: (error as Error).message });
      const failedRun = mirror.updateRun(run.id, {
        status: 'failed',
        error: (error as Error).message,
        apiUsage: usage,
        finishedAt: clock.now(),
      });
      if (error instanceof ConfigError) throw error;
      return failedRun;
    }
  }

  /**
   * Plecto as it is now (R3). A member write carries the member's whole team list, so it must start
   * from the current one: a preview approved later must not undo what an admin changed in Plecto
   * meanwhile, nor overwrite a member made by hand since. Only `sync`, whose plan read Plecto a
   * moment ago, passes that fresh read on.
   */
  async function currentPlecto(plecto: PlectoClient, justRead?: PlanInput['plecto']): Promise<PlanInput['plecto']> {
    if (justRead) return justRead;
    const dir = await plecto.readDirectory();
    mirror.savePlectoSnapshot(dir, clock.now());
    return dir;
  }

  async function apply(runId: number, options: ApplyOptions = {}, justRead?: PlanInput['plecto']): Promise<RunRecord> {
    const run = mirror.getRun(runId);
    if (!run) throw new ConfigError(`There is no run ${runId}`);
    if (!run.plan) throw new ConfigError(`Run ${runId} has no plan to apply (status ${run.status})`);
    if (run.status === 'held' && !options.force) return run;
    if (!['planned', 'held', 'applying'].includes(run.status)) {
      throw new ConfigError(`Run ${runId} cannot be applied: it is ${run.status}`);
    }
    const config = connectionConfig(run.connectionId);
    if (run.status !== 'applying') {
      const incompatible = await compatibilityProblem(run.connectionId);
      if (incompatible) return mirror.updateRun(runId, { status: 'failed', error: incompatible, finishedAt: clock.now() });
    }
    const plecto = await plectoClient();
    const plan = run.plan;

    let writes: WriteOp[];
    let blockedFailures: RunRecord['failed'] = [];
    // Writes prepared for an apply stay on its run until it finishes, so an interrupted apply resumes the same writes (R12).
    const stored = mirror.applyWrites(runId) as WriteOp[] | null;
    const resumed = run.status === 'applying' && stored !== null;
    if (resumed && stored && applyBasis.settingsChanged(plan.basis, config.settings)) {
      writes = [];
      blockedFailures = abandonUnwritten(mirror, run, stored);
      logger.info(`Not finishing interrupted run ${runId}: its settings changed`);
    } else if (resumed && stored) {
      writes = stored;
      logger.info(`Resuming interrupted run ${runId}`);
    } else {
      // A later run of this connection has written to Plecto since this plan was made: its
      // changes may already be done (a second "create team" would make a twin). Preview again.
      // (Plans stored before plans carried their basis: any later run that wrote.)
      const later = plan.basis
        ? undefined
        : mirror
            .listRuns({ connectionId: run.connectionId, limit: 1000 })
            .find((r) => r.id > runId && (r.status === 'applying' || r.status === 'applied' || r.status === 'partial'));
      if (later) {
        return mirror.updateRun(runId, {
          status: 'failed',
          error: `Run #${later.id} of "${run.connectionId}" was applied after this preview; preview again`,
          finishedAt: clock.now(),
        });
      }
      // A plan made while an earlier apply was interrupted may repeat its writes: finish that
      // one first and ask for a fresh preview (the CLI and the scheduler resume before planning).
      const interrupted = mirror.unfinishedRuns(run.connectionId).filter((r) => r.id !== runId);
      if (interrupted.length > 0) {
        for (const earlier of interrupted) await apply(earlier.id);
        return mirror.updateRun(runId, {
          status: 'failed',
          error: `Run ${interrupted.map((r) => `#${r.id}`).join(', ')} had been interrupted and was finished first; this plan may be out of date. Preview again.`,
          finishedAt: clock.now(),
        });
      }
      // R12: nothing may have been applied to this connection since the plan's reads began, by any
      // process sharing the mirror (the desktop app and a cron job): the plan may repeat or undo it.
      const stale = applyBasis.staleReason(run.connectionId, runId, plan.basis, config.settings);
      if (stale) return mirror.updateRun(runId, { status: 'failed', error: stale, finishedAt: clock.now() });
      let current: PlanInput['plecto'];
      try {
        current = await currentPlecto(plecto, justRead);
      } catch (error) {
        return mirror.updateRun(runId, { status: 'failed', error: (error as Error).message, finishedAt: clock.now() });
      }
      const excluded = new Set(options.excludeChangeIds ?? []);
      // R5, R6: a preview approved later deactivates nobody who is active in the source again.
      let notDue = new Map<string, string>();
      if (!justRead && hasDeactivations(plan, excluded)) {
        try {
          const source = await (await connectorFor(config)).readDirectory();
          notDue = deactivationsNoLongerDue(plan, excluded, source, config.providerLabel);
        } catch (error) {
          return mirror.updateRun(runId, {
            status: 'failed',
            error: `Could not confirm this preview's deactivations with ${config.providerLabel}: ${(error as Error).message}. Nothing was written; preview again.`,
            finishedAt: clock.now(),
          });
        }
      }
      try {
        ({ writes, failed: blockedFailures } = prepareApply(mirror, applyBasis, { ...run, plan }, current, excluded, notDue));
      } catch (error) {
        // Nothing was written: the run ends as failed with the reason, not as an internal error.
        return mirror.updateRun(runId, { status: 'failed', error: (error as Error).message, finishedAt: clock.now() });
      }
    }
    if (run.status === 'applying') applyBasis.bump(run.connectionId);

    const outcome = await applyWrites(
      {
        runId,
        connectionId: run.connectionId,
        providerLabel: config.providerLabel,
        mirror,
        plecto,
        logger,
        // Fencing (R12): before every write, this process must still hold the connection's lock.
        checkLease: () => leases.check(run.connectionId),
        refresh: {
          everyMs: REREAD_PLECTO_MS,
          now: () => clock.now(),
          // A resumed apply's stored writes were built from Plecto as it was before the interruption (R3).
          dueNow: resumed,
          rebuild: async () => {
            const dir = await plecto.readDirectory();
            mirror.savePlectoSnapshot(dir, clock.now());
            const excludedNow = new Set(mirror.getRun(runId)?.excludedChangeIds ?? []);
            const rebuilt = buildWrites(plan, dir, excludedNow, new Set(mirror.manuallyManaged()));
            // An apply resumed after a crash continues from the rebuilt writes too.
            mirror.setApplyWrites(runId, rebuilt.writes);
            return rebuilt;
          },
        },
        onProgress: (done, total, failed) => {
          leases.renew(run.connectionId);
          options.onProgress?.({ runId, done, total, failed });
        },
      },
      writes,
    );
    const failed = [...(mirror.getRun(runId)?.failed ?? blockedFailures), ...outcome.failed];
    const approvedBaseline = mirror.getSetting(pendingBaselineKey(runId));
    if (approvedBaseline !== null) {
      // An admin approved a plan made on an empty read: that read is the new baseline (R10).
      mirror.transaction(() => {
        mirror.saveSourceSnapshot(run.connectionId, JSON.parse(approvedBaseline) as SourceDirectory, clock.now());
        mirror.setSetting(pendingBaselineKey(runId), null);
      });
    }
    const apiUsage: RunRecord['apiUsage'] = { ...run.apiUsage, 'Plecto writes': outcome.sent };
    let registrations: RunRecord['registrations'] = null;
    // An undo (R14) writes only its reverse changes: it imports no registrations.
    if (config.registrations?.enabled && deps.importRegistrations && plan.undoOf === undefined) {
      const connector = await connectorFor(config);
      registrations = await deps.importRegistrations({ config, connector, plecto, mirror, logger, clock });
      apiUsage[`${config.providerLabel} (registrations)`] = connector.usage().requests;
    }
    if (outcome.sent > 0) {
      // The mirror shows Plecto as it is after the apply (Employees page, next preview's base).
      try {
        mirror.savePlectoSnapshot(await plecto.readDirectory(), clock.now());
      } catch (error) {
        logger.warn('Could not re-read Plecto after the apply', { error: (error as Error).message });
      }
    }
    apiUsage['Plecto (apply)'] = plecto.stats().requests;
    mirror.setApplyWrites(runId, null);
    const planNow = mirror.getRun(runId)?.plan ?? plan;
    const planWithNotes = outcome.notes.length > 0 ? { ...planNow, notes: [...planNow.notes, ...outcome.notes] } : planNow;
    return mirror.updateRun(runId, {
      plan: planWithNotes,
      status: failed.length > 0 || (registrations?.failed ?? 0) > 0 ? 'partial' : 'applied',
      failed,
      apiUsage,
      registrations,
      finishedAt: clock.now(),
    });
  }

  async function sync(connectionId: string, trigger: RunTrigger, options: ApplyOptions = {}): Promise<RunRecord> {
    // An apply that was interrupted (crash, power or network loss) is finished first (R12).
    for (const unfinished of mirror.unfinishedRuns(connectionId)) await apply(unfinished.id);
    const planned = await plan(connectionId, trigger);
    if (planned.status === 'failed') return planned;
    if (planned.status === 'held' && !options.force) return planned;
    // The plan read Plecto a moment ago: its read is the apply's starting point.
    return apply(planned.id, options, mirror.loadPlectoSnapshot()?.dir);
  }

  // One run at a time per connection in this process: a scheduled sync and a
  // manual preview of the same connection never interleave.
  const queues = new Map<string, Promise<unknown>>();
  function exclusive<T>(connectionId: string, work: () => Promise<T>): Promise<T> {
    const previous = queues.get(connectionId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    queues.set(connectionId, next);
    void next.finally(() => {
      if (queues.get(connectionId) === next) queues.delete(connectionId);
    }).catch(() => undefined);
    return next;
  }
  const connectionOfRun = (runId: number) => mirror.getRun(runId)?.connectionId ?? `run:${runId}`;

  /** Writes to Plecto under the connection's cross-process lease (another app or cron job may share the mirror). */
  async function leased(connectionId: string, trigger: RunTrigger | null, work: () => Promise<RunRecord>): Promise<RunRecord> {
    try {
      leases.acquire(connectionId);
    } catch (error) {
      if (!(error instanceof LeaseHeldError)) throw error;
      // Recorded (History shows who held it) and marked, so the CLI exits 6 "busy", not 5.
      const run = mirror.createRun({ connectionId, trigger: trigger ?? 'manual', startedAt: clock.now() });
      return markBusy(mirror.updateRun(run.id, { status: 'failed', error: error.message, finishedAt: clock.now() }));
    }
    try {
      return await work();
    } finally {
      leases.release(connectionId);
    }
  }

  return {
    plan: (connectionId, trigger) => exclusive(connectionId, () => plan(connectionId, trigger)),
    apply: (runId, options) => {
      const connectionId = connectionOfRun(runId);
      return exclusive(connectionId, () => leased(connectionId, null, () => apply(runId, options)));
    },
    sync: (connectionId, trigger, options) =>
      exclusive(connectionId, () => leased(connectionId, trigger, () => sync(connectionId, trigger, options))),
    async testConnection(connectionId) {
      return (await connectorFor(connectionConfig(connectionId))).testConnection();
    },
    async testPlecto() {
      const client = await plectoClient();
      const teams = await client.listTeams();
      return `Connected to Plecto at ${new URL(deps.plecto().baseUrl).host}: ${teams.length} teams`;
    },
  };
}
