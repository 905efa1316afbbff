// The desktop's DirectorySyncApi over the engine, the mirror and the
// keychain. The preload (IPC) and the test bridge (HTTP) both call this one
// implementation, after validateApiArgs has checked the arguments.
import type {
  ApplyRequest,
  ConnectionInput,
  ConnectionView,
  DirectorySyncApi,
  DirectorySyncEvent,
  ListRunsQuery,
  Overview,
  PlectoSettingsInput,
  PlectoSettingsView,
  PreviewRun,
  RunSummary,
  SettingsPatch,
  SourceTeamsView,
  TestResult,
} from '../../preload/contract';
import type { Clock } from '../common/clock';
import type { Logger } from '../common/logger';
import { APP_SETTINGS } from '../config/app-settings';
import type { ConnectionConfig } from '../config/profile';
import { ConfigError } from '../engine/errors';
import type { RunRecord } from '../domain/run';
import type { DesktopEngine } from '../engine/sync-engine';
import type { SecretStore } from '../secrets/secret-store';
import type { Mirror } from '../store/mirror';
import * as connections from './connections';
import { listEmployees } from './employees';
import { exportProfile, importProfile } from './profile-io';
import { DEFAULT_REQUESTS_PER_HOUR, PLECTO_PASSWORD_ACCOUNT, keychainRef, readPlectoConfig, writePlectoConfig } from './plecto-settings';
import type { RegistrationServices } from './registrations';
import { runToCsv } from './run-csv';
import { toRunDetail } from './run-views';
import { scrubSecrets } from './scrub';
import { changesPlans, retirePreviews } from './stale-previews';
import { teamsWithCounts } from './source-teams';
import type { HttpDeps } from '../http/http';
import { testConnectionDraft, testPlectoDraft } from './draft-test';
import { RunTracker } from './run-tracker';
import { discardRun, explainLeaveOut, failedChangeIds, readSourceTeams, retryExclusions, scopeOf } from './run-actions';
import { SCHEDULE_INTERVAL_MS } from '../schedule/scheduler';
import { forgetAppliedByHand, hasBeenAppliedByHand, markAppliedByHand } from '../schedule/first-apply';
import type { UndoPlanner } from '../engine/undo/undo-run';
import { saveBoundSecret } from '../config/secrets';
import { checkCompatibility } from '../check/desktop';

export interface SalesforceSignIn {
  (input: { loginUrl: string; clientId: string; callbackPort?: number }): Promise<{ refreshToken: string; instanceUrl: string }>;
}

export interface DesktopApiDeps {
  mirror: Mirror;
  secrets: SecretStore;
  engine: DesktopEngine;
  clock: Clock;
  logger: Logger;
  env?: Record<string, string | undefined>;
  /** Sends an event to the renderer(s). */
  emit?: (event: DirectorySyncEvent) => void;
  /** Salesforce PKCE sign-in (opens the browser); absent where no browser can be opened. */
  signInSalesforce?: SalesforceSignIn;
  exchangeEnreachPassword?: connections.ConnectionsDeps['exchangeEnreachPassword'];
  /** The shell's login-item switch (Electron app.setLoginItemSettings). */
  applyStartAtLogin?: (on: boolean) => void;
  /** Data source list and import counts for the registrations import; absent, previews carry no counts. */
  registrations?: RegistrationServices;
  /** HTTP for what the API reads itself (testing unsaved form values, the team selector's read). */
  http?: HttpDeps;
  /** R14 undo plans; absent, previewUndo says undo is not available here. */
  undo?: UndoPlanner;
}


export function createDesktopApi(deps: DesktopApiDeps): DirectorySyncApi {
  const { mirror, secrets, engine, logger } = deps;
  const env = deps.env ?? {};
  const emit = deps.emit ?? (() => {});
  const connDeps: connections.ConnectionsDeps = { mirror, secrets, env, exchangeEnreachPassword: deps.exchangeEnreachPassword };
  /** Connections with a plan or apply in flight: a second one would race the first. */
  const busy = new Set<string>();
  const sources = { secrets, env };
  const http: HttpDeps = deps.http ?? { fetch: (input, init) => fetch(input, init), clock: deps.clock, logger };
  const runs = new RunTracker(mirror, emit, () => readPlectoConfig(mirror)?.requestsPerHour ?? DEFAULT_REQUESTS_PER_HOUR);

  async function exclusive<T>(connectionId: string, work: () => Promise<T>): Promise<T> {
    if (busy.has(connectionId)) throw new ConfigError(`A sync of "${connectionId}" is already running; wait for it to finish`);
    busy.add(connectionId);
    try {
      return await work();
    } finally {
      busy.delete(connectionId);
    }
  }

  async function view(config: ConnectionConfig, accounts?: Set<string>): Promise<ConnectionView> {
    return { ...(await connections.toConnectionView(connDeps, config, runs.lastRun(config.id), accounts)), ...runs.facts(config.id) };
  }

  async function plectoView(): Promise<PlectoSettingsView | null> {
    const config = readPlectoConfig(mirror);
    if (!config) return null;
    return {
      baseUrl: config.baseUrl,
      email: config.email,
      requestsPerHour: config.requestsPerHour,
      hasPassword: await connections.isSecretAvailable(config.password, connDeps),
    };
  }

  const finished = async (run: RunRecord): Promise<RunRecord> => runs.finished(run, deps.clock.now());
  const onProgress = runs.onProgress;
  const summary = (run: RunRecord) => runs.summary(run);

  /** An admin's own apply (the preview's button): afterwards automatic runs may apply too (point 12). */
  async function applyByHand(runId: number, request: ApplyRequest): Promise<RunRecord> {
    const run = mirror.getRun(runId);
    if (!run) throw new ConfigError(`There is no run ${runId}`);
    if ((run.status === 'failed' || run.status === 'retired' || run.status === 'discarded') && run.plan) {
      throw new ConfigError(`Run ${runId} cannot be applied: ${run.error ?? 'it failed'}`);
    }
    return exclusive(run.connectionId, () =>
      runs.writingDuring(runId, async () => {
        const result = await engine.apply(runId, { excludeChangeIds: request.excludeChangeIds ?? [], force: request.force ?? false, onProgress });
        markAppliedByHand(mirror, result.connectionId, result);
        return runs.finished(result, deps.clock.now());
      }),
    );
  }

  /**
   * The registrations the apply of this plan would import (R9), read after the
   * plan so the scope is judged on the source snapshot it just saved. Best
   * effort: a failure becomes a note, the directory preview stands.
   */
  async function countRegistrations(run: RunRecord): Promise<Pick<PreviewRun, 'registrationPreview' | 'apiUsage'>> {
    const config = mirror.getConnection(run.connectionId);
    if (run.status === 'failed' || run.status === 'retired' || run.status === 'discarded' || !config?.registrations?.enabled || !deps.registrations) {
      return { registrationPreview: null, apiUsage: run.apiUsage };
    }
    const counted = await deps.registrations.preview(config);
    if (!counted) return { registrationPreview: null, apiUsage: run.apiUsage };
    const { requests, ...registrationPreview } = counted;
    if (registrationPreview.error) {
      registrationPreview.error = await scrubSecrets(secrets, registrationPreview.error);
      logger.warn('Could not count the registrations to import', { connection: config.id, error: registrationPreview.error });
    }
    // The count costs source requests too; the run's usage says so.
    const apiUsage = { ...run.apiUsage, [`${config.providerLabel} (registrations preview)`]: requests };
    mirror.updateRun(run.id, { apiUsage });
    return { registrationPreview, apiUsage };
  }

  /**
   * After a connection is saved, imported or removed: its waiting previews no longer describe what an
   * apply would do, and a connection added while automatic sync is paused is paused too.
   */
  function afterSave(id: string, before: ConnectionConfig | null, secretsChanged: boolean): void {
    const after = mirror.getConnection(id);
    if (!after) forgetAppliedByHand(mirror, id);
    if (secretsChanged || changesPlans(before, after)) {
      const reason = after ? `The settings of "${id}" changed after this preview` : `Connection "${id}" was removed after this preview`;
      retirePreviews(mirror, id, reason, deps.clock.now());
    }
    if (after && mirror.getSetting(APP_SETTINGS.automaticSyncPaused) === 'true') mirror.setSchedule(id, { paused: true });
    // The next automatic run is known from the moment the switch is on (the scheduler's own rule:
    // one interval after it was switched on), so the sidebar can say when it is (issue 11, point 2).
    if (after) {
      const { nextRunAt } = mirror.getSchedule(id);
      if (after.settings.automaticSync && nextRunAt === null) mirror.setSchedule(id, { nextRunAt: deps.clock.now() + SCHEDULE_INTERVAL_MS });
      if (!after.settings.automaticSync && nextRunAt !== null) mirror.setSchedule(id, { nextRunAt: null });
    }
  }

  /** The run an engine call recorded before it threw, or a new failed one, so "Sync now" reports every connection. */
  async function failedRun(connectionId: string, since: number, error: unknown): Promise<RunRecord> {
    const message = await scrubSecrets(secrets, error instanceof Error ? error.message : String(error));
    logger.warn('Sync now failed for a connection', { connection: connectionId, error: message });
    const recorded = mirror.listRuns({ connectionId, limit: 1 })[0];
    if (recorded && recorded.status === 'failed' && recorded.startedAt >= since) return recorded;
    const run = mirror.createRun({ connectionId, trigger: 'manual', startedAt: since });
    return mirror.updateRun(run.id, { status: 'failed', error: message, finishedAt: deps.clock.now() });
  }

  async function test(work: () => Promise<string>): Promise<TestResult> {
    try {
      return { ok: true, message: await work() };
    } catch (error) {
      return { ok: false, message: await scrubSecrets(secrets, (error as Error).message) };
    }
  }

  const api: DirectorySyncApi = {
    async getOverview(): Promise<Overview> {
      const accounts = new Set(await secrets.accounts());
      const views = [];
      for (const config of mirror.listConnections()) views.push(await view(config, accounts));
      return {
        plecto: await plectoView(),
        connections: views,
        automaticSyncPaused: mirror.getSetting(APP_SETTINGS.automaticSyncPaused) === 'true',
        startAtLogin: mirror.getSetting(APP_SETTINGS.startAtLogin) === 'true',
      };
    },

    async savePlectoSettings(input: PlectoSettingsInput) {
      const previous = readPlectoConfig(mirror);
      if (input.password) await saveBoundSecret(secrets, PLECTO_PASSWORD_ACCOUNT, input.password, input.baseUrl); // bound to this host (issue 9)
      writePlectoConfig(mirror, {
        baseUrl: input.baseUrl,
        email: input.email,
        password: input.password ? keychainRef(PLECTO_PASSWORD_ACCOUNT) : (previous?.password ?? keychainRef(PLECTO_PASSWORD_ACCOUNT)),
        requestsPerHour: input.requestsPerHour ?? previous?.requestsPerHour ?? DEFAULT_REQUESTS_PER_HOUR,
      });
      logger.info('Plecto settings saved', { host: hostOf(input.baseUrl) });
      return (await plectoView())!;
    },

    async testPlecto() {
      if (!readPlectoConfig(mirror)) return { ok: false, message: 'Plecto is not set up yet: add its URL, email and password first' };
      return test(() => engine.testPlecto());
    },

    async saveConnection(input: ConnectionInput, secretValues: Record<string, string>) {
      const before = mirror.getConnection(input.id);
      const config = await connections.saveConnection(connDeps, input, secretValues);
      afterSave(config.id, before, Object.values(secretValues).some((value) => value !== ''));
      logger.info('Connection saved', { connection: config.id, type: config.type });
      return view(config);
    },

    async saveSettings(connectionId: string, patch: SettingsPatch) {
      const before = mirror.getConnection(connectionId);
      const config = connections.patchSettings(mirror, connectionId, patch);
      afterSave(connectionId, before, false);
      return view(config);
    },

    async deleteConnection(connectionId: string) {
      const before = mirror.getConnection(connectionId);
      await connections.deleteConnection(connDeps, connectionId);
      afterSave(connectionId, before, true);
      logger.info('Connection removed', { connection: connectionId });
    },

    async testConnection(connectionId: string) {
      connections.requireConnection(mirror, connectionId);
      return test(() => engine.testConnection(connectionId));
    },

    async testConnectionSettings(input: ConnectionInput, secretValues: Record<string, string>) {
      const existing = mirror.getConnection(input.id);
      const draftDeps = { sources, http, exchangeEnreachPassword: deps.exchangeEnreachPassword };
      return test(() => testConnectionDraft(draftDeps, input, secretValues, existing));
    },

    async testPlectoSettings(input: PlectoSettingsInput) {
      return test(() => testPlectoDraft({ sources, http }, input, readPlectoConfig(mirror)));
    },

    checkCompatibility: (target: string) =>
      checkCompatibility({ mirror, sources, http, plecto: () => readPlectoConfig(mirror), connection: (id) => mirror.getConnection(id) }, target),

    async signInSalesforce(connectionId: string) {
      const config = connections.requireConnection(mirror, connectionId);
      if (config.type !== 'salesforce') return { ok: false, message: `"${connectionId}" is not a Salesforce connection` };
      const clientId = config.credentials.clientId;
      if (typeof clientId !== 'string' || !clientId) return { ok: false, message: 'Enter the connected app\'s client id first' };
      if (!deps.signInSalesforce) return { ok: false, message: 'Signing in with Salesforce needs the desktop app (a browser window opens there)' };
      const signIn = deps.signInSalesforce;
      return test(async () => {
        const result = await signIn({
          loginUrl: config.loginUrl ?? 'https://login.salesforce.com',
          clientId,
          ...(config.callbackPort ? { callbackPort: config.callbackPort } : {}),
        });
        await connections.saveConnection(connDeps, { id: config.id, type: 'salesforce' }, { refreshToken: result.refreshToken });
        afterSave(config.id, config, true);
        return `Signed in to Salesforce at ${hostOf(result.instanceUrl)}; the refresh token is saved in the OS keychain`;
      });
    },

    async listSourceTeams(connectionId: string, options?: { refresh?: boolean }): Promise<SourceTeamsView> {
      connections.requireConnection(mirror, connectionId);
      let error: string | null = null;
      if (options?.refresh) {
        try {
          // A read, not a run: History only lists previews and syncs (issue 11, point 3).
          const config = connections.requireConnection(mirror, connectionId);
          await exclusive(connectionId, () => readSourceTeams({ mirror, sources, http, now: () => deps.clock.now() }, config));
        } catch (caught) {
          error = await scrubSecrets(secrets, (caught as Error).message);
        }
      }
      const snapshot = mirror.loadSourceSnapshot(connectionId);
      return { teams: snapshot ? teamsWithCounts(snapshot.dir) : [], readAt: snapshot?.readAt ?? null, error };
    },

    async preview(connectionId: string): Promise<PreviewRun> {
      connections.requireConnection(mirror, connectionId);
      return exclusive(connectionId, async () => {
        const run = await engine.plan(connectionId, 'manual');
        return { ...run, ...(await countRegistrations(run)), scope: scopeOf(mirror, mirror.getConnection(connectionId)) };
      });
    },

    async apply(runId: number, request: ApplyRequest = {}) {
      return applyByHand(runId, request);
    },

    async explainLeaveOut(runId: number, excludeChangeIds: string[]) {
      return explainLeaveOut(mirror, runId, excludeChangeIds);
    },

    async discardRun(runId: number) {
      const run = discardRun(mirror, runId, deps.clock.now());
      logger.info('Preview discarded', { connection: run.connectionId, run: runId });
      return finished(run);
    },

    async retryFailed(runId: number) {
      const run = mirror.getRun(runId);
      if (!run) throw new ConfigError(`There is no run ${runId}`);
      // R14: an undo is retried by undoing the same run again: what it did is now "changed since", what failed is not.
      const undoneRunId = run.plan?.undoOf;
      if (undoneRunId !== undefined && deps.undo) {
        const undo = deps.undo;
        const fresh = await exclusive(run.connectionId, () => undo.planUndo(undoneRunId, 'manual'));
        return fresh.status === 'planned' ? applyByHand(fresh.id, {}) : finished(fresh);
      }
      const failed = failedChangeIds(run);
      const fresh = await exclusive(run.connectionId, () => engine.plan(run.connectionId, 'manual'));
      if (fresh.status === 'failed') return finished(fresh);
      const exclude = retryExclusions(fresh, failed);
      if (exclude === null) {
        const done = mirror.updateRun(fresh.id, {
          status: 'discarded',
          error: `None of the changes that failed in run #${runId} is needed any more: Plecto already has them`,
        });
        return finished(done);
      }
      const withExclusions = mirror.updateRun(fresh.id, { excludedChangeIds: exclude });
      // A held retry waits in the preview with the other changes left out; the admin approves it there.
      if (withExclusions.status === 'held') return finished(withExclusions);
      return applyByHand(fresh.id, { excludeChangeIds: exclude });
    },

    async previewUndo(runId: number) {
      const run = mirror.getRun(runId);
      if (!run) throw new ConfigError(`There is no run #${runId}`);
      if (!deps.undo) throw new ConfigError('Undo is not available here');
      const undo = deps.undo;
      const planned = await exclusive(run.connectionId, () => undo.planUndo(runId, 'manual'));
      emit({ type: 'run-finished', run: summary(planned) });
      return { ...planned, registrationPreview: null, scope: null };
    },

    async syncNow(connectionId?: string) {
      const ids = connectionId ? [connections.requireConnection(mirror, connectionId).id] : mirror.listConnections().map((c) => c.id);
      const results: RunSummary[] = [];
      for (const id of ids) {
        const since = deps.clock.now();
        let run: RunRecord;
        try {
          // Before an admin applied one preview by hand, "Sync now" only previews (issue 11, point 12).
          run = hasBeenAppliedByHand(mirror, id)
            ? await exclusive(id, () => engine.sync(id, 'manual', { onProgress }))
            : await exclusive(id, () => engine.plan(id, 'manual'));
        } catch (error) {
          // One connection that cannot run (a missing secret, a sync in flight) must not stop the others.
          if (connectionId) throw error;
          run = await failedRun(id, since, error);
        }
        await finished(run);
        results.push(summary(run));
      }
      return results;
    },

    async listRuns(query: ListRunsQuery = {}) {
      return mirror.listRuns({ connectionId: query.connectionId, limit: query.limit ?? 200 }).map(summary);
    },

    async getRun(runId: number) {
      const run = mirror.getRun(runId);
      if (!run) return null;
      const detail = toRunDetail(mirror, run);
      const waiting = run.status === 'planned' || run.status === 'held';
      return { ...detail, run: { ...detail.run, inProgress: runs.isWriting(run.id) }, scope: waiting ? scopeOf(mirror, mirror.getConnection(run.connectionId)) : null };
    },

    async exportRunCsv(runId: number) {
      const run = mirror.getRun(runId);
      if (!run) throw new ConfigError(`There is no run ${runId}`);
      return runToCsv(run, toRunDetail(mirror, run).journal);
    },

    async listDataSources() {
      if (!deps.registrations) throw new ConfigError('Listing Plecto data sources is not available here');
      return deps.registrations.listDataSources();
    },

    async listEmployees(query: { search?: string } = {}) {
      return listEmployees(mirror, query.search);
    },

    async setManuallyManaged(uuid: string, on: boolean) {
      mirror.setManuallyManaged(uuid, on);
      logger.info('Employee management changed', { uuid, manual: on });
    },

    async setAutomaticSyncPaused(paused: boolean) {
      mirror.setSetting(APP_SETTINGS.automaticSyncPaused, paused ? 'true' : null);
      for (const config of mirror.listConnections()) mirror.setSchedule(config.id, { paused });
      logger.info(paused ? 'Automatic sync paused' : 'Automatic sync resumed');
    },

    async setStartAtLogin(on: boolean) {
      deps.applyStartAtLogin?.(on);
      mirror.setSetting(APP_SETTINGS.startAtLogin, on ? 'true' : null);
    },

    async exportProfile() {
      return exportProfile(mirror);
    },

    async importProfile(text: string) {
      const before = new Map(mirror.listConnections().map((config) => [config.id, config]));
      const result = importProfile(mirror, text);
      for (const id of result.connections) afterSave(id, before.get(id) ?? null, false);
      logger.info('Profile imported', { connections: result.connections.length, plecto: result.plecto });
      return result;
    },
  };
  return withScrubbedErrors(api, secrets);
}

/** Every error leaving the API has any saved secret masked (defence in depth; none should carry one). */
function withScrubbedErrors(api: DirectorySyncApi, secrets: SecretStore): DirectorySyncApi {
  const wrapped: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(api) as [string, (...args: unknown[]) => Promise<unknown>][]) {
    wrapped[name] = async (...args: unknown[]) => {
      try {
        return await method(...args);
      } catch (error) {
        const message = await scrubSecrets(secrets, error instanceof Error ? error.message : String(error));
        const clean = new Error(message);
        clean.name = error instanceof Error ? error.name : 'Error';
        throw clean;
      }
    };
  }
  return wrapped as unknown as DirectorySyncApi;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'an invalid URL';
  }
}
