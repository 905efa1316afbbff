import { describe, expect, it } from 'vitest';
import { Mirror, MirrorStateError, TeamLinkConflictError } from '../../../main/store/mirror';

describe('team links', () => {
  it('upserts per (connection, source id) and lists sorted', () => {
    const mirror = Mirror.open(':memory:');
    mirror.linkTeam('intercom', 't2', 'uuid-2');
    mirror.linkTeam('intercom', 't1', 'uuid-1');
    mirror.linkTeam('intercom', 't1', 'uuid-1'); // same link again: no-op
    mirror.linkTeam('enreach', 'g1', 'uuid-3');
    expect(mirror.teamLinks('intercom')).toEqual([
      { sourceId: 't1', plectoUuid: 'uuid-1' },
      { sourceId: 't2', plectoUuid: 'uuid-2' },
    ]);
    // Re-pointing a source team at another Plecto team replaces the link.
    mirror.linkTeam('intercom', 't2', 'uuid-9');
    expect(mirror.allTeamLinks()).toEqual([
      { connectionId: 'enreach', sourceId: 'g1', plectoUuid: 'uuid-3' },
      { connectionId: 'intercom', sourceId: 't1', plectoUuid: 'uuid-1' },
      { connectionId: 'intercom', sourceId: 't2', plectoUuid: 'uuid-9' },
    ]);
    mirror.close();
  });

  it('R1: a Plecto team linked by one connection cannot be linked by another (clear error)', () => {
    const mirror = Mirror.open(':memory:');
    mirror.linkTeam('intercom', '814865', 'uuid-1');
    let error: unknown;
    try {
      mirror.linkTeam('salesforce', '00E1', 'uuid-1');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TeamLinkConflictError);
    expect((error as Error).message).toBe(
      'Plecto team uuid-1 is already linked to source team "814865" of connection "intercom"; ' +
        'a Plecto team can be linked to one source team of one connection only.',
    );
    expect(mirror.teamLinks('salesforce')).toEqual([]);
    // Nor by a second source team of the same connection.
    expect(() => mirror.linkTeam('intercom', '999', 'uuid-1')).toThrow(TeamLinkConflictError);
    expect(mirror.allTeamLinks()).toEqual([{ connectionId: 'intercom', sourceId: '814865', plectoUuid: 'uuid-1' }]);
    mirror.close();
  });

  it('a failed link inside a caller transaction rolls back the whole transaction', () => {
    const mirror = Mirror.open(':memory:');
    mirror.linkTeam('intercom', 't1', 'uuid-1');
    expect(() =>
      mirror.transaction(() => {
        mirror.linkTeam('salesforce', 'r1', 'uuid-2');
        mirror.linkTeam('salesforce', 'r2', 'uuid-1');
      }),
    ).toThrow(TeamLinkConflictError);
    expect(mirror.teamLinks('salesforce')).toEqual([]);
    mirror.close();
  });
});

describe('employee links', () => {
  it('upsert keeps deactivatedBySync for the same member (R6) and lists per connection', () => {
    const mirror = Mirror.open(':memory:');
    mirror.linkEmployee('intercom', 'p2', 'm-2');
    mirror.linkEmployee('intercom', 'p1', 'm-1');
    mirror.linkEmployee('salesforce', '005A', 'm-1'); // one person known to two connections (R5)
    mirror.setDeactivatedBySync('intercom', 'm-1', true);
    mirror.linkEmployee('intercom', 'p1', 'm-1');
    expect(mirror.employeeLinks('intercom')).toEqual([
      { sourceId: 'p1', plectoUuid: 'm-1', deactivatedBySync: true },
      { sourceId: 'p2', plectoUuid: 'm-2', deactivatedBySync: false },
    ]);
    expect(mirror.employeeLinks('salesforce')).toEqual([{ sourceId: '005A', plectoUuid: 'm-1', deactivatedBySync: false }]);
    expect(mirror.allEmployeeLinks()).toEqual([
      { connectionId: 'intercom', sourceId: 'p1', plectoUuid: 'm-1', deactivatedBySync: true },
      { connectionId: 'intercom', sourceId: 'p2', plectoUuid: 'm-2', deactivatedBySync: false },
      { connectionId: 'salesforce', sourceId: '005A', plectoUuid: 'm-1', deactivatedBySync: false },
    ]);
    mirror.setDeactivatedBySync('intercom', 'm-1', false);
    expect(mirror.employeeLinks('intercom')[0].deactivatedBySync).toBe(false);
    mirror.close();
  });

  it('re-pointing a source person at another member resets deactivatedBySync', () => {
    const mirror = Mirror.open(':memory:');
    mirror.linkEmployee('intercom', 'p1', 'm-1');
    mirror.setDeactivatedBySync('intercom', 'm-1', true);
    mirror.linkEmployee('intercom', 'p1', 'm-7');
    expect(mirror.employeeLinks('intercom')).toEqual([{ sourceId: 'p1', plectoUuid: 'm-7', deactivatedBySync: false }]);
    mirror.close();
  });

  it('R6: only linked (managed) members can be marked deactivated by a connection', () => {
    const mirror = Mirror.open(':memory:');
    mirror.linkEmployee('intercom', 'p1', 'm-1');
    expect(() => mirror.setDeactivatedBySync('salesforce', 'm-1', true)).toThrow(MirrorStateError);
    expect(() => mirror.setDeactivatedBySync('intercom', 'm-404', true)).toThrow(/no link to that member/);
    mirror.close();
  });
});

describe('R7 managed manually', () => {
  it('sets, lists sorted and clears the flag', () => {
    const mirror = Mirror.open(':memory:');
    expect(mirror.manuallyManaged()).toEqual([]);
    mirror.setManuallyManaged('m-b', true);
    mirror.setManuallyManaged('m-a', true);
    mirror.setManuallyManaged('m-a', true);
    expect(mirror.manuallyManaged()).toEqual(['m-a', 'm-b']);
    mirror.setManuallyManaged('m-b', false);
    mirror.setManuallyManaged('m-never', false);
    expect(mirror.manuallyManaged()).toEqual(['m-a']);
    mirror.close();
  });
});
