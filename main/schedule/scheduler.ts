// Automatic sync: every 24 hours per connection that has it on. The next run
// time lives in the mirror (schedules.next_run_at), so it survives restarts;
// it is checked at start, on resume from sleep and on a one-minute tick. A
// laptop that slept through three days catches up with ONE run, because the
// next run is always "this run + 24 h", never "the missed slot + 24 h".
import type { Clock } from '../common/clock';
import type { Logger } from '../common/logger';
import type { ConnectionConfig } from '../config/profile';
import type { RunRecord, SyncEngine } from '../domain/run';
import { APP_SETTINGS } from '../config/app-settings';
import { firstSyncNotification, hasBeenAppliedByHand } from './first-apply';

export const SCHEDULE_INTERVAL_MS = 24 * 60 * 60 * 1000;
export const TICK_MS = 60 * 1000;
/** Mirror setting of the global pause (tray "Pause automatic sync"); "true" when paused. */
export const AUTOMATIC_SYNC_PAUSED_SETTING = APP_SETTINGS.automaticSyncPaused;

export interface ScheduleState {
  nextRunAt: number | null;
  paused: boolean;
}

/** The part of the Mirror (main/store/mirror.ts) the scheduler uses. */
export interface ScheduleStore {
  listConnections(): ConnectionConfig[];
  getSchedule(connectionId: string): ScheduleState;
  setSchedule(connectionId: string, patch: { nextRunAt?: number | null; paused?: boolean }): void;
  getSetting(key: string): unknown;
  setSetting(key: string, value: string | null): void;
  /** To find the run the engine recorded before it threw (a setup error such as "Plecto is not set up"). */
  listRuns(options: { connectionId?: string; limit?: number }): RunRecord[];
}

export interface Notification {
  title: string;
  body: string;
}

export type CheckReason = 'start' | 'resume' | 'tick';

/** A repeating timer; setInterval in the app, a manual trigger in tests. */
export type Every = (ms: number, callback: () => void) => () => void;

export interface SchedulerDeps {
  mirror: ScheduleStore;
  /** `plan` makes the review-first previews of a connection no admin has applied by hand yet. */
  engine: Pick<SyncEngine, 'sync' | 'plan'>;
  clock: Clock;
  notify: (notification: Notification) => void;
  logger: Logger;
  /** After each scheduled run (tray label, renderer event). */
  onRunFinished?: (run: RunRecord) => void;
  every?: Every;
}

const defaultEvery: Every = (ms, callback) => {
  const timer = setInterval(callback, ms);
  timer.unref?.(); // the tick alone must not keep a process alive
  return () => clearInterval(timer);
};

export class Scheduler {
  private stopTick: (() => void) | null = null;
  private checking: Promise<RunRecord[]> | null = null;

  constructor(private readonly deps: SchedulerDeps) {}

  /** Checks once now and then every minute. Returns the first check so callers may await it. */
  start(): Promise<RunRecord[]> {
    if (!this.stopTick) {
      this.stopTick = (this.deps.every ?? defaultEvery)(TICK_MS, () => void this.check('tick'));
    }
    return this.check('start');
  }

  stop(): void {
    this.stopTick?.();
    this.stopTick = null;
  }

  isPaused(): boolean {
    const value = this.deps.mirror.getSetting(AUTOMATIC_SYNC_PAUSED_SETTING);
    return value === true || value === 'true';
  }

  /** The global pause; resuming checks right away so an overdue run is caught up. */
  setPaused(paused: boolean): Promise<RunRecord[]> {
    this.deps.mirror.setSetting(AUTOMATIC_SYNC_PAUSED_SETTING, paused ? 'true' : null);
    this.deps.logger.info(paused ? 'automatic sync paused' : 'automatic sync resumed');
    return paused ? Promise.resolve([]) : this.check('resume');
  }

  /**
   * Runs every connection that is due, one after another, and returns the
   * recorded runs. A check that starts while another is still running does
   * nothing (the running one covers it).
   */
  check(reason: CheckReason): Promise<RunRecord[]> {
    if (this.checking) return Promise.resolve([]);
    this.checking = this.runDue(reason).finally(() => {
      this.checking = null;
    });
    return this.checking;
  }

  private async runDue(reason: CheckReason): Promise<RunRecord[]> {
    const { mirror, clock, logger } = this.deps;
    if (this.isPaused()) return [];
    const runs: RunRecord[] = [];
    let connections: ConnectionConfig[];
    try {
      connections = mirror.listConnections();
    } catch (error) {
      logger.error('schedule check failed: could not read connections', { reason, error: messageOf(error) });
      return [];
    }
    for (const connection of connections) {
      if (this.isPaused()) break; // paused from the tray while an earlier connection ran
      const schedule = mirror.getSchedule(connection.id);
      const now = clock.now();
      if (!connection.settings.automaticSync) {
        // Forget the slot, so turning it on again starts a fresh 24 h instead of an immediate catch-up.
        if (schedule.nextRunAt !== null) mirror.setSchedule(connection.id, { nextRunAt: null });
        continue;
      }
      if (schedule.paused) continue;
      if (schedule.nextRunAt === null) {
        // A connection just added (or just switched on): its first run is one interval away,
        // so nothing is applied before the admin has seen a preview.
        mirror.setSchedule(connection.id, { nextRunAt: now + SCHEDULE_INTERVAL_MS });
        continue;
      }
      if (schedule.nextRunAt > now) continue;
      // Claim the slot before running: a crash mid-run must not turn into a run on every start.
      mirror.setSchedule(connection.id, { nextRunAt: now + SCHEDULE_INTERVAL_MS });
      const overdueMs = now - schedule.nextRunAt;
      logger.info('scheduled sync starting', { connectionId: connection.id, reason, overdueMinutes: Math.round(overdueMs / 60000) });
      const run = await this.runOne(connection);
      if (run) runs.push(run);
    }
    return runs;
  }

  private async runOne(connection: ConnectionConfig): Promise<RunRecord | null> {
    const { engine, logger, notify, mirror } = this.deps;
    const label = connection.providerLabel || connection.id;
    const startedAt = this.deps.clock.now();
    // Nothing is applied automatically before an admin applied one preview by hand (issue 11, point 12).
    const previewOnly = !hasBeenAppliedByHand(mirror, connection.id);
    let run: RunRecord;
    try {
      run = previewOnly ? await engine.plan(connection.id, 'schedule') : await engine.sync(connection.id, 'schedule');
    } catch (error) {
      // The engine throws on setup errors, sometimes after recording the run as failed.
      const message = messageOf(error);
      logger.error('scheduled sync failed', { connectionId: connection.id, error: message });
      const recorded = mirror.listRuns({ connectionId: connection.id, limit: 1 })[0];
      if (recorded && recorded.trigger === 'schedule' && recorded.status === 'failed' && recorded.startedAt >= startedAt) {
        run = recorded;
      } else {
        notify({ title: `${label} sync failed`, body: message });
        return null;
      }
    }
    logger.info('scheduled sync finished', { connectionId: connection.id, runId: run.id, status: run.status });
    const notification = (previewOnly ? firstSyncNotification(label, run) : null) ?? notificationFor(label, run);
    if (notification) notify(notification);
    try {
      this.deps.onRunFinished?.(run);
    } catch (error) {
      logger.warn('onRunFinished listener failed', { error: messageOf(error) });
    }
    return run;
  }
}

/** What the admin is told after a scheduled run; null when nothing needs them. */
export function notificationFor(label: string, run: RunRecord): Notification | null {
  switch (run.status) {
    case 'held':
      return {
        title: `${label} sync needs your approval`,
        body: `${run.holdReason ?? 'A safeguard held the plan.'} Open Plecto Directory Sync to review the preview.`,
      };
    case 'failed':
      return { title: `${label} sync failed`, body: run.error ?? 'The run failed; see History for details.' };
    case 'partial':
      return {
        title: `${label} sync finished with failures`,
        body: `${run.failed.length} change${run.failed.length === 1 ? '' : 's'} could not be applied; see History.`,
      };
    default:
      return null;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
