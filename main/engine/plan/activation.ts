// R5 deactivation, R6 reactivation and R7 "managed manually": who is active
// in Plecto, and which members a sync never writes at all.
import type { Change, EmployeeRef, PlectoMember } from '../../domain/model';
import type { PlanBuilder } from './builder';
import { managedRef, membership, type MembershipTeams } from './memberships';

/** R5: a managed employee gone from the source or inactive there. */
export function leaveSource(
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

/**
 * R6: a managed member who is active in this source is active in Plecto,
 * whoever deactivated it (this sync, another connection, an admin). To keep
 * someone deactivated, an admin marks them managed manually (R7).
 */
export function reactivation(b: PlanBuilder, ref: EmployeeRef): Change {
  return {
    id: `reactivate_employee:${ref.sourceId}`,
    kind: 'reactivate_employee',
    rule: 'R6',
    reason: `${ref.name} is active in ${b.label} again (R6)`,
    employee: ref,
  };
}

/** R7: a manually managed member gets no changes (a link neither), only one skipped entry with the reason. */
export function flush(b: PlanBuilder, ref: EmployeeRef, member: PlectoMember, bucket: Change[]): void {
  if (bucket.length > 0 && b.isManual(member)) {
    // A link is a member write too (it sets name, state and teams): a manual member gets none.
    const linkOnly = bucket.every((c) => c.kind === 'link_employee');
    b.skipped.push({
      employee: { sourceId: ref.sourceId, name: ref.name, plectoUuid: member.uuid },
      reason: linkOnly ? 'managed manually (R7): not linked, nothing is written to them' : 'managed manually (R7)',
      // What the sync would have done, so the preview can say what was skipped (issue 11, point 10).
      ...(linkOnly ? {} : { withheld: bucket.filter((c) => c.kind !== 'link_employee') }),
    });
    return;
  }
  for (const change of bucket) b.add(change);
}

/** This connection's managed employees that exist, are active in Plecto and not manual (R10 base). */
export function countManagedEmployees(b: PlanBuilder): number {
  let count = 0;
  for (const link of b.employeeLinks.values()) {
    const member = b.plectoMembers.get(link.plectoUuid)!;
    if (member.isActive && !b.isManual(member)) count++;
  }
  return count;
}
