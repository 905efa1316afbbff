import { describe, expect, it } from 'vitest';
import { csvCell, runToCsv } from '../../../main/app/run-csv';
import type { RunRecord } from '../../../main/domain/run';

const base: RunRecord = {
  id: 4,
  connectionId: 'intercom',
  trigger: 'manual',
  status: 'partial',
  startedAt: 1,
  finishedAt: 2,
  holdReason: null,
  error: null,
  summary: null,
  excludedChangeIds: ['c3'],
  failed: [{ changeIds: ['c2'], description: 'Create employee Bob', error: 'Plecto answered 400' }],
  apiUsage: {},
  estimatedWrites: null,
  estimatedSeconds: null,
  registrations: null,
  plan: {
    connectionId: 'intercom',
    providerLabel: 'Intercom',
    changes: [
      { id: 'c1', kind: 'create_team', rule: 'R1', reason: 'Team "A, B" is new', team: { sourceId: '1', name: 'A, B' } },
      { id: 'c2', kind: 'create_employee', rule: 'R3', reason: 'Bob is new', employee: { sourceId: '2', name: 'Bob', email: 'bob@x.io', plectoUuid: null } },
      { id: 'c3', kind: 'create_employee', rule: 'R3', reason: 'Eve is new', employee: { sourceId: '3', name: '=HYPERLINK("x")', email: null, plectoUuid: null } },
    ],
    skipped: [{ employee: { sourceId: '5', name: 'Sam' }, reason: 'managed manually (R7)' }],
    notes: [],
    adoptions: { teams: [], employees: [] },
    managedEmployees: 0,
  },
};

describe('runToCsv', () => {
  it('writes one row per change with its outcome, then the skipped items (R7)', () => {
    const journal = [{ opKey: 'k1', changeIds: ['c1'], description: 'Create team A, B', state: 'done' as const, error: null, updatedAt: 3 }];
    const lines = runToCsv(base, journal).split('\r\n');
    expect(lines[0]).toBe('run,connection,change_id,kind,rule,team,employee,email,reason,outcome,error');
    expect(lines[1]).toBe('4,intercom,c1,create_team,R1,"A, B",,,"Team ""A, B"" is new",applied,');
    expect(lines[2]).toBe('4,intercom,c2,create_employee,R3,,Bob,bob@x.io,Bob is new,failed,Plecto answered 400');
    expect(lines[3]).toBe(`4,intercom,c3,create_employee,R3,,"'=HYPERLINK(""x"")",,Eve is new,left out,`);
    expect(lines[4]).toBe('4,intercom,,skipped,R7,,Sam,,managed manually (R7),skipped,');
    expect(lines[5]).toBe('');
  });

  it('adds one registrations row with the imported, skipped (R9) and failed counts when the run imported', () => {
    const imported = runToCsv({ ...base, status: 'applied', registrations: { imported: 120, skippedOutOfScope: 7, failed: 0 } }, []).split('\r\n');
    expect(imported.at(-2)).toBe('4,intercom,,registrations,R9,,,,120 imported; 7 skipped: owner outside the selected teams (R9); 0 failed,imported,');
    const partial = runToCsv({ ...base, registrations: { imported: 100, skippedOutOfScope: 0, failed: 20 } }, []).split('\r\n');
    expect(partial.at(-2)).toMatch(/,registrations,R9,.*100 imported;.*20 failed,partly imported,$/);
    const failed = runToCsv({ ...base, registrations: { imported: 0, skippedOutOfScope: 0, failed: 1 } }, []).split('\r\n');
    expect(failed.at(-2)).toMatch(/,failed,$/);
    expect(runToCsv(base, [])).not.toContain('registrations');
  });

  it('neutralises spreadsheet formulas in cells', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+SUM(A1)')).toBe("'+SUM(A1)");
    expect(csvCell('@cmd')).toBe("'@cmd");
    expect(csvCell('plain')).toBe('plain');
  });
});
