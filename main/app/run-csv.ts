// One run as CSV for auditors: a row per planned change with what became of
// it, then the skipped items, then one row with the registrations import's
// counts when the run imported any (kind "registrations", rule R9); a run that
// failed before planning gets one row (kind "run") with its error. Cells that a
// spreadsheet would run as a formula are prefixed with a quote (CSV injection).
import type { JournalEntryView } from '../../preload/contract';
import type { Change } from '../domain/model';
import type { RegistrationCounts, RunRecord } from '../domain/run';

export const CSV_COLUMNS = ['run', 'connection', 'change_id', 'kind', 'rule', 'team', 'employee', 'email', 'reason', 'outcome', 'error'];

export function runToCsv(run: RunRecord, journal: JournalEntryView[]): string {
  const byChange = new Map<string, JournalEntryView>();
  for (const entry of journal) for (const id of entry.changeIds) byChange.set(id, entry);
  const failedError = new Map<string, string>();
  for (const failure of run.failed) for (const id of failure.changeIds) failedError.set(id, failure.error);
  const excluded = new Set(run.excludedChangeIds);

  const rows: string[][] = [CSV_COLUMNS];
  for (const change of run.plan?.changes ?? []) {
    const { outcome, error } = outcomeOf(change, run, excluded, byChange, failedError);
    rows.push([
      String(run.id),
      run.connectionId,
      change.id,
      change.kind,
      change.rule,
      change.team?.name ?? '',
      change.employee?.name ?? '',
      change.employee?.email ?? '',
      change.reason,
      outcome,
      error,
    ]);
  }
  for (const item of run.plan?.skipped ?? []) {
    rows.push([String(run.id), run.connectionId, '', 'skipped', /\bR\d+\b/.exec(item.reason)?.[0] ?? '', item.team?.name ?? '', item.employee?.name ?? '', '', item.reason, 'skipped', '']);
  }
  if (run.registrations) rows.push(registrationsRow(run, run.registrations));
  // A run that failed before it had a plan (a source or Plecto could not be read) still says why.
  if (!run.plan && run.error) rows.push([String(run.id), run.connectionId, '', 'run', '', '', '', '', '', run.status, run.error]);
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** The import's counts in the reason column, as people read them; the outcome says whether it completed. */
function registrationsRow(run: RunRecord, counts: RegistrationCounts): string[] {
  const reason =
    `${counts.imported} imported; ${counts.skippedOutOfScope} skipped: owner outside the selected teams (R9); ${counts.failed} failed`;
  const outcome = counts.failed === 0 ? 'imported' : counts.imported > 0 ? 'partly imported' : 'failed';
  return [String(run.id), run.connectionId, '', 'registrations', 'R9', '', '', '', reason, outcome, ''];
}

function outcomeOf(
  change: Change,
  run: RunRecord,
  excluded: Set<string>,
  journal: Map<string, JournalEntryView>,
  failed: Map<string, string>,
): { outcome: string; error: string } {
  if (excluded.has(change.id)) return { outcome: 'left out', error: '' };
  if (failed.has(change.id)) return { outcome: 'failed', error: failed.get(change.id)! };
  const entry = journal.get(change.id);
  if (entry?.state === 'done') return { outcome: 'applied', error: '' };
  if (entry?.state === 'failed') return { outcome: 'failed', error: entry.error ?? '' };
  if (entry?.state === 'sending') return { outcome: 'in flight', error: '' };
  if (run.status === 'held') return { outcome: 'held', error: '' };
  if (run.status === 'planned') return { outcome: 'planned', error: '' };
  if (run.status === 'failed') return { outcome: 'not applied', error: run.error ?? '' };
  if (run.status === 'applied' || run.status === 'partial') return { outcome: 'applied', error: '' };
  return { outcome: run.status, error: '' };
}

export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
