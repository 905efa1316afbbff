// R3 employees: match source people to Plecto members (link → provider id →
// email → create), keep name and title in step, and hand each person to the
// membership (R4) and activation (R5, R6, R7) rules.
import type { Change, EmployeeLink, EmployeeRef, PlectoMember, SourcePerson } from '../../domain/model';
import { compareIds, MemberIndex, sameTitle } from '../matching';
import { flush, leaveSource, reactivation } from './activation';
import { bySourceId, type PlanBuilder, type TeamPlan } from './builder';
import {
  deletedTeamRemovals,
  initialMemberships,
  managedTeams,
  membershipChanges,
  type MembershipTeams,
} from './memberships';

interface Match {
  uuid: string;
  via: 'linked' | 'adopted' | 'email';
}

interface PresentPerson {
  person: SourcePerson;
  link: EmployeeLink | null;
  eligible: boolean;
}

/** Plans every employee change; returns the links the mirror records without a write (adoptions). */
export function planEmployees(b: PlanBuilder, teams: TeamPlan): EmployeeLink[] {
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
    if (match) planMatchedPerson(b, teams, membershipTeams, person, match, eligible);
    else if (creates.has(person.sourceId)) planCreate(b, teams, person);
  }

  // Managed people that are gone from the source (R5).
  for (const link of gone) {
    const member = b.plectoMembers.get(link.plectoUuid)!;
    const ref: EmployeeRef = { sourceId: link.sourceId, name: member.name, email: member.email, plectoUuid: member.uuid };
    const bucket = leaveSource(b, membershipTeams, ref, member, `${member.name} is no longer in ${b.label}`);
    flush(b, ref, member, bucket);
  }
  // Links read from Plecto's data suppliers are stored like any adoption (R3).
  if (b.plectoOnlyLinks.length === 0) return adoptions;
  return [...b.plectoOnlyLinks, ...adoptions].sort(bySourceId);
}

/**
 * Pairs source people with this connection's links. Both lists are in source
 * id order, so one merge pass does it without hashing 100,000 ids twice.
 */
function pairWithLinks(b: PlanBuilder, people: readonly SourcePerson[]): { present: PresentPerson[]; gone: EmployeeLink[] } {
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

function planCreate(b: PlanBuilder, teams: TeamPlan, person: SourcePerson): void {
  const ref: EmployeeRef = { sourceId: person.sourceId, name: person.name, email: person.email, plectoUuid: null };
  const change: Change = {
    id: `create_employee:${person.sourceId}`,
    kind: 'create_employee',
    rule: 'R3',
    reason: `${person.name} is in ${b.label} but not in Plecto (R3)`,
    employee: ref,
  };
  // R3: a source without titles leaves `title` absent (not null): absent is not empty.
  if (b.input.connectorRules.hasTitle) change.title = person.title;
  b.add(change);
  if (!b.bothOn) return;
  for (const add of initialMemberships(b, teams, ref, person)) b.add(add);
}

function planMatchedPerson(
  b: PlanBuilder,
  teams: TeamPlan,
  membershipTeams: MembershipTeams,
  person: SourcePerson,
  match: Match,
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
    // Only managed people get here: unlinked inactive people are never matched.
    bucket.push(...leaveSource(b, membershipTeams, ref, member, `${person.name} is inactive in ${b.label}`));
    flush(b, ref, member, bucket);
    return;
  }

  // R6 for everyone this connection manages (or links now); R8: not for people out of scope.
  if (!member.isActive && !eligible) {
    if (b.bothOn) bucket.push(...deletedTeamRemovals(b, membershipTeams, ref, member));
    flush(b, ref, member, bucket);
    return;
  }
  if (!member.isActive) bucket.push(reactivation(b, ref));
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
  // R3: a source without titles never writes one.
  const titleChanged = b.input.connectorRules.hasTitle && !sameTitle(person.title, member.title);
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
