// Turns the changes of a plan into the Plecto writes that carry them out
// (R12): one write per team created or updated, and ONE member write per
// employee, however many of its changes there are (create or link with its
// teams, update, memberships, deactivation). That keeps a change touching k
// employees at k member writes. Pure: the applier executes what this returns.
import { CHANGE_KINDS, type Change, type ChangeKind, type Plan, type PlectoDirectory } from '../domain/model';

export interface TeamDelta {
  /** The member's teams when the plan was made. */
  base: string[];
  /** Teams to add, by source id (resolved through the links at apply time; some are created in this run). */
  add: string[];
  /** Plecto team uuids to remove. */
  remove: string[];
}

interface WriteBase {
  /** Stable key of the write within its run (journal key). */
  key: string;
  changeIds: string[];
  description: string;
  sourceId: string;
}

export type WriteOp =
  | (WriteBase & { type: 'create_team'; name: string; parentSourceId: string | null })
  | (WriteBase & { type: 'update_team'; uuid: string; name?: string; parentSourceId?: string | null })
  | (WriteBase & {
      /** POST /members/ with this connection's provider: creates, or attaches to the email-matched member. */
      type: 'upsert_member';
      name: string;
      email: string | null;
      title: string | null;
      isActive: boolean;
      teams: TeamDelta;
    })
  | (WriteBase & {
      type: 'patch_member';
      uuid: string;
      name?: string;
      title?: string | null;
      isActive?: boolean;
      teams?: TeamDelta;
    });

export interface WritePlan {
  writes: WriteOp[];
  /** Included changes that cannot be carried out because a change they depend on was left out. */
  blocked: { changeId: string; reason: string }[];
}

const PHASE = Object.fromEntries(CHANGE_KINDS.map((kind, index) => [kind, index])) as Record<ChangeKind, number>;

interface EmployeeWork {
  sourceId: string;
  changes: Change[];
}

export function buildWrites(plan: Plan, plecto: PlectoDirectory, excluded: ReadonlySet<string> = new Set()): WritePlan {
  const included = plan.changes.filter((c) => !excluded.has(c.id));
  const membersByUuid = new Map(plecto.members.map((m) => [m.uuid, m]));
  const writes: WriteOp[] = [];
  const blocked: WritePlan['blocked'] = [];

  const createdTeams = new Set<string>();
  for (const change of included) {
    if (change.kind === 'create_team') {
      const team = change.team!;
      createdTeams.add(team.sourceId);
      writes.push({
        type: 'create_team',
        key: `team:create:${team.sourceId}`,
        changeIds: [change.id],
        description: `Create team ${team.name}`,
        sourceId: team.sourceId,
        name: team.name,
        parentSourceId: change.parent?.sourceId ?? null,
      });
    }
  }
  for (const change of included) {
    if (change.kind !== 'update_team') continue;
    const team = change.team!;
    writes.push({
      type: 'update_team',
      key: `team:update:${team.sourceId}`,
      changeIds: [change.id],
      description: `Update team ${team.name}`,
      sourceId: team.sourceId,
      uuid: team.plectoUuid!,
      ...(change.name !== undefined ? { name: change.name } : {}),
      ...(change.parent !== undefined ? { parentSourceId: change.parent?.sourceId ?? null } : {}),
    });
  }

  // A team that a left-out create_team would have made cannot receive members.
  const teamCreateLeftOut = new Set(
    plan.changes.filter((c) => c.kind === 'create_team' && excluded.has(c.id)).map((c) => c.team!.sourceId),
  );

  const byEmployee = new Map<string, EmployeeWork>();
  for (const change of included) {
    if (!change.employee) continue;
    const id = change.employee.sourceId;
    let work = byEmployee.get(id);
    if (!work) byEmployee.set(id, (work = { sourceId: id, changes: [] }));
    work.changes.push(change);
  }

  const employeeWrites: { phase: number; op: WriteOp }[] = [];
  for (const work of byEmployee.values()) {
    const kinds = new Set(work.changes.map((c) => c.kind));
    const first = work.changes[0].employee!;
    const upsert = kinds.has('create_employee') || kinds.has('link_employee');
    const uuid = work.changes.find((c) => c.employee!.plectoUuid)?.employee!.plectoUuid ?? null;
    const member = uuid ? membersByUuid.get(uuid) : undefined;

    if (!upsert && !uuid) {
      // Memberships of an employee whose create was left out.
      for (const c of work.changes) blocked.push({ changeId: c.id, reason: `${first.name} is not in Plecto: its create was left out` });
      continue;
    }

    const teams: TeamDelta = { base: member ? [...member.teams] : [], add: [], remove: [] };
    const changeIds: string[] = [];
    let name: string | undefined;
    let title: string | null | undefined;
    let isActive: boolean | undefined;
    for (const c of work.changes) {
      switch (c.kind) {
        case 'create_employee':
          title = c.title ?? null;
          break;
        case 'update_employee':
          if (c.name !== undefined) name = c.name;
          if (c.title !== undefined) title = c.title;
          break;
        case 'add_membership':
          if (teamCreateLeftOut.has(c.team!.sourceId)) {
            blocked.push({ changeId: c.id, reason: `team ${c.team!.name} is not in Plecto: its create was left out` });
            continue;
          }
          teams.add.push(c.team!.sourceId);
          break;
        case 'remove_membership':
          teams.remove.push(c.team!.plectoUuid!);
          break;
        case 'deactivate_employee':
          isActive = false;
          break;
        case 'reactivate_employee':
          isActive = true;
          break;
      }
      changeIds.push(c.id);
    }
    if (changeIds.length === 0) continue;
    const touchesTeams = teams.add.length > 0 || teams.remove.length > 0;
    const phase = upsert ? PHASE.create_employee : Math.max(...work.changes.map((c) => PHASE[c.kind]));

    if (upsert) {
      const created = kinds.has('create_employee');
      employeeWrites.push({
        phase: created ? PHASE.create_employee : PHASE.link_employee,
        op: {
          type: 'upsert_member',
          key: `member:${work.sourceId}`,
          changeIds,
          description: `${created ? 'Create' : 'Link'} employee ${first.name}`,
          sourceId: work.sourceId,
          // A left-out update keeps Plecto's current values.
          name: name ?? (created ? first.name : (member?.name ?? first.name)),
          email: first.email,
          title: title !== undefined ? title : (member?.title ?? null),
          isActive: isActive ?? (member ? member.isActive : true),
          teams,
        },
      });
    } else {
      employeeWrites.push({
        phase,
        op: {
          type: 'patch_member',
          key: `member:${work.sourceId}`,
          changeIds,
          description: describePatch(first.name, kinds),
          sourceId: work.sourceId,
          uuid: uuid!,
          ...(name !== undefined ? { name } : {}),
          ...(title !== undefined ? { title } : {}),
          ...(isActive !== undefined ? { isActive } : {}),
          ...(touchesTeams ? { teams } : {}),
        },
      });
    }
  }
  // Stable sort keeps the plan's order (by source id) inside a phase (R11, R12).
  employeeWrites.sort((a, b) => a.phase - b.phase);
  writes.push(...employeeWrites.map((w) => w.op));
  return { writes, blocked };
}

function describePatch(name: string, kinds: Set<ChangeKind>): string {
  if (kinds.has('deactivate_employee')) return `Deactivate ${name}`;
  if (kinds.has('reactivate_employee')) return `Reactivate ${name}`;
  if (kinds.has('update_employee') && (kinds.has('add_membership') || kinds.has('remove_membership')))
    return `Update ${name} and their teams`;
  if (kinds.has('update_employee')) return `Update ${name}`;
  return `Update teams of ${name}`;
}

/** The member's new team list: base, minus removed, plus added (resolved uuids), order kept, no duplicates. */
export function resolveTeams(delta: TeamDelta, teamUuidOf: (sourceId: string) => string | undefined): string[] {
  const removed = new Set(delta.remove);
  const result = delta.base.filter((uuid) => !removed.has(uuid));
  for (const sourceId of delta.add) {
    const uuid = teamUuidOf(sourceId);
    if (uuid && !result.includes(uuid)) result.push(uuid);
  }
  return result;
}

/** Seconds an apply of `writes` takes at the client's pace (a bucket of `burst` requests refilled at `perHour`). */
export function estimateApplySeconds(writes: number, perHour: number, burst = 60): number {
  return writes <= burst ? 0 : Math.ceil(((writes - burst) * 3600) / perHour);
}
