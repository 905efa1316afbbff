import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { summarize, type Plan } from '../../../main/domain/model';
import type { RunRecord } from '../../../main/domain/run';
import { Mirror, MirrorStateError } from '../../../main/store/mirror';
import { tempDir } from './helpers';

const plan: Plan = {
  connectionId: 'intercom',
  providerLabel: 'Intercom',
  changes: [
    {
      id: 'create_team:814865',
      kind: 'create_team',
      rule: 'R1',
      reason: 'Team "Tier 1 Support" is new in Intercom.',
      team: { sourceId: '814865', name: 'Tier 1 Support', plectoUuid: null },
      parent: null,
    },
  ],
  skipped: [{ employee: { sourceId: '5', name: 'Sam' }, reason: 'managed manually (R7)' }],
  notes: [],
  adoptions: { teams: [{ sourceId: '1', plectoUuid: 'u1' }], employees: [] },
  managedEmployees: 3,
};

describe('runs', () => {
  it('createRun starts in planning with empty fields', () => {
    const mirror = Mirror.open(':memory:');
    const run = mirror.createRun({ connectionId: 'intercom', trigger: 'schedule', startedAt: 1000 });
    expect(run).toEqual<RunRecord>({
      id: run.id,
      connectionId: 'intercom',
      trigger: 'schedule',
      status: 'planning',
      startedAt: 1000,
      finishedAt: null,
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
    });
    expect(mirror.getRun(run.id)).toEqual(run);
    expect(mirror.getRun(run.id + 1)).toBeNull();
    mirror.close();
  });

  it('updateRun changes only the given fields and returns the record; survives a reopen', () => {
    const file = path.join(tempDir(), 'mirror.db');
    const mirror = Mirror.open(file);
    const run = mirror.createRun({ connectionId: 'intercom', trigger: 'manual', startedAt: 1 });
    const planned = mirror.updateRun(run.id, {
      status: 'held',
      plan,
      summary: summarize(plan.changes),
      holdReason: 'R10: 30 deactivations exceed the limit of 25',
      apiUsage: { Intercom: 2, Plecto: 4, 'Intercom quota': '9990/10000' },
      estimatedWrites: 1,
      estimatedSeconds: 1.5,
    });
    expect(planned.status).toBe('held');
    expect(planned.plan).toEqual(plan);
    const applied = mirror.updateRun(run.id, {
      status: 'partial',
      finishedAt: 9,
      excludedChangeIds: ['x'],
      failed: [{ changeIds: ['create_team:814865'], description: 'Create team Tier 1 Support', error: 'HTTP 400' }],
      registrations: { imported: 3, skippedOutOfScope: 1, failed: 0 },
      holdReason: null,
    });
    mirror.close();
    const reopened = Mirror.open(file);
    const expected: RunRecord = {
      ...planned,
      status: 'partial',
      finishedAt: 9,
      holdReason: null,
      excludedChangeIds: ['x'],
      failed: [{ changeIds: ['create_team:814865'], description: 'Create team Tier 1 Support', error: 'HTTP 400' }],
      registrations: { imported: 3, skippedOutOfScope: 1, failed: 0 },
    };
    expect(applied).toEqual(expected);
    expect(reopened.getRun(run.id)).toEqual(expected);
    reopened.close();
  });

  it('updateRun of a missing run or of a fixed field throws', () => {
    const mirror = Mirror.open(':memory:');
    expect(() => mirror.updateRun(404, { status: 'failed' })).toThrow(MirrorStateError);
    const run = mirror.createRun({ connectionId: 'c', trigger: 'cli', startedAt: 1 });
    expect(() => mirror.updateRun(run.id, { connectionId: 'other' } as never)).toThrow(/cannot be updated/);
    expect(mirror.getRun(run.id)?.connectionId).toBe('c');
    mirror.close();
  });

  it('listRuns: newest first, per connection, with a limit, without plans', () => {
    const mirror = Mirror.open(':memory:');
    const ids = ['intercom', 'enreach', 'intercom', 'intercom'].map((connectionId, i) => {
      const run = mirror.createRun({ connectionId, trigger: 'cli', startedAt: 100 + i });
      mirror.updateRun(run.id, { plan, status: 'planned' });
      return run.id;
    });
    expect(mirror.listRuns().map((r) => r.id)).toEqual([...ids].reverse());
    expect(mirror.listRuns({ connectionId: 'intercom' }).map((r) => r.id)).toEqual([ids[3], ids[2], ids[0]]);
    expect(mirror.listRuns({ connectionId: 'intercom', limit: 2 }).map((r) => r.id)).toEqual([ids[3], ids[2]]);
    expect(mirror.listRuns({ limit: 1 }).map((r) => r.id)).toEqual([ids[3]]);
    expect(mirror.listRuns().every((r) => r.plan === null && r.status === 'planned')).toBe(true);
    expect(mirror.getRun(ids[0])?.plan).toEqual(plan);
    mirror.close();
  });

  it('R12: unfinishedRuns lists interrupted applies of a connection, oldest first, with plans', () => {
    const mirror = Mirror.open(':memory:');
    const make = (connectionId: string, status: RunRecord['status']) => {
      const run = mirror.createRun({ connectionId, trigger: 'schedule', startedAt: 1 });
      return mirror.updateRun(run.id, { status, plan });
    };
    const a = make('intercom', 'applying');
    make('intercom', 'applied');
    make('intercom', 'planned');
    make('enreach', 'applying');
    const b = make('intercom', 'applying');
    expect(mirror.unfinishedRuns('intercom')).toEqual([a, b]);
    mirror.updateRun(a.id, { status: 'applied', finishedAt: 5 });
    expect(mirror.unfinishedRuns('intercom').map((r) => r.id)).toEqual([b.id]);
    expect(mirror.unfinishedRuns('salesforce')).toEqual([]);
    mirror.close();
  });
});
