// How one change reads in the preview: what it touches and what it changes.
import type { Change } from '../../../preload/contract';

export function subjectOf(change: Change): string {
  const who = change.employee ? change.employee.name : '';
  const team = change.team?.name ?? '';
  switch (change.kind) {
    case 'add_membership':
      return `${who} → ${team}`;
    case 'remove_membership':
      return `${who} ✕ ${team}`;
    case 'create_team':
    case 'update_team':
      return team;
    default:
      return who || team;
  }
}

export function detailsOf(change: Change): string[] {
  const out: string[] = [];
  if (change.employee?.email && change.kind !== 'add_membership' && change.kind !== 'remove_membership') out.push(change.employee.email);
  if (change.name !== undefined && change.before?.name !== undefined) out.push(`Name: ${change.before.name} → ${change.name}`);
  if (change.title !== undefined) {
    out.push(change.before && 'title' in change.before ? `Title: ${change.before.title ?? '—'} → ${change.title ?? '—'}` : `Title: ${change.title ?? '—'}`);
  }
  if (change.parent !== undefined) out.push(change.parent ? `Parent team: ${change.parent.name}` : 'Top-level team');
  return out;
}

export function searchText(change: Change): string {
  return [change.kind, change.rule, change.reason, change.team?.name, change.employee?.name, change.employee?.email, change.name, change.title]
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
}
