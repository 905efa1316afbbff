// Shared, read-only facts of one planning pass plus the changes being
// collected. Every step of the planner (teams, employees, memberships,
// activation) reads from and adds to one PlanBuilder.
import {
  CHANGE_KINDS,
  type Change,
  type ChangeKind,
  type EmployeeLink,
  type PlanInput,
  type PlectoMember,
  type PlectoTeam,
  type SkippedItem,
  type SourceTeam,
  type TeamLink,
} from '../../domain/model';
import { compareIds, normalizeProvider } from '../matching';

/** How an in-scope source team exists in Plecto after this plan. */
export interface ImportedTeam {
  source: SourceTeam;
  /** null when the team is created by this plan. */
  uuid: string | null;
  how: 'linked' | 'adopted' | 'created';
}

/** A Plecto team this connection links or adopts, as memberships see it. */
export interface ManagedTeam {
  sourceId: string;
  name: string;
  uuid: string;
}

export interface TeamPlan {
  /** In-scope source teams by source id (empty when Sync teams is off). */
  imported: Map<string, ImportedTeam>;
  adoptions: TeamLink[];
}

export class PlanBuilder {
  readonly label: string;
  readonly plectoTeams = new Map<string, PlectoTeam>();
  readonly plectoMembers = new Map<string, PlectoMember>();
  readonly sourceTeams = new Map<string, SourceTeam>();
  /** Source team ids in scope (R8). */
  readonly scope = new Set<string>();
  readonly teamLinks: Map<string, string>;
  /** Mirror links plus links read from Plecto's data suppliers (R3), by source id in source id order. */
  readonly employeeLinks: Map<string, EmployeeLink>;
  /** Links found only in Plecto (provider label + source id): the mirror stores them as adoptions (R3). */
  readonly plectoOnlyLinks: EmployeeLink[];
  readonly manualUuids: Set<string>;
  readonly activeElsewhere: Set<string>;
  readonly bothOn: boolean;

  private readonly byKind = new Map<ChangeKind, Change[]>(CHANGE_KINDS.map((k) => [k, []]));
  readonly skipped: SkippedItem[] = [];
  readonly notes: string[] = [];

  constructor(readonly input: PlanInput) {
    this.label = input.providerLabel;
    for (const team of input.plecto.teams) this.plectoTeams.set(team.uuid, team);
    for (const member of input.plecto.members) this.plectoMembers.set(member.uuid, member);
    for (const team of input.source.teams) this.sourceTeams.set(team.sourceId, team);
    const selected = new Set(input.settings.selectedTeams);
    for (const team of input.source.teams) {
      if (!input.settings.onlySelectedTeams || selected.has(team.sourceId)) this.scope.add(team.sourceId);
    }
    // R2: when a team was recreated under a new source id, the link of the one still in the source wins.
    const teamLinks = uniqueLinks(input.teamLinks, this.plectoTeams, (id) => this.sourceTeams.has(id));
    this.teamLinks = new Map(teamLinks.map((l) => [l.sourceId, l.plectoUuid] as const));
    const mirrorLinks = uniqueLinks(input.employeeLinks, this.plectoMembers, () => true);
    this.plectoOnlyLinks = input.settings.syncEmployees ? linksFromPlecto(input, mirrorLinks) : [];
    const all =
      this.plectoOnlyLinks.length === 0 ? mirrorLinks : [...mirrorLinks, ...this.plectoOnlyLinks].sort(bySourceId);
    this.employeeLinks = new Map(all.map((l) => [l.sourceId, l]));
    this.manualUuids = new Set(input.manuallyManaged);
    this.activeElsewhere = new Set(input.activeElsewhere);
    this.bothOn = input.settings.syncTeams && input.settings.syncEmployees;
  }

  isManual(member: PlectoMember): boolean {
    return member.managedManually || this.manualUuids.has(member.uuid);
  }

  add(change: Change): void {
    this.byKind.get(change.kind)!.push(change);
  }

  /**
   * R12 order; within a kind by employee then team source id. create_team and
   * update_team keep the order the team step gave them (parents first; moves
   * ordered so that no intermediate state is a cycle, R1).
   */
  orderedChanges(): Change[] {
    const out: Change[] = [];
    for (const kind of CHANGE_KINDS) {
      const list = this.byKind.get(kind)!;
      if (kind !== 'create_team' && kind !== 'update_team') list.sort(byEmployeeThenTeam);
      for (const change of list) out.push(change);
    }
    return out;
  }
}

/**
 * R3 "Plecto is the record": a member whose data suppliers carry this
 * connection's provider label and a source id is managed by this connection,
 * even when the mirror is new. Members or source ids the mirror already links
 * are left to the mirror; a member with two such ids, or an id on two
 * members, goes to the smallest (deterministic, R11).
 */
function linksFromPlecto(input: PlanInput, mirrorLinks: readonly EmployeeLink[]): EmployeeLink[] {
  const label = normalizeProvider(input.providerLabel);
  const linkedSource = new Set<string>();
  const linkedUuid = new Set<string>();
  for (const link of mirrorLinks) {
    linkedSource.add(link.sourceId);
    linkedUuid.add(link.plectoUuid);
  }
  const found: EmployeeLink[] = [];
  for (const member of input.plecto.members) {
    if (linkedUuid.has(member.uuid)) continue;
    for (const api of member.apiProviders) {
      if (api.providerId === '' || linkedSource.has(api.providerId)) continue;
      if (normalizeProvider(api.provider) !== label) continue;
      found.push({ sourceId: api.providerId, plectoUuid: member.uuid, deactivatedBySync: false });
    }
  }
  if (found.length === 0) return found;
  found.sort((x, y) => compareIds(x.sourceId, y.sourceId) || compareIds(x.plectoUuid, y.plectoUuid));
  const seenUuid = new Set<string>();
  const result: EmployeeLink[] = [];
  for (const link of found) {
    const duplicateSource = result.length > 0 && result[result.length - 1].sourceId === link.sourceId;
    if (duplicateSource || seenUuid.has(link.plectoUuid)) continue;
    seenUuid.add(link.plectoUuid);
    result.push(link);
  }
  return result;
}

/**
 * Links whose Plecto side still exists, one per source id and per uuid (a
 * damaged mirror must not make two people claim one member). A link to a
 * vanished uuid counts as no link, so the item is matched again. When two
 * source ids claim one uuid, a `preferred` one wins, then the smallest.
 */
export function uniqueLinks<L extends TeamLink>(
  links: readonly L[],
  existing: Map<string, unknown>,
  preferred: (sourceId: string) => boolean,
): L[] {
  const sorted = links
    .filter((l) => existing.has(l.plectoUuid))
    .sort((x, y) => compareIds(x.sourceId, y.sourceId) || compareIds(x.plectoUuid, y.plectoUuid));
  const bySource: L[] = [];
  for (const link of sorted) {
    if (bySource.length === 0 || bySource[bySource.length - 1].sourceId !== link.sourceId) bySource.push(link);
  }
  const owner = new Map<string, L>();
  for (const link of bySource) {
    const current = owner.get(link.plectoUuid);
    if (current === undefined || (preferred(link.sourceId) && !preferred(current.sourceId))) owner.set(link.plectoUuid, link);
  }
  return bySource.filter((l) => owner.get(l.plectoUuid) === l);
}

export function bySourceId(a: { sourceId: string }, b: { sourceId: string }): number {
  return compareIds(a.sourceId, b.sourceId);
}

function byEmployeeThenTeam(a: Change, b: Change): number {
  return (
    compareIds(a.employee?.sourceId ?? '', b.employee?.sourceId ?? '') ||
    compareIds(a.team?.sourceId ?? '', b.team?.sourceId ?? '')
  );
}
