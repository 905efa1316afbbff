// Reads users and user groups page by page into a SourceDirectory [assumed
// shapes, contracts/enreach-api.md]. Any failed page throws, so an incomplete
// read never reaches the planner (R10).
import type { SourceDirectory, SourcePerson, SourceTeam } from '../../domain/model';
import type { EnreachApi } from './api';
import { badAnswer } from './errors';
import { idOf, pascalKeys, textOf } from './normalise';

export const ENREACH_PAGE_SIZE = 500;

export async function readEnreachDirectory(api: EnreachApi, pageSize = ENREACH_PAGE_SIZE): Promise<SourceDirectory> {
  const groups = await readAllPages(api, '/usergroups', pageSize);
  const users = await readAllPages(api, '/users', pageSize);
  const teams = groups.map(toTeam);
  const teamIds = new Set(teams.map((t) => t.sourceId));
  for (const team of teams) {
    // A parent that is not a listed group (or the group itself) cannot be imported: treat the group as top level.
    if (team.parentSourceId === team.sourceId || !teamIds.has(team.parentSourceId ?? '')) team.parentSourceId = null;
  }
  const people = users.map((user) => toPerson(user, teamIds));
  return {
    teams: teams.sort((a, b) => byString(a.sourceId, b.sourceId)),
    people: people.sort((a, b) => byString(a.sourceId, b.sourceId)),
  };
}

type WireRecord = Record<string, unknown> & { Id: string };

/** `GET {path}?skip=N&take=M` until a page is shorter than M; records normalised to PascalCase, de-duplicated by Id. */
export async function readAllPages(api: EnreachApi, path: string, pageSize: number): Promise<WireRecord[]> {
  const byId = new Map<string, WireRecord>();
  for (let skip = 0; ; skip += pageSize) {
    const what = `GET ${path}?skip=${skip}&take=${pageSize}`;
    const page = await api.get(`${path}?skip=${skip}&take=${pageSize}`);
    if (!Array.isArray(page)) throw badAnswer(what, await api.origin(), 'a list');
    let added = 0;
    for (const entry of page) {
      const record = pascalKeys(entry);
      const id = idOf(record?.Id);
      if (!record || !id) throw badAnswer(what, await api.origin(), 'every record to have an Id');
      // Records can shift between pages while someone edits the directory: keep one per Id.
      if (!byId.has(id)) added++;
      byId.set(id, { ...record, Id: id });
    }
    if (page.length < pageSize) return [...byId.values()];
    // A full page with nothing new means the server ignores skip: stop instead of looping forever.
    if (added === 0) throw badAnswer(what, await api.origin(), 'skip to advance through the list');
  }
}

function toTeam(group: WireRecord): SourceTeam {
  return {
    sourceId: group.Id,
    name: textOf(group.Name) ?? `Enreach group ${group.Id}`,
    parentSourceId: idOf(group.ParentId),
  };
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

function toPerson(user: WireRecord, teamIds: Set<string>): SourcePerson {
  const userName = textOf(user.UserName);
  const fullName = [textOf(user.FirstName), textOf(user.LastName)].filter(Boolean).join(' ');
  const email = textOf(user.Email) ?? (userName && EMAIL.test(userName) ? userName : null);
  const groupIds = Array.isArray(user.GroupIds) ? user.GroupIds.map(idOf).filter((id): id is string => id !== null) : [];
  return {
    sourceId: user.Id,
    name: fullName || userName || `Enreach user ${user.Id}`,
    email,
    title: null,
    active: isActive(user.IsActive),
    // Only groups that exist, so the planner never sees a dangling team id.
    teamSourceIds: [...new Set(groupIds)].filter((id) => teamIds.has(id)).sort(byString),
  };
}

/** Only an explicit false disables: a missing flag must not deactivate a whole tenant (R5). */
function isActive(value: unknown): boolean {
  return !(value === false || value === 'false' || value === 0);
}

/** Plain code-unit order: the same on every machine and locale (R11). */
function byString(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
