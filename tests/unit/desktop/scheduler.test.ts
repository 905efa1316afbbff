import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../../main/common/clock';
import { silentLogger } from '../../../main/common/logger';
import type { ConnectionConfig } from '../../../main/config/profile';
import { DEFAULT_SAFEGUARDS, DEFAULT_SETTINGS } from '../../../main/domain/model';
import type { ApplyOptions, RunRecord, RunStatus, RunTrigger, SyncEngine } from '../../../main/domain/run';
import {
  AUTOMATIC_SYNC_PAUSED_SETTING,
  SCHEDULE_INTERVAL_MS,
  Scheduler,
  TICK_MS,
  type Notification,
} from '../../../main/schedule/scheduler';
import { Mirror } from '../../../main/store/mirror';
import { hasBeenAppliedByHand, markAppliedByHand } from '../../../main/schedule/first-apply';
import { runRecord } from '../../support/records';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);

class FakeClock implements Clock {
  constructor(public time: number) {}
  now() {
    return this.time;
  }
  async sleep(ms: number) {
    this.time += ms;
  }
}

/** The engine as the scheduler sees it: records each call and answers with the status a test sets. */
class StubEngine implements SyncEngine {
  calls: { connectionId: string; trigger: RunTrigger; at: number }[] = [];
  plans: { connectionId: string; trigger: RunTrigger; at: number }[] = [];
  next: (connectionId: string) => Partial<RunRecord> | Error = () => ({ status: 'applied' });
  constructor(private readonly clock: FakeClock) {}
  /** Only for connections no admin has applied by hand yet (issue 11, point 12). */
  async plan(connectionId: string, trigger: RunTrigger): Promise<RunRecord> {
    this.plans.push({ connectionId, trigger, at: this.clock.now() });
    return run(connectionId, 'planned', { summary: { ...EMPTY_SUMMARY, create_employee: 3 } });
  }
  async apply(): Promise<RunRecord> {
    throw new Error('the scheduler never applies a run by id');
  }
  async sync(connectionId: string, trigger: RunTrigger, _options?: ApplyOptions): Promise<RunRecord> {
    this.calls.push({ connectionId, trigger, at: this.clock.now() });
    const answer = this.next(connectionId);
    if (answer instanceof Error) throw answer;
    return run(connectionId, answer.status ?? 'applied', answer);
  }
}

const EMPTY_SUMMARY = { create_team: 0, update_team: 0, create_employee: 0, link_employee: 0, update_employee: 0, add_membership: 0, remove_membership: 0, deactivate_employee: 0, reactivate_employee: 0 };

function run(connectionId: string, status: RunStatus, patch: Partial<RunRecord> = {}): RunRecord {
  return runRecord({ connectionId, status, finishedAt: 0, ...patch });
}

function connection(id: string, automaticSync = true): ConnectionConfig {
  return {
    id,
    type: 'intercom',
    providerLabel: id === 'intercom' ? 'Intercom' : `Intercom ${id}`,
    credentials: { accessToken: { keychain: `${id}/accessToken` } },
    settings: { ...DEFAULT_SETTINGS, automaticSync },
    safeguards: DEFAULT_SAFEGUARDS,
  };
}

const dirs: string[] = [];
const mirrors: Mirror[] = [];
afterEach(() => {
  for (const m of mirrors.splice(0)) m.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function setup(connections: ConnectionConfig[] = [connection('intercom')], options: { appliedByHand?: boolean } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scheduler-'));
  dirs.push(dir);
  const file = path.join(dir, 'mirror.db');
  const mirror = Mirror.open(file);
  mirrors.push(mirror);
  for (const c of connections) mirror.upsertConnection(c);
  // Most tests are about connections an admin has applied by hand once; the first-preview rule has its own tests.
  if (options.appliedByHand ?? true) for (const c of connections) markAppliedByHand(mirror, c.id, { status: 'applied' });
  const clock = new FakeClock(T0);
  const engine = new StubEngine(clock);
  const notifications: Notification[] = [];
  const finished: RunRecord[] = [];
  let tick: (() => void) | null = null;
  const scheduler = new Scheduler({
    mirror,
    engine,
    clock,
    notify: (n) => notifications.push(n),
    logger: silentLogger,
    onRunFinished: (r) => finished.push(r),
    every: (ms, callback) => {
      expect(ms).toBe(TICK_MS);
      tick = callback;
      return () => {
        tick = null;
      };
    },
  });
  return { file, mirror, clock, engine, notifications, finished, scheduler, tick: () => tick };
}

describe('Scheduler before an admin applied a preview by hand (issue 11, point 12)', () => {
  it('makes a preview instead of applying, and asks for a review of the first sync', async () => {
    const { mirror, engine, scheduler, notifications, finished } = setup([connection('intercom')], { appliedByHand: false });
    mirror.setSchedule('intercom', { nextRunAt: T0 - 1000 });
    const runs = await scheduler.start();
    expect(runs.map((r) => r.status)).toEqual(['planned']);
    expect(engine.calls).toEqual([]);
    expect(engine.plans).toEqual([{ connectionId: 'intercom', trigger: 'schedule', at: T0 }]);
    expect(notifications).toEqual([
      { title: 'Review the first sync of Intercom', body: '3 changes waiting in the preview. Nothing is applied automatically until you apply one preview of Intercom by hand.' },
    ]);
    expect(finished).toHaveLength(1);
    expect(mirror.getSchedule('intercom').nextRunAt).toBe(T0 + DAY);
  });

  it('applies as before once an apply by hand was recorded in the mirror', async () => {
    const { mirror, engine, scheduler, notifications } = setup([connection('intercom')], { appliedByHand: false });
    markAppliedByHand(mirror, 'intercom', { status: 'planned' }); // a preview alone does not count
    expect(hasBeenAppliedByHand(mirror, 'intercom')).toBe(false);
    markAppliedByHand(mirror, 'intercom', { status: 'partial' });
    mirror.setSchedule('intercom', { nextRunAt: T0 - 1000 });
    expect((await scheduler.start()).map((r) => r.status)).toEqual(['applied']);
    expect(engine.plans).toEqual([]);
    expect(engine.calls).toHaveLength(1);
    expect(notifications).toEqual([]);
  });
});

describe('Scheduler (automatic sync every 24 hours)', () => {
  it('gives a new connection its first run 24 h out, so nothing is applied before a preview', async () => {
    const { mirror, engine, scheduler } = setup();
    expect(await scheduler.start()).toEqual([]);
    expect(engine.calls).toEqual([]);
    expect(mirror.getSchedule('intercom').nextRunAt).toBe(T0 + DAY);
  });

  it('runs a due connection at start with trigger "schedule" and persists next_run_at = run time + 24 h', async () => {
    const { file, mirror, clock, engine, scheduler, finished } = setup();
    mirror.setSchedule('intercom', { nextRunAt: T0 - 5 * 60 * 1000 });
    const runs = await scheduler.start();
    expect(runs.map((r) => r.status)).toEqual(['applied']);
    expect(engine.calls).toEqual([{ connectionId: 'intercom', trigger: 'schedule', at: T0 }]);
    expect(finished).toHaveLength(1);

    // Persisted in SQLite: a fresh Mirror on the same file sees it.
    const reopened = Mirror.open(file);
    mirrors.push(reopened);
    expect(reopened.getSchedule('intercom').nextRunAt).toBe(clock.now() + SCHEDULE_INTERVAL_MS);
  });

  it('does not run before next_run_at; the one-minute tick runs it once it is due', async () => {
    const { mirror, clock, engine, scheduler, tick } = setup();
    mirror.setSchedule('intercom', { nextRunAt: T0 + 2 * TICK_MS });
    await scheduler.start();
    expect(engine.calls).toHaveLength(0);

    clock.time += TICK_MS;
    tick()!();
    await scheduler.check('tick'); // waits for nothing new: the tick's check already finished or is skipped
    expect(engine.calls).toHaveLength(0);

    clock.time += TICK_MS;
    const runs = await scheduler.check('tick');
    expect(runs).toHaveLength(1);
    expect(mirror.getSchedule('intercom').nextRunAt).toBe(T0 + 2 * TICK_MS + DAY);
  });

  it('catches up ONCE after a long sleep, not once per missed day', async () => {
    const { mirror, clock, engine, scheduler } = setup();
    mirror.setSchedule('intercom', { nextRunAt: T0 });
    clock.time = T0 + 3 * DAY + 7 * HOUR; // the laptop slept through three days
    await scheduler.check('resume');
    await scheduler.check('tick');
    await scheduler.check('tick');
    expect(engine.calls).toHaveLength(1);
    expect(mirror.getSchedule('intercom').nextRunAt).toBe(clock.now() + DAY);

    clock.time += DAY; // and then daily again
    await scheduler.check('tick');
    expect(engine.calls).toHaveLength(2);
  });

  it('does not run while paused globally (tray) or per connection, and catches up on resume', async () => {
    const { mirror, engine, scheduler } = setup([connection('intercom'), connection('second')]);
    mirror.setSchedule('intercom', { nextRunAt: T0 - HOUR });
    mirror.setSchedule('second', { nextRunAt: T0 - HOUR, paused: true });

    await scheduler.setPaused(true);
    expect(scheduler.isPaused()).toBe(true);
    expect(mirror.getSetting(AUTOMATIC_SYNC_PAUSED_SETTING)).toBe('true');
    await scheduler.check('tick');
    await scheduler.check('resume');
    expect(engine.calls).toEqual([]);

    const runs = await scheduler.setPaused(false);
    expect(runs.map((r) => r.connectionId)).toEqual(['intercom']); // "second" stays paused on its own
    expect(mirror.getSetting(AUTOMATIC_SYNC_PAUSED_SETTING)).toBeNull();
    expect(mirror.getSchedule('second').nextRunAt).toBe(T0 - HOUR);
  });

  it('skips connections with automatic sync off and forgets their slot', async () => {
    const { mirror, engine, scheduler } = setup([connection('intercom', false)]);
    mirror.setSchedule('intercom', { nextRunAt: T0 - DAY });
    await scheduler.check('tick');
    expect(engine.calls).toEqual([]);
    expect(mirror.getSchedule('intercom').nextRunAt).toBeNull();
  });

  it('R10: a plan held by a safeguard is not applied and notifies the admin', async () => {
    const { mirror, engine, scheduler, notifications, finished } = setup();
    mirror.setSchedule('intercom', { nextRunAt: T0 });
    engine.next = () => ({ status: 'held', holdReason: 'The plan deactivates 40 employees (limit 25).' });
    await scheduler.check('tick');
    expect(notifications).toEqual([
      {
        title: 'Intercom sync needs your approval',
        body: 'The plan deactivates 40 employees (limit 25). Open Plecto Directory Sync to review the preview.',
      },
    ]);
    expect(finished.map((r) => r.status)).toEqual(['held']);
  });

  it('R10: a failed run notifies with the error; a successful one stays quiet', async () => {
    const { mirror, clock, engine, scheduler, notifications } = setup();
    mirror.setSchedule('intercom', { nextRunAt: T0 });
    engine.next = () => ({ status: 'failed', error: 'Intercom (api.intercom.io) answered 401: check the access token.' });
    await scheduler.check('tick');
    expect(notifications).toEqual([
      { title: 'Intercom sync failed', body: 'Intercom (api.intercom.io) answered 401: check the access token.' },
    ]);

    clock.time += DAY;
    engine.next = () => ({ status: 'applied' });
    await scheduler.check('tick');
    expect(notifications).toHaveLength(1);
  });

  it('R12: a run with failed changes (partial) notifies with the count', async () => {
    const { mirror, engine, scheduler, notifications } = setup();
    mirror.setSchedule('intercom', { nextRunAt: T0 });
    engine.next = () => ({
      status: 'partial',
      failed: [
        { changeIds: ['a'], description: 'Create employee Jane Doe', error: 'Plecto answered 400' },
        { changeIds: ['b'], description: 'Create employee John Roe', error: 'Plecto answered 400' },
      ],
    });
    await scheduler.check('tick');
    expect(notifications).toEqual([
      { title: 'Intercom sync finished with failures', body: '2 changes could not be applied; see History.' },
    ]);
  });

  it('an engine that throws notifies, keeps the slot claimed (no retry storm) and goes on with the next connection', async () => {
    const { mirror, engine, scheduler, notifications } = setup([connection('intercom'), connection('second')]);
    mirror.setSchedule('intercom', { nextRunAt: T0 });
    mirror.setSchedule('second', { nextRunAt: T0 });
    engine.next = (id) => (id === 'intercom' ? new Error('database is locked') : { status: 'applied' });
    const runs = await scheduler.check('tick');
    expect(runs.map((r) => r.connectionId)).toEqual(['second']);
    expect(notifications).toEqual([{ title: 'Intercom sync failed', body: 'database is locked' }]);
    expect(mirror.getSchedule('intercom').nextRunAt).toBe(T0 + DAY);
    await scheduler.check('tick');
    expect(engine.calls).toHaveLength(2);
  });

  it('an engine that records a failed run and then throws: the recorded run is reported once', async () => {
    const { mirror, clock, engine, scheduler, notifications, finished } = setup();
    mirror.setSchedule('intercom', { nextRunAt: T0 });
    engine.next = () => {
      const recorded = mirror.createRun({ connectionId: 'intercom', trigger: 'schedule', startedAt: clock.now() });
      mirror.updateRun(recorded.id, { status: 'failed', error: 'Plecto is not set up yet', finishedAt: clock.now() });
      return new Error('Plecto is not set up yet');
    };
    const runs = await scheduler.check('tick');
    expect(runs.map((r) => [r.status, r.error])).toEqual([['failed', 'Plecto is not set up yet']]);
    expect(finished.map((r) => r.id)).toEqual([runs[0].id]);
    expect(notifications).toEqual([{ title: 'Intercom sync failed', body: 'Plecto is not set up yet' }]);
  });

  it('a check while another is still running does not start a second run', async () => {
    const { mirror, engine, scheduler } = setup();
    mirror.setSchedule('intercom', { nextRunAt: T0 });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const original = engine.sync.bind(engine);
    engine.sync = async (...args) => {
      await gate;
      return original(...args);
    };
    const first = scheduler.check('start');
    expect(await scheduler.check('resume')).toEqual([]);
    release();
    expect(await first).toHaveLength(1);
  });

  it('stop() ends the one-minute tick', async () => {
    const { scheduler, tick } = setup();
    await scheduler.start();
    expect(tick()).not.toBeNull();
    scheduler.stop();
    expect(tick()).toBeNull();
  });
});
