// A preview is approved as it was shown. Once the connection's settings
// change (scope, sync employees, credentials, removal), the preview no longer
// says what its apply would do. Such previews are retired with the reason, so
// History says why and the admin previews again. (A preview overtaken by a
// later apply is refused by the engine itself.)
import type { ConnectionConfig } from '../config/profile';
import type { RunStatus } from '../domain/run';
import type { Mirror } from '../store/mirror';

type RunsMirror = Pick<Mirror, 'listRuns' | 'updateRun'>;

const WAITING: ReadonlySet<RunStatus> = new Set(['planned', 'held']);

/** Marks every preview of the connection still waiting for approval as out of date. */
export function retirePreviews(mirror: RunsMirror, connectionId: string, reason: string, now: number): void {
  for (const run of mirror.listRuns({ connectionId })) {
    // Retired, not failed: nobody started it and nothing went wrong; History says why (issue 11, point 3).
    if (WAITING.has(run.status)) mirror.updateRun(run.id, { status: 'retired', error: `${reason}; preview again`, finishedAt: now });
  }
}

/** Whether a save changed anything a plan or its apply depends on (the automatic-sync switch does not). */
export function changesPlans(before: ConnectionConfig | null, after: ConnectionConfig | null): boolean {
  const planned = (config: ConnectionConfig | null) =>
    config && canonical({ ...config, settings: { ...config.settings, automaticSync: undefined } });
  return planned(before) !== planned(after);
}

/** JSON with sorted keys: a profile import and a form save order the same fields differently. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
