// What an applied run actually did to Plecto (R14): the changes of its plan
// whose writes the journal records as done, with the Plecto uuids they
// touched (a created employee or team only has a uuid in the journal), and the
// "items" each one changed, so a later run touching the same item is seen.
import type { Change, Plan, TeamLink } from '../../domain/model';

/** The journal facts undo needs: which writes reached Plecto and what they answered. */
export interface JournalFacts {
  opKey: string;
  changeIds: string[];
  state: 'sending' | 'done' | 'failed';
  result: unknown;
}

export interface RunFacts {
  id: number;
  connectionId: string;
  plan: Plan;
  journal: JournalFacts[];
}

export interface AppliedChange {
  change: Change;
  /** The employee's Plecto uuid (from the plan, or the journal for one the run created). */
  employeeUuid: string | null;
  /** The team's Plecto uuid (from the plan, the journal of a created team, or the connection's links). */
  teamUuid: string | null;
  /** update_team / create_team: the parent's uuid the run set; undefined when it left the parent alone. */
  parentUuid?: string | null;
}

function resultUuid(result: unknown): string | null {
  const uuid = (result as { uuid?: unknown } | null)?.uuid;
  return typeof uuid === 'string' ? uuid : null;
}

/** The changes of `run` that reached Plecto, in plan order. A change in no done write (left out, blocked, failed) did nothing. */
export function appliedChanges(run: RunFacts, teamLinks: readonly (TeamLink & { connectionId: string })[]): AppliedChange[] {
  const done = new Set<string>();
  const memberUuid = new Map<string, string>();
  const createdTeam = new Map<string, string>();
  for (const entry of run.journal) {
    if (entry.state !== 'done') continue;
    for (const id of entry.changeIds) done.add(id);
    const uuid = resultUuid(entry.result);
    if (!uuid) continue;
    if (entry.opKey.startsWith('member:')) memberUuid.set(entry.opKey.slice('member:'.length), uuid);
    if (entry.opKey.startsWith('team:create:')) createdTeam.set(entry.opKey.slice('team:create:'.length), uuid);
  }
  const linked = new Map(teamLinks.filter((l) => l.connectionId === run.connectionId).map((l) => [l.sourceId, l.plectoUuid]));
  const teamUuidOf = (ref: { sourceId: string; plectoUuid?: string | null }) =>
    ref.plectoUuid ?? createdTeam.get(ref.sourceId) ?? linked.get(ref.sourceId) ?? null;

  const out: AppliedChange[] = [];
  for (const change of run.plan.changes) {
    if (!done.has(change.id)) continue;
    const applied: AppliedChange = {
      change,
      employeeUuid: change.employee ? (change.employee.plectoUuid ?? memberUuid.get(change.employee.sourceId) ?? null) : null,
      teamUuid: change.team ? teamUuidOf(change.team) : null,
    };
    if (change.parent !== undefined) applied.parentUuid = change.parent === null ? null : teamUuidOf(change.parent);
    out.push(applied);
  }
  return out;
}

/**
 * The Plecto items a change set, as keys: an employee's active flag, name or
 * title, one membership, a team's name or parent. Two changes conflict when
 * they share a key.
 */
export function itemKeys(applied: AppliedChange): string[] {
  const { change, employeeUuid: e, teamUuid: t } = applied;
  switch (change.kind) {
    case 'create_employee':
    case 'link_employee': // the link's member write carries the active flag too
    case 'deactivate_employee':
    case 'reactivate_employee':
      return e ? [`active:${e}`] : [];
    case 'update_employee': {
      if (!e) return [];
      const keys: string[] = [];
      if (change.name !== undefined) keys.push(`name:${e}`);
      if (change.title !== undefined) keys.push(`title:${e}`);
      return keys;
    }
    case 'add_membership':
    case 'remove_membership':
      return e && t ? [`membership:${e}:${t}`] : [];
    case 'update_team': {
      if (!t) return [];
      const keys: string[] = [];
      if (change.name !== undefined) keys.push(`team-name:${t}`);
      if (change.parent !== undefined) keys.push(`team-parent:${t}`);
      return keys;
    }
    case 'create_team':
      return [];
  }
}
