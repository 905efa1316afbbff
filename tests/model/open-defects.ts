// Engine defects the model-based test found that are not fixed yet. While one
// is listed here, ONLY the event that triggers it is left out of generation,
// so CI stays green and every other invariant keeps being checked. The lead
// decides; remove an entry as soon as its fix lands (its shrunk case in
// ./cases.ts then loses its `open` flag and guards the fix in
// ./regressions.test.ts). Diagnoses: the report and /tmp/fuzz-findings.md.
export const OPEN_DEFECTS = {
  /**
   * F4 (R3/R4): a member an admin makes by hand (a source person's email) after the apply read Plecto, just
   * before its writes, loses her hand-made teams to the planned create. Left out: the admin edit
   * "createMember" made during an apply (edit-before a write); made between syncs or between preview and apply
   * it is still generated.
   */
  createMemberDuringApply: true,
} as const satisfies Record<string, boolean>;
