// What the command line prints: the JSON of contracts/cli.md and the same
// facts as readable text.
import { CHANGE_KINDS, type Change } from '../domain/model';
import type { RunRecord } from '../domain/run';
import { wasBusy } from '../engine/apply-lease';

export type CliStatus = 'planned' | 'applied' | 'held' | 'failed' | 'busy';

export function cliStatus(run: RunRecord): CliStatus {
  // Another process was applying the connection: nothing was done (contracts/cli.md, exit 6).
  if (wasBusy(run)) return 'busy';
  switch (run.status) {
    case 'held':
      return 'held';
    case 'failed':
      return 'failed';
    case 'applied':
    case 'partial':
      return 'applied';
    default:
      return 'planned';
  }
}

export function changeJson(change: Change) {
  const out: Record<string, unknown> = { kind: change.kind, rule: change.rule };
  if (change.employee) out.employee = { ...change.employee };
  if (change.team) {
    out.team = { sourceId: change.team.sourceId, name: change.team.name };
    if (change.team.plectoUuid) (out.team as Record<string, unknown>).plectoUuid = change.team.plectoUuid;
  }
  out.id = change.id;
  out.reason = change.reason;
  if (change.name !== undefined) out.name = change.name;
  if (change.title !== undefined) out.title = change.title;
  if (change.parent !== undefined) out.parent = change.parent ? { sourceId: change.parent.sourceId, name: change.parent.name } : null;
  if (change.before) out.before = change.before;
  return out;
}

export function runJson(run: RunRecord, withRegistrations: boolean) {
  const out: Record<string, unknown> = {
    connection: run.connectionId,
    status: cliStatus(run),
    holdReason: run.holdReason,
    summary: run.summary ?? Object.fromEntries(CHANGE_KINDS.map((k) => [k, 0])),
    changes: (run.plan?.changes ?? []).map(changeJson),
    // The contract's skipped item is employee/team and reason; the desktop's "withheld" detail stays out.
    skipped: (run.plan?.skipped ?? []).map(({ withheld: _withheld, ...item }) => item),
    failed: run.failed.map((f) => ({ changeIds: f.changeIds, description: f.description, error: f.error })),
  };
  if (run.error) out.error = run.error;
  if (run.plan?.notes.length) out.notes = run.plan.notes;
  out.estimatedWrites = run.estimatedWrites;
  out.estimatedSeconds = run.estimatedSeconds;
  out.run = run.id;
  if (withRegistrations) out.registrations = run.registrations ?? { imported: 0, skippedOutOfScope: 0, failed: 0 };
  return out;
}

/** `undoOf`: the run an undo run undoes (R14), null for an ordinary run. */
export function historyJson(run: RunRecord, undoOf: number | null = null) {
  return {
    id: run.id,
    ...(undoOf !== null ? { undoOf } : {}),
    connection: run.connectionId,
    trigger: run.trigger,
    status: run.status,
    startedAt: new Date(run.startedAt).toISOString(),
    finishedAt: run.finishedAt === null ? null : new Date(run.finishedAt).toISOString(),
    holdReason: run.holdReason,
    error: run.error,
    summary: run.summary,
    failed: run.failed.length,
    apiUsage: run.apiUsage,
    registrations: run.registrations,
  };
}


function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/** `maxListed`: how many changes to list (the rest are counted). */
export function runText(run: RunRecord, requestsPerHour: number, maxListed = 50): string {
  const lines: string[] = [];
  const changes = run.plan?.changes ?? [];
  const counts = CHANGE_KINDS.filter((k) => run.summary?.[k]).map((k) => `${k} ${run.summary![k]}`);
  const status = cliStatus(run);
  lines.push(
    `${run.connectionId}: ${status}${run.status === 'partial' ? ' with failures' : ''} — ${changes.length} change${changes.length === 1 ? '' : 's'}` +
      (counts.length ? ` (${counts.join(', ')})` : ''),
  );
  if (run.error) lines.push(`  error: ${run.error}`);
  if (run.holdReason) lines.push(`  HELD (R10): ${run.holdReason}`, `  Nothing was applied. Approve it in the app's preview, or run apply with --force.`);
  for (const change of changes.slice(0, maxListed)) {
    const who = change.employee ? change.employee.name : '';
    const team = change.team ? `${who ? ' → ' : ''}${change.team.name}` : '';
    // The rule has its own column; the reason's trailing "(R4)" would say it twice.
    const reason = change.reason.replace(/\s*\(R\d+\)$/, '');
    lines.push(`  ${change.kind.padEnd(19)} ${change.rule.padEnd(3)} ${who}${team} — ${reason}`);
  }
  if (changes.length > maxListed) lines.push(`  … and ${changes.length - maxListed} more (use --json for all)`);
  for (const note of run.plan?.notes ?? []) lines.push(`  note: ${note}`);
  for (const skipped of run.plan?.skipped ?? []) {
    lines.push(`  skipped: ${skipped.employee?.name ?? skipped.team?.name ?? ''} — ${skipped.reason}`);
  }
  if (status === 'planned' && run.estimatedWrites !== null) {
    lines.push(
      `  Applying sends ${run.estimatedWrites} write${run.estimatedWrites === 1 ? '' : 's'} to Plecto` +
        ` (about ${formatDuration(run.estimatedSeconds ?? 0)} at ${requestsPerHour} requests/hour).`,
    );
  }
  for (const failure of run.failed) lines.push(`  FAILED: ${failure.description}: ${failure.error}`);
  if (run.registrations) {
    const r = run.registrations;
    lines.push(`  registrations: ${r.imported} imported, ${r.skippedOutOfScope} skipped (out of scope, R9), ${r.failed} failed`);
  }
  return lines.join('\n') + '\n';
}

export function historyText(runs: RunRecord[], undoOf: (runId: number) => number | null = () => null): string {
  if (runs.length === 0) return 'No runs recorded yet.\n';
  return (
    runs
      .map((run) => {
        const total = run.summary ? Object.values(run.summary).reduce((a, b) => a + b, 0) : 0;
        const when = new Date(run.startedAt).toISOString().replace('T', ' ').slice(0, 19);
        const undone = undoOf(run.id);
        const extra = [undone !== null ? `undo of #${undone}` : '', run.holdReason ?? run.error ?? (run.failed.length ? `${run.failed.length} failed` : '')]
          .filter(Boolean)
          .join('  ');
        return `#${run.id}  ${when}  ${run.connectionId.padEnd(12)} ${run.trigger.padEnd(8)} ${run.status.padEnd(8)} ${total} changes${extra ? '  ' + extra : ''}`;
      })
      .join('\n') + '\n'
  );
}
