// Normalisation and lookup indexes the planner matches with (R1, R3). Kept
// apart from the planner so the matching rules read in one place.
import type { PlectoMember, PlectoTeam } from '../domain/model';

/** Code-unit order: locale-independent, so plans are the same on every machine (R11). */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Team names match trimmed, case-insensitively and with any run of spaces as one (R1). */
export function normalizeTeamName(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Provider labels match trimmed and case-insensitively (R3). */
export function normalizeProvider(provider: string): string {
  return provider.trim().toLowerCase();
}

/** Emails match trimmed and case-insensitively (R3); null/blank never matches. */
export function normalizeEmail(email: string | null | undefined): string | null {
  const normalized = (email ?? '').trim().toLowerCase();
  return normalized === '' ? null : normalized;
}

function providerKey(provider: string, providerId: string): string {
  return `${normalizeProvider(provider)}\u0000${providerId}`;
}

/** Plecto team uuids by normalised name, each list sorted by uuid (smallest wins a tie). */
export function indexTeamsByName(teams: readonly PlectoTeam[]): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const team of teams) {
    const key = normalizeTeamName(team.name);
    const list = index.get(key);
    if (list) list.push(team.uuid);
    else index.set(key, [team.uuid]);
  }
  for (const list of index.values()) list.sort(compareIds);
  return index;
}

/**
 * Finds members by email and by (provider, provider id). When several
 * members share a key the smallest uuid wins, so matching is deterministic.
 */
export class MemberIndex {
  private readonly byEmail = new Map<string, string>();
  private readonly byProvider = new Map<string, string>();

  constructor(members: readonly PlectoMember[]) {
    for (const member of members) {
      const email = normalizeEmail(member.email);
      if (email !== null) keepSmallest(this.byEmail, email, member.uuid);
      for (const api of member.apiProviders) {
        keepSmallest(this.byProvider, providerKey(api.provider, api.providerId), member.uuid);
      }
    }
  }

  byProviderId(providerLabel: string, sourceId: string): string | undefined {
    return this.byProvider.get(providerKey(providerLabel, sourceId));
  }

  byEmailAddress(email: string | null): string | undefined {
    const normalized = normalizeEmail(email);
    return normalized === null ? undefined : this.byEmail.get(normalized);
  }
}

function keepSmallest(map: Map<string, string>, key: string, uuid: string): void {
  const current = map.get(key);
  if (current === undefined || uuid < current) map.set(key, uuid);
}

/** Titles: null and "" mean the same (no title). */
export function sameTitle(a: string | null | undefined, b: string | null | undefined): boolean {
  return (a ?? '') === (b ?? '');
}
