// Turns the changes of a plan into the Plecto writes that carry them out
// (R12): one write per team created or updated, and ONE member write per
// employee, however many of its changes there are (create or link with its
// teams, update, memberships, deactivation). That keeps a change touching k
// employees at k member writes. Pure: the applier executes what this returns.
import { CHANGE_KINDS, type Change, type ChangeKind, type Plan, type PlectoDirectory, type PlectoMember } from '../domain/model';
import { MemberIndex } from './matching';
import { leaveOut, type LeftOut } from './plan/leave-out';

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
  | (WriteBase & {
      type: 'update_team';
      uuid: string;
      name?: string;
      parentSourceId?: string | null;
      /** The parent's Plecto uuid when the plan knew it: places a parent no link of this connection names (an undo, R14). */
      parentUuid?: string | null;
    })
  | (WriteBase & {
      /** POST /members/ with this connection's provider: creates, or attaches to the email-matched member. */
      type: 'upsert_member';
      name: string;
      email: string | null;
      /** Absent: the member's title is left as it is. */
      title?: string | null;
      isActive: boolean;
      /** `name` / `isActive` are not planned changes: the member's current values are sent (R3). */
      keepName: boolean;
      keepActive: boolean;
      teams: TeamDelta;
      /** The Plecto member this write must land on (link, or a member that appeared since the preview); null for a new one. */
      expectUuid: string | null;
      /** The write attaches this connection to a member found by email (Plecto merges by email). */
      byEmail: boolean;
      /** A create that meets a member who appeared in Plecto after the preview (R3). */
      appeared?: boolean;
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
  /** R13: every change left out (the admin's choice and what depends on it), and why. */
  leftOut: LeftOut;
  /** Included changes that cannot be carried out because a change they depend on was left out. */
  blocked: { changeId: string; reason: string }[];
}

const PHASE = Object.fromEntries(CHANGE_KINDS.map((kind, index) => [kind, index])) as Record<ChangeKind, number>;

interface EmployeeWork {
  sourceId: string;
  changes: Change[];
}

export function buildWrites(
  plan: Plan,
  plecto: PlectoDirectory,
  excluded: ReadonlySet<string> = new Set(),
  /** Members marked "managed manually" in this app (R7); Plecto's own flag is read from `plecto`. */
  manuallyManaged: ReadonlySet<string> = new Set(),
): WritePlan {
  // R13: what an admin left out takes out what depends on it; nothing is written that only made
  // sense together with a change left out.
  const leftOut = leaveOut(plan, excluded, plecto.teams);
  const out = new Set(leftOut.changeIds);
  const withoutParent = new Set(leftOut.withoutParent.map((w) => w.changeId));
  const included = plan.changes.filter((c) => !out.has(c.id));
  const writes: WriteOp[] = [];
  const blocked: WritePlan['blocked'] = [];

  for (const change of included) {
    if (change.kind !== 'create_team') continue;
    const team = change.team!;
    writes.push({
      type: 'create_team',
      key: `team:create:${team.sourceId}`,
      changeIds: [change.id],
      description: `Create team ${team.name}`,
      sourceId: team.sourceId,
      name: team.name,
      parentSourceId: withoutParent.has(change.id) ? null : (change.parent?.sourceId ?? null),
    });
  }
  // R1: moves in an order where no intermediate state is a cycle, given Plecto's teams now.
  const changeById = new Map(plan.changes.map((c) => [c.id, c]));
  for (const id of leftOut.teamOrder) {
    const change = changeById.get(id)!;
    if (change.kind !== 'update_team') continue;
    const team = change.team!;
    const move = change.parent !== undefined && !withoutParent.has(change.id);
    if (change.name === undefined && !move) continue;
    writes.push({
      type: 'update_team',
      key: `team:update:${team.sourceId}`,
      changeIds: [change.id],
      description: `Update team ${team.name}`,
      sourceId: team.sourceId,
      uuid: team.plectoUuid!,
      ...(change.name !== undefined ? { name: change.name } : {}),
      ...(move ? { parentSourceId: change.parent?.sourceId ?? null, parentUuid: change.parent?.plectoUuid ?? null } : {}),
    });
  }

  const byEmployee = new Map<string, EmployeeWork>();
  for (const change of included) {
    if (!change.employee) continue;
    const id = change.employee.sourceId;
    let work = byEmployee.get(id);
    if (!work) byEmployee.set(id, (work = { sourceId: id, changes: [] }));
    work.changes.push(change);
  }

  const members = new CurrentMembers(plecto, plan.providerLabel, manuallyManaged);
  const employeeWrites: { phase: number; op: WriteOp }[] = [];
  for (const work of byEmployee.values()) {
    const kinds = new Set(work.changes.map((c) => c.kind));
    const first = work.changes[0].employee!;
    const upsert = kinds.has('create_employee') || kinds.has('link_employee');
    const plannedUuid = work.changes.find((c) => c.employee!.plectoUuid)?.employee!.plectoUuid ?? null;
    const block = (reason: string) => {
      for (const c of work.changes) blocked.push({ changeId: c.id, reason });
    };

    if (!upsert && !plannedUuid) {
      // Memberships of an employee whose create was left out.
      block(`${first.name} is not in Plecto: its create was left out`);
      continue;
    }
    // R3: every write starts from the member as Plecto has it now, not as the preview saw it.
    // A create may meet a member made by hand (same email) or missed by an earlier read.
    const member = upsert && !kinds.has('link_employee') ? members.find(plan, work.sourceId, first.email) : members.get(plannedUuid);
    if (!upsert && !member) {
      block(`${first.name} is no longer in Plecto; preview again`);
      continue;
    }
    if (kinds.has('link_employee') && !member) {
      block(`the Plecto employee ${first.name} was matched to is no longer in Plecto; preview again`);
      continue;
    }
    if (member && members.isManual(member)) {
      block(`${member.name} is managed manually in Plecto (R7); nothing is written to them`);
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
          // Absent (undefined) is not empty: a source without titles never writes one (R3).
          title = c.title;
          break;
        case 'update_employee':
          if (c.name !== undefined) name = c.name;
          if (c.title !== undefined) title = c.title;
          break;
        case 'add_membership':
          // A membership in a team whose create is left out was left out with it (R13).
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
          // A left-out update keeps Plecto's current values (re-read just before the write).
          name: name ?? (created ? first.name : (member?.name ?? first.name)),
          keepName: name === undefined && !created,
          email: first.email,
          ...(title !== undefined ? { title } : {}),
          // A member that appeared since the preview keeps its state: nobody approved changing it.
          isActive: isActive ?? (member ? member.isActive : true),
          keepActive: isActive === undefined && member !== undefined,
          teams,
          expectUuid: member?.uuid ?? null,
          byEmail: kinds.has('link_employee') || (member !== undefined && !members.carriesProvider(member, plan, work.sourceId)),
          appeared: created && member !== undefined,
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
          uuid: plannedUuid!,
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
  return { writes, blocked, leftOut };
}

/** Plecto's members as they are at apply time, looked up lazily (most applies create nobody). */
class CurrentMembers {
  private byUuid: Map<string, PlectoMember> | null = null;
  private index: MemberIndex | null = null;

  constructor(
    private readonly plecto: PlectoDirectory,
    private readonly providerLabel: string,
    private readonly manual: ReadonlySet<string>,
  ) {}

  get(uuid: string | null): PlectoMember | undefined {
    if (uuid === null) return undefined;
    this.byUuid ??= new Map(this.plecto.members.map((m) => [m.uuid, m]));
    return this.byUuid.get(uuid);
  }

  /** The member a create would land on: the one carrying this connection's id, else the one with this email. */
  find(plan: Plan, sourceId: string, email: string | null): PlectoMember | undefined {
    this.index ??= new MemberIndex(this.plecto.members);
    return this.get(this.index.byProviderId(plan.providerLabel, sourceId) ?? this.index.byEmailAddress(email) ?? null);
  }

  carriesProvider(member: PlectoMember, plan: Plan, sourceId: string): boolean {
    return member.apiProviders.some((p) => p.provider === plan.providerLabel && p.providerId === sourceId);
  }

  isManual(member: PlectoMember): boolean {
    return member.managedManually || this.manual.has(member.uuid);
  }
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
