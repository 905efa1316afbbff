// The sync rules in plain words (contracts/sync-rules.md): the legend behind
// every rule code in the preview and History, and the Rules page.
export const RULES: { id: string; title: string; text: string }[] = [
  { id: 'R1', title: 'Teams', text: 'Every source team in scope exists in Plecto: linked, matched by name, or created. Renames and parent changes in the source follow; Intercom never changes a Plecto team’s parent.' },
  { id: 'R2', title: 'Team deleted in the source', text: 'The Plecto team is never deleted. Its synced employees leave it. If the team comes back, it links to the same Plecto team.' },
  { id: 'R3', title: 'Employees', text: 'Every source person in scope exists in Plecto: linked, matched by provider id or email, or created. Name and title follow the source; a field the source does not have is never written.' },
  { id: 'R4', title: 'Memberships', text: 'A synced employee is in the same imported teams as in the source. Teams this connection did not import are never touched.' },
  { id: 'R5', title: 'Gone or inactive in the source', text: 'The employee is deactivated in Plecto, never deleted, and leaves this connection’s teams; still active in another connection, it stays active.' },
  { id: 'R6', title: 'Reactivation', text: 'An employee who is active in the source again is reactivated and gets its teams back.' },
  { id: 'R7', title: 'Managed manually', text: 'An employee marked “Manage manually” is never deactivated, reactivated or moved by a sync; the preview lists it as skipped.' },
  { id: 'R8', title: 'Selected teams only', text: 'With “Only sync data for selected teams” on, only those teams and their people are synced. Someone who leaves the scope is not deactivated.' },
  { id: 'R9', title: 'Registrations', text: 'With the scope on, only registrations of employees in the selected teams are imported.' },
  { id: 'R10', title: 'Safeguards', text: 'A failed or inconsistent read changes nothing. A plan that deactivates (or empties teams of) more people than your limits is held for your approval.' },
  { id: 'R11', title: 'Minimal plan', text: 'The same inputs give the same plan. Nothing to do means nothing is written to Plecto. Every change names the rule behind it.' },
  { id: 'R12', title: 'Apply', text: 'Changes are applied in a safe order and journaled, so an interrupted apply resumes without doing anything twice. Failures are retried, then reported; a preview overtaken by a later apply is refused.' },
  { id: 'R13', title: 'Leaving changes out', text: 'You may leave single changes out; the changes that depend on them are left out too, and the preview says which.' },
  { id: 'R14', title: 'Undo', text: 'An applied sync can be undone as a new plan: previewed, held by the safeguards and journaled. What changed again since is listed, not undone.' },
];

const BY_ID = new Map(RULES.map((r) => [r.id, r]));

/** "R4 Memberships: A synced employee is …" for a rule code's tooltip. */
export function ruleLegend(id: string): string {
  const rule = BY_ID.get(id);
  return rule ? `${rule.id} ${rule.title}: ${rule.text}` : `Rule ${id} of the sync rules`;
}
