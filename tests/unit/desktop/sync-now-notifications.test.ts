// What the tray's "Sync now" tells the admin (issue 11, point 12), and the
// new API methods' input checks.
import { describe, expect, it } from 'vitest';
import { validateApiArgs } from '../../../main/ipc/validate';
import { syncNowNotifications } from '../../../main/tray/sync-now';
import { toRunSummary } from '../../../main/app/run-views';
import type { RunRecord, RunStatus } from '../../../main/domain/run';
import { runRecord } from '../../support/records';

const summary = (status: RunStatus, patch: Partial<RunRecord> = {}) =>
  toRunSummary(runRecord({ connectionId: 'intercom', status, finishedAt: 1, ...patch }), 'Intercom');

describe('tray "Sync now" notifications', () => {
  it('a first-sync preview asks for a review; an apply says nothing; a hold and a failure say so', () => {
    const created = { create_team: 0, update_team: 0, create_employee: 2, link_employee: 0, update_employee: 0, add_membership: 0, remove_membership: 0, deactivate_employee: 0, reactivate_employee: 0 };
    expect(syncNowNotifications([summary('planned', { summary: created })])).toEqual([
      { title: 'Review the first sync of Intercom', body: '2 changes waiting in the preview. Nothing is applied automatically until you apply one preview of Intercom by hand.' },
    ]);
    expect(syncNowNotifications([summary('applied')])).toEqual([]);
    expect(syncNowNotifications([summary('held', { holdReason: 'Too many (R10).' }), summary('failed', { error: 'Intercom refused' })]).map((n) => n.title)).toEqual([
      'Intercom sync needs your approval',
      'Intercom sync failed',
    ]);
  });
});

describe('validateApiArgs for the issue 11 methods', () => {
  it('checks form values to test like a save, and run ids for discard and retry', () => {
    expect(validateApiArgs('testConnectionSettings', [{ id: 'intercom', type: 'intercom', baseUrl: 'https://api.intercom.io' }, { accessToken: 't' }])).toEqual([
      { id: 'intercom', type: 'intercom', baseUrl: 'https://api.intercom.io' },
      { accessToken: 't' },
    ]);
    expect(() => validateApiArgs('testConnectionSettings', [{ id: 'i', type: 'intercom' }, { password: 'x' }])).toThrow(/secrets\.password is not a secret field of intercom/);
    expect(() => validateApiArgs('testPlectoSettings', [{ baseUrl: 'https://app.plecto.com/api/v2/', email: 'not-an-email' }])).toThrow(/settings\.email must be an email address/);
    expect(() => validateApiArgs('discardRun', [0])).toThrow(/runId must be between 1/);
    expect(validateApiArgs('retryFailed', [7])).toEqual([7]);
  });
});
