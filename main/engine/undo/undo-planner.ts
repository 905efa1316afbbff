// R14: the undo plan of an applied run, pure. It is the reverse of what the
// run's writes did (the journal's done entries), made of the ordinary change
// kinds so the ordinary apply carries it out (journaled, resumable, paced).
// An item changed again since the run — by a later applied run of any
// connection, or in Plecto (compared with Plecto as it is now) — is left
// alone and listed as a conflict with what it is now.
import {
  CHANGE_KINDS,
  type Change,
  type EmployeeRef,
  type Plan,
  type PlectoDirectory,
  type PlectoMember,
  type PlectoTeam,
  type SkippedItem,
  type TeamLink,
  type TeamRef,
  type UndoConflict,
} from '../../domain/model';
import { appliedChanges, itemKeys, type AppliedChange, type RunFacts } from './run-effects';

export type { RunFacts, JournalFacts } from './run-effects';

export interface UndoInput {
  /** The run to undo (applied or partial) and its journal. */
  run: RunFacts;
  providerLabel: string;
  /** Runs applied (or applying) after it, of any connection, with their journals. */
  laterRuns: RunFacts[];
  /** Plecto as it is now, read fresh. */
  plecto: PlectoDirectory;
  /** Every connection's team links as they are now. */
  teamLinks: (TeamLink & { connectionId: string })[];
  /** Plecto member uuids an admin marked "managed manually" in this app (R7). */
  manuallyManaged: string[];
  /** Managed employees of the connection now (R10 percentage base). */
  managedEmployees: number;
}

const PHASE = new Map<string, number>(CHANGE_KINDS.map((kind, index) => [kind, index]));

class UndoBuilder {
  readonly changes: Change[] = [];
  readonly conflicts: UndoConflict[] = [];
  readonly skipped: SkippedItem[] = [];
  readonly notes: string[] = [];
  readonly members: Map<string, PlectoMember>;
  readonly teams: Map<string, PlectoTeam>;
  /** Item key → the first later run that changed it. */
  readonly touchedLater = new Map<string, RunFacts>();
  private readonly manual: Set<string>;
  private readonly skippedMembers = new Set<string>();
  /** This connection's team links now, by Plecto uuid (membership restores resolve teams through them). */
  readonly ownTeamSource: Map<string, string>;

  constructor(readonly input: UndoInput) {
    this.members = new Map(input.plecto.members.map((m) => [m.uuid, m]));
    this.teams = new Map(input.plecto.teams.map((t) => [t.uuid, t]));
    this.manual = new Set(input.manuallyManaged);
    this.ownTeamSource = new Map(
      input.teamLinks.filter((l) => l.connectionId === input.run.connectionId).map((l) => [l.plectoUuid, l.sourceId]),
    );
    for (const later of [...input.laterRuns].sort((a, b) => a.id - b.id)) {
      for (const applied of appliedChanges(later, input.teamLinks)) {
        for (const key of itemKeys(applied)) if (!this.touchedLater.has(key)) this.touchedLater.set(key, later);
      }
    }
  }

  private byTeam: Map<string, PlectoMember[]> | null = null;
  /** Members of a Plecto team now (indexed once: a first sync creates many teams). */
  membersOf(teamUuid: string): PlectoMember[] {
    if (!this.byTeam) {
      this.byTeam = new Map();
      for (const m of this.members.values()) {
        for (const t of m.teams) {
          const list = this.byTeam.get(t);
          if (list) list.push(m);
          else this.byTeam.set(t, [m]);
        }
      }
    }
    return this.byTeam.get(teamUuid) ?? [];
  }

  get runId(): number {
    return this.input.run.id;
  }

  /** "(changed by run #14)" when a later run touched one of the keys, else "(changed in Plecto since run #12)". */
  since(keys: string[]): string {
    const later = keys.map((k) => this.touchedLater.get(k)).find((r) => r !== undefined);
    if (!later) return `changed in Plecto since run #${this.runId}`;
    const elsewhere = later.connectionId !== this.input.run.connectionId ? ` of "${later.connectionId}"` : '';
    return `changed again by run #${later.id}${elsewhere}`;
  }

  laterTouched(keys: string[]): boolean {
    return keys.some((k) => this.touchedLater.has(k));
  }

  conflict(change: Change, now: string): void {
    this.conflicts.push({ change, now });
  }

  /** R7: a member managed manually now gets no undo changes either; listed once as skipped. */
  isManual(member: PlectoMember, ref: EmployeeRef): boolean {
    if (!member.managedManually && !this.manual.has(member.uuid)) return false;
    if (!this.skippedMembers.has(member.uuid)) {
      this.skippedMembers.add(member.uuid);
      this.skipped.push({
        employee: { sourceId: ref.sourceId, name: member.name, plectoUuid: member.uuid },
        reason: 'managed manually (R7): not undone',
      });
    }
    return true;
  }

  add(original: Change, change: Omit<Change, 'id' | 'rule'>): void {
    this.changes.push({ id: `undo:${original.id}`, rule: 'R14', ...change } as Change);
  }
}

export function planUndo(input: UndoInput): Plan {
  const b = new UndoBuilder(input);
  const applied = appliedChanges(input.run, input.teamLinks);
  const putThere = new Set(
    applied.filter((a) => a.change.kind === 'add_membership').map((a) => `${a.employeeUuid}:${a.teamUuid}`),
  );
  for (const a of applied) {
    switch (a.change.kind) {
      case 'create_employee':
      case 'reactivate_employee':
      case 'deactivate_employee':
        undoActivity(b, a);
        break;
      case 'update_employee':
        undoEmployeeUpdate(b, a);
        break;
      case 'add_membership':
      case 'remove_membership':
        undoMembership(b, a);
        break;
      case 'update_team':
        undoTeamUpdate(b, a);
        break;
      case 'create_team':
        undoTeamCreate(b, a, putThere);
        break;
      case 'link_employee':
        b.notes.push(
          `Run #${b.runId} linked ${a.change.employee!.name} to the Plecto employee with the same email; the link is kept (R14).`,
        );
        break;
    }
  }
  b.notes.push(
    `Registrations are not undone: any that run #${b.runId} imported stay in Plecto, which keeps them by external id (R14).`,
    `The next ordinary sync will redo these changes if ${input.providerLabel} still says so. ` +
      'Pause automatic sync for this connection, or change the source first, to keep the undo (R14).',
  );
  // R12 apply order, the run's own order within a kind.
  const changes = b.changes
    .map((change, index) => ({ change, index }))
    .sort((x, y) => PHASE.get(x.change.kind)! - PHASE.get(y.change.kind)! || x.index - y.index)
    .map((x) => x.change);
  return {
    connectionId: input.run.connectionId,
    providerLabel: input.providerLabel,
    changes,
    skipped: b.skipped,
    notes: b.notes,
    adoptions: { teams: [], employees: [] },
    managedEmployees: input.managedEmployees,
    undoOf: input.run.id,
    conflicts: b.conflicts,
  };
}

// ------------------------------------------------------------------ employees

/** The member the change touched as it is now, or null after listing the conflict. */
function memberNow(b: UndoBuilder, a: AppliedChange): { member: PlectoMember; ref: EmployeeRef } | null {
  const member = a.employeeUuid ? b.members.get(a.employeeUuid) : undefined;
  if (!member) {
    b.conflict(a.change, `${a.change.employee!.name} is no longer in Plecto`);
    return null;
  }
  const ref: EmployeeRef = {
    sourceId: a.change.employee!.sourceId,
    name: member.name,
    email: member.email,
    plectoUuid: member.uuid,
  };
  return { member, ref };
}

function undoActivity(b: UndoBuilder, a: AppliedChange): void {
  const found = memberNow(b, a);
  if (!found) return;
  const { member, ref } = found;
  const keys = itemKeys(a);
  const leftActive = a.change.kind !== 'deactivate_employee';
  if (b.laterTouched(keys) || member.isActive !== leftActive) {
    b.conflict(a.change, `${member.name} is ${member.isActive ? 'active' : 'deactivated'} now (${b.since(keys)})`);
    return;
  }
  if (b.isManual(member, ref)) return;
  const what =
    a.change.kind === 'create_employee'
      ? 'was created; Plecto employees are deactivated, never deleted'
      : a.change.kind === 'reactivate_employee'
        ? 'was reactivated'
        : 'was deactivated';
  b.add(a.change, {
    kind: leftActive ? 'deactivate_employee' : 'reactivate_employee',
    reason: `undoes run #${b.runId}: ${member.name} ${what} (R14)`,
    employee: ref,
  });
}

function undoEmployeeUpdate(b: UndoBuilder, a: AppliedChange): void {
  const found = memberNow(b, a);
  if (!found) return;
  const { member, ref } = found;
  const { change } = a;
  const before = change.before ?? {};
  const uuid = member.uuid;
  const undo: Omit<Change, 'id' | 'rule'> = { kind: 'update_employee', reason: '', employee: ref, before: {} };
  const what: string[] = [];
  const now: string[] = [];
  if (change.name !== undefined && before.name !== undefined) {
    if (b.laterTouched([`name:${uuid}`]) || member.name !== change.name) {
      now.push(`${member.name}'s name is "${member.name}" now (${b.since([`name:${uuid}`])})`);
    } else {
      undo.name = before.name;
      undo.before!.name = member.name;
      what.push(`name was changed from "${before.name}"`);
    }
  }
  if (change.title !== undefined && before.title !== undefined) {
    if (b.laterTouched([`title:${uuid}`]) || (member.title ?? '') !== (change.title ?? '')) {
      now.push(`${member.name}'s title is ${member.title ? `"${member.title}"` : 'empty'} now (${b.since([`title:${uuid}`])})`);
    } else {
      undo.title = before.title;
      undo.before!.title = member.title;
      what.push(`title was changed from ${before.title ? `"${before.title}"` : 'empty'}`);
    }
  }
  if (now.length > 0) b.conflict(change, now.join('; '));
  if (what.length === 0 || b.isManual(member, ref)) return;
  undo.reason = `undoes run #${b.runId}: ${member.name}'s ${what.join(' and ')} (R14)`;
  b.add(change, undo);
}

function undoMembership(b: UndoBuilder, a: AppliedChange): void {
  const found = memberNow(b, a);
  if (!found) return;
  const { member, ref } = found;
  const team = a.teamUuid ? b.teams.get(a.teamUuid) : undefined;
  if (!team) {
    b.conflict(a.change, `team "${a.change.team!.name}" is no longer in Plecto`);
    return;
  }
  const keys = itemKeys(a);
  const added = a.change.kind === 'add_membership';
  const inTeam = member.teams.includes(team.uuid);
  if (b.laterTouched(keys) || inTeam !== added) {
    b.conflict(a.change, `${member.name} is ${inTeam ? '' : 'not '}in team "${team.name}" now (${b.since(keys)})`);
    return;
  }
  // A restored membership is written through the connection's team link: a team it no longer imports is left alone.
  const sourceId = b.ownTeamSource.get(team.uuid);
  if (!added && sourceId === undefined) {
    b.conflict(a.change, `team "${team.name}" is no longer imported by this connection`);
    return;
  }
  if (b.isManual(member, ref)) return;
  const teamRef: TeamRef = { sourceId: sourceId ?? a.change.team!.sourceId, name: team.name, plectoUuid: team.uuid };
  b.add(a.change, {
    kind: added ? 'remove_membership' : 'add_membership',
    reason: `undoes run #${b.runId}: ${member.name} was ${added ? 'added to' : 'removed from'} team "${team.name}" (R14)`,
    employee: ref,
    team: teamRef,
  });
}

// ------------------------------------------------------------------ teams

function teamRefOf(b: UndoBuilder, team: PlectoTeam, fallbackSourceId: string): TeamRef {
  return { sourceId: b.ownTeamSource.get(team.uuid) ?? fallbackSourceId, name: team.name, plectoUuid: team.uuid };
}

function undoTeamUpdate(b: UndoBuilder, a: AppliedChange): void {
  const { change } = a;
  const team = a.teamUuid ? b.teams.get(a.teamUuid) : undefined;
  if (!team) {
    b.conflict(change, `team "${change.team!.name}" is no longer in Plecto`);
    return;
  }
  const before = change.before ?? {};
  const undo: Omit<Change, 'id' | 'rule'> = {
    kind: 'update_team',
    reason: '',
    team: teamRefOf(b, team, change.team!.sourceId),
    before: {},
  };
  const what: string[] = [];
  const now: string[] = [];
  if (change.name !== undefined && before.name !== undefined) {
    const key = `team-name:${team.uuid}`;
    if (b.laterTouched([key]) || team.name !== change.name) now.push(`the team is named "${team.name}" now (${b.since([key])})`);
    else {
      undo.name = before.name;
      undo.before!.name = team.name;
      what.push(`was renamed from "${before.name}"`);
    }
  }
  if (change.parent !== undefined && before.parent !== undefined) {
    const key = `team-parent:${team.uuid}`;
    const oldParent = before.parent === null ? null : b.teams.get(before.parent);
    const parentNow = team.parent === null ? 'at the top level' : `under "${b.teams.get(team.parent)?.name ?? 'another team'}"`;
    if (b.laterTouched([key]) || team.parent !== (a.parentUuid ?? null)) {
      now.push(`team "${team.name}" is ${parentNow} now (${b.since([key])})`);
    } else if (oldParent === undefined) {
      now.push(`the former parent of team "${team.name}" is no longer in Plecto; it stays ${parentNow}`);
    } else {
      // A former parent that is not a team of this connection is placed by its Plecto uuid.
      undo.parent = oldParent === null ? null : teamRefOf(b, oldParent, oldParent.uuid);
      undo.before!.parent = team.parent;
      what.push(oldParent === null ? 'was moved from the top level' : `was moved from under "${oldParent.name}"`);
    }
  }
  if (now.length > 0) b.conflict(change, now.join('; '));
  if (what.length === 0) return;
  undo.reason = `undoes run #${b.runId}: team "${team.name}" ${what.join(' and ')} (R14)`;
  b.add(change, undo);
}

/** A team the run created stays (teams are never deleted, R2); undo takes out the members the run put in it. */
function undoTeamCreate(b: UndoBuilder, a: AppliedChange, putThere: Set<string>): void {
  const team = a.teamUuid ? b.teams.get(a.teamUuid) : undefined;
  if (!team) return;
  const since = b
    .membersOf(team.uuid)
    .filter((m) => !putThere.has(`${m.uuid}:${team.uuid}`))
    .map((m) => m.name)
    .sort();
  b.notes.push(`Team "${team.name}", created by run #${b.runId}, stays in Plecto: teams are never deleted (R2); undo empties it.`);
  if (since.length > 0) {
    b.conflict(a.change, `team "${team.name}" has members added after run #${b.runId}, left in it: ${since.join(', ')}`);
  }
}
