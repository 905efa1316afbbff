// Which run undoes which (R14), for History's light run lists, which load no
// plans. The undo plan's `undoOf` is the record; this is an index of it kept
// in the mirror's key-value settings so no schema change was needed.
import type { Mirror } from '../../store/mirror';

const key = (undoRunId: number) => `undo-of:${undoRunId}`;

export function recordUndo(mirror: Mirror, undoRunId: number, undoneRunId: number): void {
  mirror.setSetting(key(undoRunId), String(undoneRunId));
}

/** The run that `runId` undoes, or null for an ordinary run. */
export function undoOf(mirror: Mirror, runId: number): number | null {
  const value = mirror.getSetting(key(runId));
  return value === null ? null : Number(value);
}
