// The compatibility report of `check` (contracts/cli.md): per system, each
// contract item the sync relies on as ok / differs / not seen. It holds
// counts, field names and header names only — never a secret, never a
// person's name, email or id — so an admin can send it to support as it is.

export type CheckStatus = 'ok' | 'differs' | 'not seen';

export interface CheckItem {
  /** The contract item, e.g. "members: api_providers and its keys". */
  item: string;
  status: CheckStatus;
  /** What was seen, in plain words (counts and field names only). */
  detail: string;
  /**
   * The sync writes to Plecto through this item (what it reads decides what it
   * writes): while it differs, plan and apply refuse to write.
   */
  guardsWrites: boolean;
}

export interface SystemReport {
  /** "plecto" or a connection id. */
  system: string;
  /** "plecto", "intercom", "salesforce", "enreach". */
  type: string;
  /** Which account was checked (host and user name; never a secret). */
  account: string;
  checkedAt: string;
  items: CheckItem[];
  /** Why the system could not be read at all (sign-in, network); the items seen before are kept. */
  error?: string;
}

/** Collects the items of one system as a check goes along. */
export class ItemList {
  readonly items: CheckItem[] = [];

  ok(item: string, detail: string, guardsWrites = false): void {
    this.items.push({ item, status: 'ok', detail, guardsWrites });
  }

  differs(item: string, detail: string, guardsWrites = false): void {
    this.items.push({ item, status: 'differs', detail, guardsWrites });
  }

  notSeen(item: string, detail: string, guardsWrites = false): void {
    this.items.push({ item, status: 'not seen', detail, guardsWrites });
  }

  /** ok when `good`, else differs. */
  expect(good: boolean, item: string, okDetail: string, differsDetail: string, guardsWrites = false): void {
    if (good) this.ok(item, okDetail, guardsWrites);
    else this.differs(item, differsDetail, guardsWrites);
  }
}

/** A system passes when it was read and nothing it needs differs ("not seen" is a note, not a failure). */
export function passed(report: SystemReport): boolean {
  return !report.error && report.items.every((i) => i.status !== 'differs');
}

/** The items that make plan and apply refuse to write. */
export function writeBlockers(report: SystemReport): CheckItem[] {
  return report.items.filter((i) => i.status === 'differs' && i.guardsWrites);
}

/** The JSON of `check --json` (contracts/cli.md), one object per system. */
export function reportJson(reports: SystemReport[]) {
  return reports.map((r) => ({
    system: r.system,
    type: r.type,
    account: r.account,
    checkedAt: r.checkedAt,
    ...(r.error ? { error: r.error } : {}),
    items: r.items.map((i) => ({ item: i.item, status: i.status, detail: i.detail, ...(i.guardsWrites ? { guardsWrites: true } : {}) })),
  }));
}

const MARK: Record<CheckStatus, string> = { ok: 'ok       ', differs: 'DIFFERS  ', 'not seen': 'not seen ' };

/** The same facts as readable text. */
export function reportText(reports: SystemReport[]): string {
  const lines: string[] = [];
  for (const r of reports) {
    const verdict = r.error ? 'could not be read' : passed(r) ? 'compatible' : 'differs from what the app expects';
    lines.push(`${r.system} (${r.type}, ${r.account}): ${verdict}`);
    if (r.error) lines.push(`  ${r.error}`);
    for (const i of r.items) lines.push(`  ${MARK[i.status]}${i.item}: ${i.detail}${i.status === 'differs' && i.guardsWrites ? ' [plan and apply will not write]' : ''}`);
    lines.push('');
  }
  const failing = reports.filter((r) => !passed(r));
  lines.push(
    failing.length === 0
      ? 'Everything the sync relies on was seen as expected.'
      : `Check the items marked DIFFERS in ${failing.map((r) => r.system).join(', ')}; send this report to support if you need help.`,
  );
  return lines.join('\n') + '\n';
}

/** "3,600" — the rate a set of rate-limit headers suggests for `requestsPerHour`. */
export function suggestedRequestsPerHour(limit: number, windowSeconds: number): number {
  return Math.floor((limit * 3600) / windowSeconds);
}
