// Turns GET /admins and GET /teams into a SourceDirectory. Intercom keeps
// membership on both sides (admin.team_ids, team.admin_ids) and they can
// disagree for a moment: an admin is a member if either side says so.
import { SourceReadError, type SourceDirectory, type SourcePerson, type SourceTeam } from '../../domain/model';
import { INTERCOM_SYSTEM, type IntercomApi } from './api';

export interface IntercomAdmin {
  id: string;
  name: string;
  email: string | null;
  title: string | null;
  teamIds: string[];
}

export interface IntercomTeam {
  id: string;
  name: string;
  adminIds: string[];
}

export async function readIntercomDirectory(api: IntercomApi): Promise<SourceDirectory> {
  // Sequential on purpose: two cheap calls, and a failure of either throws before anything is returned (R10).
  const admins = parseAdmins(await api.get('/admins'), api.origin);
  const teams = parseTeams(await api.get('/teams'), api.origin);
  return buildDirectory(admins, teams);
}

export function buildDirectory(admins: IntercomAdmin[], teams: IntercomTeam[]): SourceDirectory {
  const teamIds = new Set(teams.map((t) => t.id));
  const membership = new Map<string, Set<string>>(admins.map((a) => [a.id, new Set(a.teamIds)]));
  for (const team of teams) {
    // Only for admins that exist: a team may still list an admin who was removed from the workspace.
    for (const adminId of team.adminIds) membership.get(adminId)?.add(team.id);
  }
  const people: SourcePerson[] = admins.map((admin) => ({
    sourceId: admin.id,
    name: admin.name,
    email: admin.email,
    title: admin.title,
    // Intercom has no inactive admins: a removed admin disappears from /admins.
    active: true,
    // Only teams that exist in /teams, so the planner never sees a dangling team id.
    teamSourceIds: [...membership.get(admin.id)!].filter((id) => teamIds.has(id)).sort(byString),
  }));
  const sourceTeams: SourceTeam[] = teams.map((team) => ({ sourceId: team.id, name: team.name, parentSourceId: null }));
  return {
    teams: sourceTeams.sort((a, b) => byString(a.sourceId, b.sourceId)),
    people: people.sort((a, b) => byString(a.sourceId, b.sourceId)),
  };
}

/** Parses an admin.list; keeps only `type: "admin"` (old versions mixed team entries in). */
export function parseAdmins(body: unknown, origin: string): IntercomAdmin[] {
  const list = (body as { admins?: unknown })?.admins;
  if (!Array.isArray(list)) throw badAnswer('GET /admins', 'an "admins" list', origin);
  const admins: IntercomAdmin[] = [];
  for (const entry of list) {
    if (!isObject(entry) || entry.type !== 'admin') continue;
    const id = idOf(entry.id);
    if (!id) throw badAnswer('GET /admins', 'every admin to have an id', origin);
    const email = text(entry.email);
    admins.push({
      id,
      name: text(entry.name) ?? email ?? `Intercom admin ${id}`,
      email,
      title: text(entry.job_title),
      teamIds: idList(entry.team_ids, 'GET /admins', origin),
    });
  }
  return admins;
}

export function parseTeams(body: unknown, origin: string): IntercomTeam[] {
  const list = (body as { teams?: unknown })?.teams;
  if (!Array.isArray(list)) throw badAnswer('GET /teams', 'a "teams" list', origin);
  return list.map((entry) => {
    const id = isObject(entry) ? idOf(entry.id) : null;
    if (!isObject(entry) || !id) throw badAnswer('GET /teams', 'every team to have an id', origin);
    return {
      id,
      name: text(entry.name) ?? `Intercom team ${id}`,
      adminIds: idList(entry.admin_ids, 'GET /teams', origin),
    };
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Intercom sends ids as strings but memberships as integers: both become strings. */
function idOf(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string' && value.trim()) return value.trim();
  return null;
}

function idList(value: unknown, what: string, origin: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw badAnswer(what, 'membership ids as a list', origin);
  return value.map((v) => {
    const id = idOf(v);
    if (!id) throw badAnswer(what, 'membership ids as numbers or strings', origin);
    return id;
  });
}

/** Trimmed text, or null when missing or empty. */
function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

function badAnswer(what: string, expected: string, origin: string): SourceReadError {
  return new SourceReadError(
    `Intercom gave an unexpected answer to ${what} at ${origin}: expected ${expected}`,
    INTERCOM_SYSTEM,
    'bad_answer',
  );
}

/** Plain code-unit order: the same on every machine and locale (R11). */
function byString(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
