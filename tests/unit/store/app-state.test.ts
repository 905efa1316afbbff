import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Mirror } from '../../../main/store/mirror';
import { tempDir } from './helpers';

describe('schedule', () => {
  it('defaults to no next run and not paused; partial updates keep the other field', () => {
    const mirror = Mirror.open(':memory:');
    expect(mirror.getSchedule('intercom')).toEqual({ nextRunAt: null, paused: false });
    mirror.setSchedule('intercom', { nextRunAt: 86_400_000 });
    mirror.setSchedule('intercom', { paused: true });
    expect(mirror.getSchedule('intercom')).toEqual({ nextRunAt: 86_400_000, paused: true });
    mirror.setSchedule('intercom', { nextRunAt: null });
    expect(mirror.getSchedule('intercom')).toEqual({ nextRunAt: null, paused: true });
    expect(mirror.getSchedule('enreach')).toEqual({ nextRunAt: null, paused: false });
    mirror.close();
  });
});

describe('registration import state', () => {
  it('defaults to nulls; partial updates keep the other fields; survives a reopen', () => {
    const file = path.join(tempDir(), 'mirror.db');
    const mirror = Mirror.open(file);
    expect(mirror.getImportState('intercom')).toEqual({ cursor: null, dataSourceUuid: null, origin: null });
    mirror.setImportState('intercom', { dataSourceUuid: 'ds-1', origin: '{"dataSource":"calls"}' });
    mirror.setImportState('intercom', { cursor: '2026-01-01T00:00:00Z' });
    mirror.close();
    const reopened = Mirror.open(file);
    expect(reopened.getImportState('intercom')).toEqual({
      cursor: '2026-01-01T00:00:00Z',
      dataSourceUuid: 'ds-1',
      origin: '{"dataSource":"calls"}',
    });
    reopened.setImportState('intercom', { cursor: null });
    expect(reopened.getImportState('intercom')).toEqual({ cursor: null, dataSourceUuid: 'ds-1', origin: '{"dataSource":"calls"}' });
    reopened.close();
  });
});

describe('apply leases and an apply\'s prepared writes (R12)', () => {
  it('stores, replaces and removes a connection\'s lease', () => {
    const mirror = Mirror.open(':memory:');
    expect(mirror.getLease('intercom')).toBeNull();
    mirror.setLease('intercom', { owner: 'a pid 1', host: 'a', pid: 1, until: 10 });
    mirror.setLease('intercom', { owner: 'b pid 2', host: 'b', pid: 2, until: 20 });
    expect(mirror.getLease('intercom')).toEqual({ owner: 'b pid 2', host: 'b', pid: 2, until: 20 });
    expect(mirror.getLease('salesforce')).toBeNull();
    mirror.setLease('intercom', null);
    expect(mirror.getLease('intercom')).toBeNull();
    mirror.close();
  });

  it('keeps the writes of an apply on its run until they are dropped', () => {
    const mirror = Mirror.open(':memory:');
    const run = mirror.createRun({ connectionId: 'intercom', trigger: 'cli', startedAt: 1 });
    expect(mirror.applyWrites(run.id)).toBeNull();
    mirror.setApplyWrites(run.id, [{ key: 'member:1', type: 'patch_member' }]);
    expect(mirror.applyWrites(run.id)).toEqual([{ key: 'member:1', type: 'patch_member' }]);
    mirror.setApplyWrites(run.id, null);
    expect(mirror.applyWrites(run.id)).toBeNull();
    mirror.close();
  });
});

describe('settings', () => {
  it('stores, overwrites and removes app-wide values', () => {
    const mirror = Mirror.open(':memory:');
    expect(mirror.getSetting('plecto.baseUrl')).toBeNull();
    mirror.setSetting('plecto.baseUrl', 'https://app.plecto.com/api/v2/');
    mirror.setSetting('startAtLogin', 'true');
    mirror.setSetting('startAtLogin', 'false');
    expect(mirror.getSetting('plecto.baseUrl')).toBe('https://app.plecto.com/api/v2/');
    expect(mirror.getSetting('startAtLogin')).toBe('false');
    mirror.setSetting('startAtLogin', null);
    expect(mirror.getSetting('startAtLogin')).toBeNull();
    mirror.setSetting('empty', '');
    expect(mirror.getSetting('empty')).toBe('');
    mirror.close();
  });
});

describe('transactions', () => {
  it('Mirror.transaction commits together or not at all, and returns the value', () => {
    const mirror = Mirror.open(':memory:');
    expect(
      mirror.transaction(() => {
        mirror.setSetting('a', '1');
        mirror.linkEmployee('intercom', 'p1', 'm-1');
        return 42;
      }),
    ).toBe(42);
    expect(() =>
      mirror.transaction(() => {
        mirror.setSetting('a', '2');
        mirror.setSchedule('intercom', { paused: true }); // nested transaction → savepoint
        throw new Error('abort');
      }),
    ).toThrow('abort');
    expect(mirror.getSetting('a')).toBe('1');
    expect(mirror.getSchedule('intercom').paused).toBe(false);
    expect(mirror.employeeLinks('intercom')).toHaveLength(1);
    mirror.close();
  });

  it('two mirrors on one file (desktop + CLI) see each other\'s writes', () => {
    const file = path.join(tempDir(), 'mirror.db');
    const desktop = Mirror.open(file);
    const cli = Mirror.open(file);
    cli.createRun({ connectionId: 'intercom', trigger: 'cli', startedAt: 1 });
    expect(desktop.listRuns()).toHaveLength(1);
    desktop.close();
    cli.close();
  });
});
