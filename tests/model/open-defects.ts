// Engine defects the model-based test found that are not fixed yet. While one
// is listed here, ONLY the event that triggers it is left out of generation,
// so CI stays green and every other invariant keeps being checked. The lead
// decides; remove an entry as soon as its fix lands (its shrunk case in
// ./cases.ts then loses its `open` flag and guards the fix in
// ./regressions.test.ts). Diagnoses: the report and /tmp/fuzz-findings.md.
export const OPEN_DEFECTS = {
  /**
   * F4 (R3/R4): a member an admin creates by hand (a source person's email) while an apply runs — after its
   * read of Plecto, before the planned create of that person — loses her hand-made teams: the create is sent
   * with the plan's team list and Plecto attaches it to her by email. (4eba76f re-reads a known member before
   * its write; a planned create has no member to re-read.) Left out: the admin edit "createMember" made during
   * an apply (right after one of its writes); between syncs or between a preview and its apply it is generated.
   */
  createMemberDuringApply: true,
} as const satisfies Record<string, boolean>;
