import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { ConnectionConfig } from '../../../main/config/profile';
import { Mirror, PlainSecretError } from '../../../main/store/mirror';
import { enreachConnection, intercomConnection, salesforceConnection, tempDir } from './helpers';

describe('connections', () => {
  it('stores, reads back exactly and lists by position (new ones last)', () => {
    const mirror = Mirror.open(':memory:');
    mirror.upsertConnection(salesforceConnection());
    mirror.upsertConnection(intercomConnection());
    mirror.upsertConnection(enreachConnection());
    expect(mirror.getConnection('salesforce')).toEqual(salesforceConnection());
    expect(mirror.getConnection('missing')).toBeNull();
    expect(mirror.listConnections().map((c) => c.id)).toEqual(['salesforce', 'intercom', 'enreach']);
    expect(mirror.listConnections()).toEqual([salesforceConnection(), intercomConnection(), enreachConnection()]);
    mirror.close();
  });

  it('an update keeps the position and replaces the config', () => {
    const mirror = Mirror.open(':memory:');
    mirror.upsertConnection(intercomConnection());
    mirror.upsertConnection(enreachConnection());
    const renamed = intercomConnection({
      providerLabel: 'Intercom EU',
      baseUrl: 'https://api.eu.intercom.io',
      settings: { automaticSync: false, syncTeams: true, syncEmployees: false, onlySelectedTeams: true, selectedTeams: ['7'] },
    });
    mirror.upsertConnection(renamed);
    expect(mirror.listConnections().map((c) => c.id)).toEqual(['intercom', 'enreach']);
    expect(mirror.getConnection('intercom')).toEqual(renamed);
    // An optional field that is dropped is gone, not kept from before.
    const { baseUrl: _dropped, ...withoutBaseUrl } = renamed;
    mirror.upsertConnection(withoutBaseUrl);
    expect(mirror.getConnection('intercom')).toEqual(withoutBaseUrl);
    mirror.close();
  });

  it('a deleted connection frees its place; a new one still goes last', () => {
    const mirror = Mirror.open(':memory:');
    mirror.upsertConnection(intercomConnection());
    mirror.upsertConnection(salesforceConnection());
    mirror.deleteConnection('intercom');
    mirror.upsertConnection(enreachConnection());
    mirror.upsertConnection(intercomConnection());
    expect(mirror.listConnections().map((c) => c.id)).toEqual(['salesforce', 'enreach', 'intercom']);
    mirror.close();
  });

  it('delete removes links, snapshot, schedule and import state of that connection only; runs stay', () => {
    const mirror = Mirror.open(':memory:');
    for (const config of [intercomConnection(), enreachConnection()]) {
      mirror.upsertConnection(config);
      mirror.linkTeam(config.id, 't1', `${config.id}-team`);
      mirror.linkEmployee(config.id, 'p1', `${config.id}-member`);
      mirror.saveSourceSnapshot(config.id, { teams: [], people: [] }, 5);
      mirror.setSchedule(config.id, { nextRunAt: 1000, paused: true });
      mirror.setImportState(config.id, { cursor: 'c1', dataSourceUuid: 'ds' });
      mirror.createRun({ connectionId: config.id, trigger: 'manual', startedAt: 1 });
    }
    mirror.deleteConnection('intercom');

    expect(mirror.getConnection('intercom')).toBeNull();
    expect(mirror.teamLinks('intercom')).toEqual([]);
    expect(mirror.employeeLinks('intercom')).toEqual([]);
    expect(mirror.loadSourceSnapshot('intercom')).toBeNull();
    expect(mirror.getSchedule('intercom')).toEqual({ nextRunAt: null, paused: false });
    expect(mirror.getImportState('intercom')).toEqual({ cursor: null, dataSourceUuid: null, origin: null });
    expect(mirror.listRuns({ connectionId: 'intercom' })).toHaveLength(1);

    expect(mirror.getConnection('enreach')).not.toBeNull();
    expect(mirror.teamLinks('enreach')).toHaveLength(1);
    expect(mirror.employeeLinks('enreach')).toHaveLength(1);
    expect(mirror.loadSourceSnapshot('enreach')).not.toBeNull();
    expect(mirror.getSchedule('enreach')).toEqual({ nextRunAt: 1000, paused: true });
    expect(mirror.getImportState('enreach')).toEqual({ cursor: 'c1', dataSourceUuid: 'ds', origin: null });
    // The Plecto team freed by the deletion can be linked by another connection.
    mirror.linkTeam('enreach', 't2', 'intercom-team');
    mirror.close();
  });

  it('survives closing and reopening the file', () => {
    const file = path.join(tempDir(), 'mirror.db');
    const first = Mirror.open(file);
    first.upsertConnection(salesforceConnection());
    first.close();
    const second = Mirror.open(file);
    expect(second.listConnections()).toEqual([salesforceConnection()]);
    second.close();
  });
});

describe('secret guard', () => {
  const plain: [string, string][] = [
    ['accessToken', 'dG9rOmFiYw=='],
    ['clientSecret', 'shh'],
    ['password', 'hunter2'],
    ['secretKey', 'k-123'],
    ['apiKey', 'k-456'],
    ['refresh_token', 'r-789'],
  ];
  for (const [field, value] of plain) {
    it(`refuses a plain value under "${field}" and never echoes it`, () => {
      const mirror = Mirror.open(':memory:');
      const config = intercomConnection({ credentials: { [field]: value } });
      let error: unknown;
      try {
        mirror.upsertConnection(config);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(PlainSecretError);
      expect((error as Error).message).toContain(field);
      expect((error as Error).message).toContain('"intercom"');
      expect((error as Error).message).not.toContain(value);
      expect(mirror.getConnection('intercom')).toBeNull();
      mirror.close();
    });
  }

  it('refuses a credential object that is not a {env} / {keychain} reference', () => {
    const mirror = Mirror.open(':memory:');
    const bogus = { value: 'hunter2' } as unknown as ConnectionConfig['credentials'][string];
    expect(() => mirror.upsertConnection(intercomConnection({ credentials: { accessToken: bogus } }))).toThrow(
      PlainSecretError,
    );
    expect(() =>
      mirror.upsertConnection(intercomConnection({ credentials: { accessToken: { env: 'A', keychain: 'B' } as never } })),
    ).toThrow(PlainSecretError);
    mirror.close();
  });

  it('accepts plain non-secret values and references, and no secret reaches the file', () => {
    const file = path.join(tempDir(), 'mirror.db');
    const mirror = Mirror.open(file);
    mirror.upsertConnection(salesforceConnection());
    mirror.upsertConnection(enreachConnection());
    mirror.close();
    const db = new Database(file, { readonly: true });
    const stored = JSON.stringify(db.prepare('SELECT * FROM connections').all());
    db.close();
    expect(stored).toContain('3MVG9-plain-client-id');
    expect(stored).toContain('api@acme.com');
    expect(stored).toContain('salesforce/clientSecret');
  });

  it('settings under secret-like keys must be JSON references', () => {
    const mirror = Mirror.open(':memory:');
    expect(() => mirror.setSetting('plecto.password', 'hunter2')).toThrow(PlainSecretError);
    expect(() => mirror.setSetting('plecto.password', 'hunter2')).not.toThrow(/hunter2/);
    mirror.setSetting('plecto.password', JSON.stringify({ keychain: 'plecto/password' }));
    expect(JSON.parse(mirror.getSetting('plecto.password')!)).toEqual({ keychain: 'plecto/password' });
    mirror.close();
  });
});
