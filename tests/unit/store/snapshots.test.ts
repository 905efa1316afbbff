import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PlectoDirectory, SourceDirectory } from '../../../main/domain/model';
import { Mirror } from '../../../main/store/mirror';
import { tempDir } from './helpers';

const source: SourceDirectory = {
  teams: [
    { sourceId: '814865', name: 'Tier 1 Support', parentSourceId: null },
    { sourceId: '814866', name: 'Tier 2 — Støtte', parentSourceId: '814865' },
  ],
  people: [
    { sourceId: '991267466', name: 'Jane Doe', email: 'jane@example.com', title: 'Agent', active: true, teamSourceIds: ['814865', '814866'] },
    { sourceId: '5', name: 'Sam "the man" O\'Neil', email: null, title: null, active: false, teamSourceIds: [] },
  ],
};

const plecto: PlectoDirectory = {
  teams: [{ uuid: 'a1b2', name: 'Tier 1 Support', parent: null }],
  members: [
    {
      uuid: '412c64d13fbf4c89bacd4224fb16a6db',
      name: 'Jane Doe',
      email: 'jane@example.com',
      isActive: true,
      title: null,
      teams: ['a1b2'],
      apiProviders: [{ provider: 'Intercom', providerId: '991267466', email: 'jane@example.com' }],
      managedManually: false,
    },
    { uuid: 'ffff', name: 'Ex Employee', email: null, isActive: false, title: 'Was here', teams: [], apiProviders: [], managedManually: true },
  ],
};

describe('snapshots', () => {
  it('source snapshots round-trip exactly, per connection, and a new save replaces the old one', () => {
    const mirror = Mirror.open(':memory:');
    expect(mirror.loadSourceSnapshot('intercom')).toBeNull();
    mirror.saveSourceSnapshot('intercom', source, 1_700_000_000_000);
    mirror.saveSourceSnapshot('enreach', { teams: [], people: [] }, 42);
    expect(mirror.loadSourceSnapshot('intercom')).toEqual({ dir: source, readAt: 1_700_000_000_000 });
    expect(mirror.loadSourceSnapshot('enreach')).toEqual({ dir: { teams: [], people: [] }, readAt: 42 });
    const smaller: SourceDirectory = { teams: source.teams.slice(0, 1), people: [] };
    mirror.saveSourceSnapshot('intercom', smaller, 1_700_000_000_001);
    expect(mirror.loadSourceSnapshot('intercom')).toEqual({ dir: smaller, readAt: 1_700_000_000_001 });
    mirror.close();
  });

  it('the Plecto snapshot round-trips exactly and survives a reopen', () => {
    const file = path.join(tempDir(), 'mirror.db');
    const mirror = Mirror.open(file);
    expect(mirror.loadPlectoSnapshot()).toBeNull();
    mirror.savePlectoSnapshot(plecto, 99);
    mirror.savePlectoSnapshot(plecto, 100);
    mirror.close();
    const reopened = Mirror.open(file);
    expect(reopened.loadPlectoSnapshot()).toEqual({ dir: plecto, readAt: 100 });
    reopened.close();
  });

  it('saves and loads a 100,000-person source snapshot with 250,000 memberships', () => {
    const teams = Array.from({ length: 1000 }, (_, i) => ({
      sourceId: `t${i}`,
      name: `Team ${i}`,
      parentSourceId: i === 0 ? null : `t${Math.floor(i / 2)}`,
    }));
    const people = Array.from({ length: 100_000 }, (_, i) => ({
      sourceId: `p${i}`,
      name: `Person ${i}`,
      email: i % 7 === 0 ? null : `person${i}@example.com`,
      title: i % 3 === 0 ? null : 'Agent',
      active: i % 10 !== 0,
      // 2 or 3 teams each: 250,000 memberships in all.
      teamSourceIds: (i % 2 === 0 ? [i % 1000, (i + 1) % 1000] : [i % 1000, (i + 1) % 1000, (i + 2) % 1000]).map((t) => `t${t}`).sort(),
    }));
    expect(people.reduce((n, p) => n + p.teamSourceIds.length, 0)).toBe(250_000);
    const dir: SourceDirectory = { teams, people };
    const mirror = Mirror.open(path.join(tempDir(), 'big.db'));

    const saveStart = performance.now();
    mirror.saveSourceSnapshot('salesforce', dir, 7);
    const saveMs = performance.now() - saveStart;
    const loadStart = performance.now();
    const loaded = mirror.loadSourceSnapshot('salesforce');
    const loadMs = performance.now() - loadStart;
    console.log(`100k-person snapshot: save ${saveMs.toFixed(0)} ms, load ${loadMs.toFixed(0)} ms`);

    expect(loaded?.readAt).toBe(7);
    expect(loaded?.dir.people).toHaveLength(100_000);
    expect(loaded?.dir).toEqual(dir);
    mirror.close();
  });
});
