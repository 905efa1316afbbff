// Fixture records for tests of what consumes runs (scheduler, tray).
import type { RunRecord } from '../../main/domain/run';

/** A finished scheduled run of "intercom" with nothing in it; `patch` sets what the test is about. */
export function runRecord(patch: Partial<RunRecord> = {}): RunRecord {
  return {
    id: 1,
    connectionId: 'intercom',
    trigger: 'schedule',
    status: 'applied',
    startedAt: 0,
    finishedAt: 1,
    holdReason: null,
    error: null,
    plan: null,
    summary: null,
    excludedChangeIds: [],
    failed: [],
    apiUsage: {},
    estimatedWrites: null,
    estimatedSeconds: null,
    registrations: null,
    ...patch,
  };
}
