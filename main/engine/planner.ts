// The pure planner: source directory + Plecto directory + this connection's
// links + settings → the ordered list of changes that brings Plecto in step
// (rules R1–R8, R11). No clock, no randomness, no I/O: the same input always
// gives the same plan, so a preview and the run that follows it agree.
import {
  CHANGE_KINDS,
  type Change,
  type ChangeKind,
  type EmployeeLink,
  type EmployeeRef,
  type Plan,
  type PlanInput,
  type PlectoMember,
  type PlectoTeam,
  type SkippedItem,
  type SourcePerson,
  type SourceTeam,
  type TeamLink,
  type TeamRef,
} from '../domain/model';
import { compareIds, indexTeamsByName, MemberIndex, normalizeTeamName, sameTitle } from './matching';

/** How an in-scope source team exists in Plecto after this plan. */
interface ImportedTeam {
  source: SourceTeam;
  /** null when the team is created by this plan. */
  uuid: string | null;
  how: 'linked' | 'adopted' | 'created';
}

/** A Plecto team this connection links or adopts, as memberships see it. */
interface ManagedTeam {
  sourceId: string;
  name: string;
  uuid: string;
}

interface TeamPlan {
  /** In-scope source teams by source id (empty when Sync teams is off). */
  imported: Map<string, ImportedTeam>;
  adoptions: TeamLink[];
}

/** Shared, read-only facts plus the plan being built. */
class PlanBuilder {
  readonly label: string;
  readonly plectoTeams = new Map<string, PlectoTeam>();
  readonly plectoMembers = new Map<string, PlectoMember>();
  readonly sourceTeams = new Map<string, SourceTeam>();
  /** Source team ids in scope (R8). */
  readonly scope = new Set<string>();
  readonly teamLinks: Map<string, string>;
  readonly employeeLinks: Map<string, EmployeeLink>;
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
    this.teamLinks = new Map(
      uniqueLinks(input.teamLinks, this.plectoTeams).map((l) => [l.sourceId, l.plectoUuid] as const),
    );
    this.employeeLinks = new Map(uniqueLinks(input.employeeLinks, this.plectoMembers).map((l) => [l.sourceId, l]));
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

  /** R12 order; within a kind by employee then team source id; create_team keeps parent-before-child order. */
  orderedChanges(): Change[] {
    const out: Change[] = [];
    for (const kind of CHANGE_KINDS) {
      const list = this.byKind.get(kind)!;
      if (kind !== 'create_team') list.sort(byEmployeeThenTeam);
      for (const change of list) out.push(change);
    }
    return out;
  }
}

export function planSync(input: PlanInput): Plan {
  const b = new PlanBuilder(input);
  const teams: TeamPlan = input.settings.syncTeams
    ? planTeams(b)
    : { imported: new Map(), adoptions: [] };
  const employeeAdoptions = input.settings.syncEmployees ? planEmployees(b, teams) : [];
  return {
    connectionId: input.connectionId,
    providerLabel: input.providerLabel,
    changes: b.orderedChanges(),
    skipped: b.skipped,
    notes: b.notes,
    adoptions: { teams: teams.adoptions, employees: employeeAdoptions },
    managedEmployees: countManagedEmployees(b),
  };
}

// ------------------------------------------------------------------ teams (R1)

function planTeams(b: PlanBuilder): TeamPlan {
  const inScope = b.input.source.teams.filter((t) => b.scope.has(t.sourceId)).sort(bySourceId);
  const imported = new Map<string, ImportedTeam>();
  const adoptions: TeamLink[] = [];

  // Links first, so a name match never takes a team this connection already owns.
  for (const team of inScope) {
    const uuid = b.teamLinks.get(team.sourceId);
    if (uuid !== undefined) imported.set(team.sourceId, { source: team, uuid, how: 'linked' });
  }

  const ownUuids = new Set(b.teamLinks.values());
  const elsewhere = new Map<string, string>();
  for (const l of [...b.input.teamsLinkedElsewhere].sort((x, y) => compareIds(x.connectionId, y.connectionId))) {
    if (!elsewhere.has(l.plectoUuid)) elsewhere.set(l.plectoUuid, l.connectionId);
  }
  const byName = indexTeamsByName(b.input.plecto.teams);
  const claimed = new Set<string>();
  for (const team of inScope) {
    if (imported.has(team.sourceId)) continue;
    const candidates = byName.get(normalizeTeamName(team.name)) ?? [];
    const pick = candidates.find((u) => !ownUuids.has(u) && !elsewhere.has(u) && !claimed.has(u));
    if (pick !== undefined) {
      claimed.add(pick);
      imported.set(team.sourceId, { source: team, uuid: pick, how: 'adopted' });
      adoptions.push({ sourceId: team.sourceId, plectoUuid: pick });
      continue;
    }
    const taken = candidates.find((u) => elsewhere.has(u));
    if (taken !== undefined) {
      const owner = elsewhere.get(taken);
      b.notes.push(
        `Team "${team.name}" exists in Plecto but is linked to connection "${owner}"; ` +
          'a separate team will be created (R1).',
      );
    }
    imported.set(team.sourceId, { source: team, uuid: null, how: 'created' });
  }

  const parentOf = effectiveParents(b, inScope);
  const parentRef = (sourceId: string): TeamRef | null => {
    const parentId = parentOf.get(sourceId) ?? null;
    if (parentId === null) return null;
    const parent = imported.get(parentId)!;
    return { sourceId: parentId, name: parent.source.name, plectoUuid: parent.uuid };
  };

  for (const team of inScope) {
    const entry = imported.get(team.sourceId)!;
    if (entry.how === 'created') continue;
    const plectoTeam = b.plectoTeams.get(entry.uuid!)!;
    const parent = parentRef(team.sourceId);
    // A parent created by this plan has no uuid yet, so the team must move.
    const parentChanged =
      parent === null
        ? plectoTeam.parent !== null
        : parent.plectoUuid === null || parent.plectoUuid !== plectoTeam.parent;
    const renamed = entry.how === 'linked' && plectoTeam.name !== team.name;
    if (!renamed && !parentChanged) continue;
    const change: Change = {
      id: `update_team:${team.sourceId}`,
      kind: 'update_team',
      rule: 'R1',
      reason: '',
      team: { sourceId: team.sourceId, name: team.name, plectoUuid: entry.uuid },
      before: {},
    };
    const what: string[] = [];
    if (renamed) {
      change.name = team.name;
      change.before!.name = plectoTeam.name;
      what.push(`was renamed from "${plectoTeam.name}"`);
    }
    if (parentChanged) {
      change.parent = parent;
      change.before!.parent = plectoTeam.parent;
      what.push(parent === null ? 'moved to the top level' : `moved under "${parent.name}"`);
    }
    change.reason = `${b.label} team "${team.name}" ${what.join(' and ')} (R1)`;
    b.add(change);
  }

  // Creates: each team after its not-yet-emitted ancestors, otherwise by source id.
  const emitted = new Set<string>();
  for (const team of inScope) {
    const chain: ImportedTeam[] = [];
    let current: string | null = team.sourceId;
    while (current !== null && !emitted.has(current) && imported.get(current)!.how === 'created') {
      emitted.add(current);
      chain.push(imported.get(current)!);
      current = parentOf.get(current) ?? null;
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      const created = chain[i].source;
      b.add({
        id: `create_team:${created.sourceId}`,
        kind: 'create_team',
        rule: 'R1',
        reason: `${b.label} team "${created.name}" has no Plecto team yet (R1)`,
        team: { sourceId: created.sourceId, name: created.name, plectoUuid: null },
        parent: parentRef(created.sourceId),
      });
    }
  }

  return { imported, adoptions };
}

/**
 * Each in-scope team's parent among the in-scope teams (all of which this plan
 * imports), or null. A cycle in the source hierarchy is cut at its smallest
 * source id, which goes to the top level, so nothing ever loops.
 */
function effectiveParents(b: PlanBuilder, inScope: readonly SourceTeam[]): Map<string, string | null> {
  const parentOf = new Map<string, string | null>();
  for (const team of inScope) {
    const p = team.parentSourceId;
    parentOf.set(team.sourceId, p !== null && b.scope.has(p) ? p : null);
  }
  const ON_PATH = 1;
  const DONE = 2;
  const state = new Map<string, number>();
  for (const team of inScope) {
    const path: string[] = [];
    let current: string | null = team.sourceId;
    while (current !== null && !state.has(current)) {
      state.set(current, ON_PATH);
      path.push(current);
      current = parentOf.get(current) ?? null;
    }
    if (current !== null && state.get(current) === ON_PATH) {
      const cycle = path.slice(path.indexOf(current));
      const top = [...cycle].sort(compareIds)[0];
      parentOf.set(top, null);
      const names = cycle
        .sort(compareIds)
        .map((id) => `"${b.sourceTeams.get(id)!.name}"`)
        .join(', ');
      const topName = b.sourceTeams.get(top)!.name;
      b.notes.push(`${b.label} teams ${names} form a parent cycle; "${topName}" is placed at the top level (R1).`);
    }
    for (const id of path) state.set(id, DONE);
  }
  return parentOf;
}

// ------------------------------------------------------------------ employees (R3–R8)

interface Match {
  uuid: string;
  via: 'linked' | 'adopted' | 'email';
}

interface MembershipTeams {
  /** Linked/adopted Plecto teams in scope, by uuid (R4 "current"). */
  inScope: Map<string, ManagedTeam>;
  /** Linked Plecto teams whose source team was deleted (R2). */
  deleted: Map<string, ManagedTeam>;
  /** Every linked/adopted team, regardless of scope (R5). */
  all: Map<string, ManagedTeam>;
}

function planEmployees(b: PlanBuilder, teams: TeamPlan): EmployeeLink[] {
  const people = [...b.input.source.people].sort(bySourceId);
  const { present, gone } = pairWithLinks(b, people);
  const candidates: SourcePerson[] = [];
  for (const entry of present) {
    // Unlinked people that are inactive or out of scope are never matched nor created.
    if (entry.link === null && entry.person.active && entry.eligible) candidates.push(entry.person);
  }
  const { matches, creates, adoptions } = matchPeople(b, candidates);
  const membershipTeams = managedTeams(b, teams);

  for (const { person, link, eligible } of present) {
    const match: Match | undefined = link ? { uuid: link.plectoUuid, via: 'linked' } : matches.get(person.sourceId);
    if (match) planMatchedPerson(b, teams, membershipTeams, person, match, link, eligible);
    else if (creates.has(person.sourceId)) planCreate(b, teams, person);
  }

  // Linked people that are gone from the source (R5).
  for (const link of gone) {
    const member = b.plectoMembers.get(link.plectoUuid)!;
    const ref: EmployeeRef = {
      sourceId: link.sourceId,
      name: member.name,
      email: member.email,
      plectoUuid: member.uuid,
    };
    const bucket = leaveSource(b, membershipTeams, ref, member, `${member.name} is no longer in ${b.label}`);
    flush(b, ref, member, bucket);
  }
  return adoptions;
}

interface PresentPerson {
  person: SourcePerson;
  link: EmployeeLink | null;
  eligible: boolean;
}

/**
 * Pairs source people with this connection's links. Both lists are in source
 * id order, so one merge pass does it without hashing 100,000 ids twice.
 */
function pairWithLinks(
  b: PlanBuilder,
  people: readonly SourcePerson[],
): { present: PresentPerson[]; gone: EmployeeLink[] } {
  const links = [...b.employeeLinks.values()];
  const present: PresentPerson[] = [];
  const gone: EmployeeLink[] = [];
  let i = 0;
  for (const person of people) {
    while (i < links.length && compareIds(links[i].sourceId, person.sourceId) < 0) gone.push(links[i++]);
    const link = i < links.length && links[i].sourceId === person.sourceId ? links[i++] : null;
    present.push({ person, link, eligible: isEligible(b, person) });
  }
  while (i < links.length) gone.push(links[i++]);
  return { present, gone };
}

/** R8 scope and the connector's own rule (Salesforce: a synced role). */
function isEligible(b: PlanBuilder, person: SourcePerson): boolean {
  const settings = b.input.settings;
  if (!settings.onlySelectedTeams && !b.input.connectorRules.employeeNeedsSyncedTeam) return true;
  for (const teamId of person.teamSourceIds) if (b.scope.has(teamId)) return true;
  return false;
}

/**
 * R3 matching of unlinked people: provider id → email → create. Provider ids
 * are matched for everybody before emails, so the stronger match wins a
 * contested member; otherwise the smallest source id wins and the rest are skipped.
 */
function matchPeople(
  b: PlanBuilder,
  candidates: readonly SourcePerson[],
): { matches: Map<string, Match>; creates: Set<string>; adoptions: EmployeeLink[] } {
  const matches = new Map<string, Match>();
  const creates = new Set<string>();
  const adoptions: EmployeeLink[] = [];
  // In a steady state everybody is linked already: skip building the indexes.
  if (candidates.length === 0) return { matches, creates, adoptions };

  const claimedBy = new Map<string, SourcePerson | string>();
  for (const link of b.employeeLinks.values()) claimedBy.set(link.plectoUuid, link.sourceId);
  const index = new MemberIndex(b.input.plecto.members);
  const decided = new Set<string>();

  const claim = (person: SourcePerson, uuid: string, via: Match['via']): void => {
    decided.add(person.sourceId);
    const owner = claimedBy.get(uuid);
    if (owner !== undefined) {
      const ownerText = typeof owner === 'string' ? `${b.label} person ${owner}` : `${owner.name} (${owner.sourceId})`;
      const member = b.plectoMembers.get(uuid)!;
      b.skipped.push({
        employee: { sourceId: person.sourceId, name: person.name, plectoUuid: null },
        reason: `matches Plecto employee "${member.name}", which is already matched to ${ownerText} (R3)`,
      });
      return;
    }
    claimedBy.set(uuid, person);
    matches.set(person.sourceId, { uuid, via });
    if (via === 'adopted') adoptions.push({ sourceId: person.sourceId, plectoUuid: uuid, deactivatedBySync: false });
  };

  for (const person of candidates) {
    const uuid = index.byProviderId(b.label, person.sourceId);
    if (uuid !== undefined) claim(person, uuid, 'adopted');
  }
  for (const person of candidates) {
    if (decided.has(person.sourceId)) continue;
    const uuid = index.byEmailAddress(person.email);
    if (uuid !== undefined) claim(person, uuid, 'email');
    else creates.add(person.sourceId);
  }
  return { matches, creates, adoptions };
}

function managedTeams(b: PlanBuilder, teams: TeamPlan): MembershipTeams {
  const result: MembershipTeams = { inScope: new Map(), deleted: new Map(), all: new Map() };
  for (const [sourceId, uuid] of b.teamLinks) {
    const source = b.sourceTeams.get(sourceId);
    const team = { sourceId, uuid, name: source ? source.name : b.plectoTeams.get(uuid)!.name };
    result.all.set(uuid, team);
    if (!source) result.deleted.set(uuid, team);
  }
  for (const entry of teams.imported.values()) {
    if (entry.uuid === null) continue;
    const team = { sourceId: entry.source.sourceId, uuid: entry.uuid, name: entry.source.name };
    result.all.set(entry.uuid, team);
    result.inScope.set(entry.uuid, team);
  }
  return result;
}

function planCreate(b: PlanBuilder, teams: TeamPlan, person: SourcePerson): void {
  const ref: EmployeeRef = { sourceId: person.sourceId, name: person.name, email: person.email, plectoUuid: null };
  b.add({
    id: `create_employee:${person.sourceId}`,
    kind: 'create_employee',
    rule: 'R3',
    reason: `${person.name} is in ${b.label} but not in Plecto (R3)`,
    employee: ref,
    title: person.title,
  });
  if (!b.bothOn) return;
  for (const teamId of desiredTeams(teams, person)) {
    const team = teamRefOf(teams, teamId);
    b.add(membership('add_membership', 'R4', ref, team, `${person.name} is in ${b.label} team "${team.name}" (R4)`));
  }
}

function planMatchedPerson(
  b: PlanBuilder,
  teams: TeamPlan,
  membershipTeams: MembershipTeams,
  person: SourcePerson,
  match: Match,
  link: EmployeeLink | null,
  eligible: boolean,
): void {
  const member = b.plectoMembers.get(match.uuid)!;
  const ref: EmployeeRef = {
    sourceId: person.sourceId,
    name: person.name,
    email: person.email ?? member.email,
    plectoUuid: member.uuid,
  };
  const bucket: Change[] = [];
  if (match.via === 'email') {
    bucket.push({
      id: `link_employee:${person.sourceId}`,
      kind: 'link_employee',
      rule: 'R3',
      reason:
        `${person.name} in ${b.label} has the same email (${(person.email ?? '').trim()}) ` +
        `as Plecto employee "${member.name}"; they will be linked (R3)`,
      employee: ref,
    });
  }

  if (!person.active) {
    // Only linked people get here: unlinked inactive people are never matched.
    bucket.push(...leaveSource(b, membershipTeams, ref, member, `${person.name} is inactive in ${b.label}`));
    flush(b, ref, member, bucket);
    return;
  }

  const deactivatedBySync = link !== null && link.deactivatedBySync;
  const reactivate = !member.isActive && deactivatedBySync && eligible;
  if (!member.isActive && !reactivate) {
    if (!deactivatedBySync) {
      b.skipped.push({
        employee: { sourceId: person.sourceId, name: person.name, plectoUuid: member.uuid },
        reason: 'inactive in Plecto, not deactivated by this sync (R6)',
      });
    }
    if (b.bothOn) bucket.push(...deletedTeamRemovals(b, membershipTeams, ref, member));
    flush(b, ref, member, bucket);
    return;
  }

  if (reactivate) {
    bucket.push({
      id: `reactivate_employee:${person.sourceId}`,
      kind: 'reactivate_employee',
      rule: 'R6',
      reason: `${person.name} is active in ${b.label} again (R6)`,
      employee: ref,
    });
  }
  // Out of scope (R8): no updates; memberships in in-scope teams still follow R4.
  if (eligible) {
    const update = employeeUpdate(b, ref, person, member);
    if (update) bucket.push(update);
  }
  if (b.bothOn) {
    bucket.push(...membershipChanges(b, teams, membershipTeams, ref, person, member));
    bucket.push(...deletedTeamRemovals(b, membershipTeams, ref, member));
  }
  flush(b, ref, member, bucket);
}

function employeeUpdate(b: PlanBuilder, ref: EmployeeRef, person: SourcePerson, member: PlectoMember): Change | null {
  const nameChanged = person.name !== member.name;
  const titleChanged = !sameTitle(person.title, member.title);
  if (!nameChanged && !titleChanged) return null;
  const what = nameChanged && titleChanged ? 'name and title differ' : nameChanged ? 'name differs' : 'title differs';
  const change: Change = {
    id: `update_employee:${person.sourceId}`,
    kind: 'update_employee',
    rule: 'R3',
    reason: `${person.name}'s ${what} in ${b.label} (R3)`,
    employee: ref,
    before: {},
  };
  if (nameChanged) {
    change.name = person.name;
    change.before!.name = member.name;
  }
  if (titleChanged) {
    change.title = person.title;
    change.before!.title = member.title;
  }
  return change;
}

/** The person's in-scope source teams; all of them are imported when Sync teams is on. */
function desiredTeams(teams: TeamPlan, person: SourcePerson): string[] {
  const ids = person.teamSourceIds;
  return ids.filter((t, i) => teams.imported.has(t) && ids.indexOf(t) === i);
}

function teamRefOf(teams: TeamPlan, teamId: string): TeamRef {
  const entry = teams.imported.get(teamId)!;
  return { sourceId: teamId, name: entry.source.name, plectoUuid: entry.uuid };
}

/** R4: memberships in this connection's in-scope teams equal the source's. */
function membershipChanges(
  b: PlanBuilder,
  teams: TeamPlan,
  membershipTeams: MembershipTeams,
  ref: EmployeeRef,
  person: SourcePerson,
  member: PlectoMember,
): Change[] {
  // Membership lists are short: arrays beat Sets here (this runs for every person).
  const desired = desiredTeams(teams, person);
  const current: string[] = [];
  const changes: Change[] = [];
  for (const uuid of member.teams) {
    const team = membershipTeams.inScope.get(uuid);
    if (!team) continue;
    current.push(team.sourceId);
    if (!desired.includes(team.sourceId)) {
      const reason = `${person.name} left ${b.label} team "${team.name}" (R4)`;
      changes.push(membership('remove_membership', 'R4', ref, managedRef(team), reason));
    }
  }
  for (const teamId of desired) {
    if (current.includes(teamId)) continue;
    const team = teamRefOf(teams, teamId);
    changes.push(membership('add_membership', 'R4', ref, team, `${person.name} is in ${b.label} team "${team.name}" (R4)`));
  }
  return changes;
}

/** R2: a team deleted in the source keeps existing in Plecto, without this connection's employees. */
function deletedTeamRemovals(
  b: PlanBuilder,
  membershipTeams: MembershipTeams,
  ref: EmployeeRef,
  member: PlectoMember,
): Change[] {
  const changes: Change[] = [];
  for (const uuid of member.teams) {
    const team = membershipTeams.deleted.get(uuid);
    if (!team) continue;
    const reason = `${b.label} team "${team.name}" was deleted in ${b.label}, so ${ref.name} leaves its Plecto team (R2)`;
    changes.push(membership('remove_membership', 'R2', ref, managedRef(team), reason));
  }
  return changes;
}

/** R5: a managed employee gone from the source or inactive there. */
function leaveSource(
  b: PlanBuilder,
  membershipTeams: MembershipTeams,
  ref: EmployeeRef,
  member: PlectoMember,
  why: string,
): Change[] {
  const changes: Change[] = [];
  const keptActive = member.isActive && b.activeElsewhere.has(member.uuid);
  if (member.isActive && !keptActive) {
    changes.push({
      id: `deactivate_employee:${ref.sourceId}`,
      kind: 'deactivate_employee',
      rule: 'R5',
      reason: `${why} (R5)`,
      employee: ref,
    });
  }
  for (const uuid of member.teams) {
    const team = membershipTeams.all.get(uuid);
    if (!team) continue;
    const reason = keptActive
      ? `${why}, but another connection still has them active, so they only leave ${b.label} team "${team.name}" (R5)`
      : `${why}, so they leave ${b.label} team "${team.name}" (R5)`;
    changes.push(membership('remove_membership', 'R5', ref, managedRef(team), reason));
  }
  return changes;
}

function membership(
  kind: 'add_membership' | 'remove_membership',
  rule: Change['rule'],
  employee: EmployeeRef,
  team: TeamRef,
  reason: string,
): Change {
  return { id: `${kind}:${employee.sourceId}:${team.sourceId}`, kind, rule, reason, employee, team };
}

function managedRef(team: ManagedTeam): TeamRef {
  return { sourceId: team.sourceId, name: team.name, plectoUuid: team.uuid };
}

/** R7: a manually managed member gets no changes, only one skipped entry; a link is not a change to the member. */
function flush(b: PlanBuilder, ref: EmployeeRef, member: PlectoMember, bucket: Change[]): void {
  if (bucket.length > 0 && b.isManual(member) && bucket.some((c) => c.kind !== 'link_employee')) {
    b.skipped.push({
      employee: { sourceId: ref.sourceId, name: ref.name, plectoUuid: member.uuid },
      reason: 'managed manually (R7)',
    });
    for (const change of bucket) if (change.kind === 'link_employee') b.add(change);
    return;
  }
  for (const change of bucket) b.add(change);
}

// ------------------------------------------------------------------ helpers

/** This connection's linked employees that exist, are active in Plecto and not manual (R10 base). */
function countManagedEmployees(b: PlanBuilder): number {
  let count = 0;
  for (const link of b.employeeLinks.values()) {
    const member = b.plectoMembers.get(link.plectoUuid)!;
    if (member.isActive && !b.isManual(member)) count++;
  }
  return count;
}

/**
 * Links whose Plecto side still exists, one per source id and per uuid (a
 * damaged mirror must not make two people claim one member). A link to a
 * vanished uuid counts as no link, so the item is matched again.
 */
function uniqueLinks<L extends TeamLink>(links: readonly L[], existing: Map<string, unknown>): L[] {
  const sorted = [...links].sort(
    (x, y) => compareIds(x.sourceId, y.sourceId) || compareIds(x.plectoUuid, y.plectoUuid),
  );
  const seenUuid = new Set<string>();
  const result: L[] = [];
  for (const link of sorted) {
    const duplicateSource = result.length > 0 && result[result.length - 1].sourceId === link.sourceId;
    if (duplicateSource || seenUuid.has(link.plectoUuid) || !existing.has(link.plectoUuid)) continue;
    seenUuid.add(link.plectoUuid);
    result.push(link);
  }
  return result;
}

function bySourceId(a: { sourceId: string }, b: { sourceId: string }): number {
  return compareIds(a.sourceId, b.sourceId);
}

function byEmployeeThenTeam(a: Change, b: Change): number {
  return (
    compareIds(a.employee?.sourceId ?? '', b.employee?.sourceId ?? '') ||
    compareIds(a.team?.sourceId ?? '', b.team?.sourceId ?? '')
  );
}
