// How one change reads in the preview: what it touches and what it changes.
import type { Change, SkippedItem } from '../../../preload/contract';
import { plain } from '../plain';

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

const WOULD: Partial<Record<Change['kind'], (c: Change) => string>> = {
  add_membership: (c) => `would be added to ${c.team?.name}`,
  remove_membership: (c) => `would leave ${c.team?.name}`,
  deactivate_employee: () => 'would be deactivated',
  reactivate_employee: () => 'would be reactivated',
  update_employee: (c) => (c.name !== undefined && c.before?.name !== undefined ? `would be renamed to ${c.name}` : 'would get the title from the source'),
  create_employee: () => 'would be created',
};

/** A skipped item with what was not done (R7), e.g. "managed manually (R7): would be added to Tier 2 — not done". */
export function skippedText(item: SkippedItem): string {
  const what = (item.withheld ?? []).map((c) => WOULD[c.kind]?.(c)).filter(Boolean);
  return what.length > 0 ? `${plain(item.reason)}: ${what.join(', ')} — not done` : plain(item.reason);
}
