// Plecto's team hierarchy as a parent map, for ordering parent moves so that
// no intermediate state is a cycle (R1) — in the planner and again when
// changes are left out (R13). Teams a plan creates are keyed by a pseudo uuid.
import type { PlectoTeam, TeamRef } from '../../domain/model';

/** Parent key by team key (a Plecto uuid, or pendingKey() for a team the plan creates). */
export type ParentMap = Map<string, string | null>;

export const pendingKey = (sourceId: string): string => `\u0000create:${sourceId}`;

/** The key of a team reference: its uuid, or its pending key when the plan creates it. */
export function refKey(ref: TeamRef | null | undefined): string | null {
  return ref ? (ref.plectoUuid ?? pendingKey(ref.sourceId)) : null;
}

export function parentMapOf(teams: readonly PlectoTeam[]): ParentMap {
  return new Map(teams.map((t) => [t.uuid, t.parent] as const));
}

/** True when following parents from `start` comes back to it. */
export function inCycle(parents: ParentMap, start: string): boolean {
  let current = parents.get(start) ?? null;
  for (let steps = 0; current !== null && steps <= parents.size; steps++) {
    if (current === start) return true;
    current = parents.get(current) ?? null;
  }
  return false;
}

/**
 * Depth of a team in an acyclic parent map (0 = top level). Moves applied in
 * order of their team's depth in the final map never pass through a cycle: a
 * team moved under P moves after every team that ends up above P has reached
 * its final place, so P is never below it at that moment.
 */
export function depthIn(parents: ParentMap): (key: string) => number {
  const memo = new Map<string, number>();
  return (key) => {
    const path: string[] = [];
    let current: string | null = key;
    let base = 0;
    // The bound only guards against a cycle Plecto itself might hold.
    while (current !== null && parents.has(current) && path.length <= parents.size) {
      const known = memo.get(current);
      if (known !== undefined) {
        base = known + 1;
        break;
      }
      path.push(current);
      current = parents.get(current)!;
    }
    for (let i = path.length - 1; i >= 0; i--) memo.set(path[i], base++);
    return memo.get(key) ?? 0;
  };
}
