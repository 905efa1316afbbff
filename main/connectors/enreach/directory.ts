// Reads users and user groups page by page into a SourceDirectory [assumed
// shapes, contracts/enreach-api.md]. Any failed page throws, so an incomplete
// read never reaches the planner (R10).
import { SourceReadError, type SourceDirectory, type SourcePerson, type SourceTeam } from '../../domain/model';
import type { EnreachApi } from './api';
import { badAnswer, ENREACH_SYSTEM } from './errors';
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

/**
 * Every record of a list: `GET {path}?skip=N&take=M` until a page is shorter
 * than M, normalised to PascalCase. Enreach may answer a list unpaged (more
 * than `take` records) or ignore skip/take and answer the same page again
 * (contracts/enreach-api.md): a page with nothing new ends the read, so it
 * never loops or reads anyone twice. R10: a read whose pages shift (an id
 * twice with different data, or a first page that changed by the end) is read
 * again once, then refused.
 */
export async function readAllPages(api: EnreachApi, path: string, pageSize: number): Promise<WireRecord[]> {
  const first = await readOnce(api, path, pageSize);
  if (first.consistent) return first.records;
  const second = await readOnce(api, path, pageSize);
  if (second.consistent) return second.records;
  throw new SourceReadError(
    `Enreach's ${path.replace(/^\//, '')} list changed while it was read, twice in a row (${second.problem}); nothing was changed. Try again later (R10).`,
    ENREACH_SYSTEM,
    'bad_answer',
  );
}

async function readOnce(
  api: EnreachApi,
  path: string,
  pageSize: number,
): Promise<{ records: WireRecord[]; consistent: boolean; problem: string }> {
  const byId = new Map<string, { record: WireRecord; json: string }>();
  let firstIds: string[] = [];
  let problem = '';
  let pages = 0;
  for (let skip = 0; ; skip += pageSize) {
    const page = await getPage(api, path, skip, pageSize);
    pages++;
    let added = 0;
    for (const record of page) {
      const json = JSON.stringify(record);
      const seen = byId.get(record.Id);
      if (!seen) {
        byId.set(record.Id, { record, json });
        added++;
      } else if (seen.json !== json && !problem) problem = `record ${record.Id} came twice with different data`;
    }
    if (skip === 0) firstIds = page.map((r) => r.Id);
    // Shorter than take: the last page. Longer: the endpoint ignores take and answered the whole list.
    if (page.length !== pageSize) break;
    // Nothing new: the endpoint ignores skip and answered a page already read.
    if (added === 0) break;
  }
  if (pages > 1 && !problem) {
    // The first page again: a list that shifted while it was read shows here (R10).
    const again = (await getPage(api, path, 0, pageSize)).map((r) => r.Id);
    if (again.length !== firstIds.length || again.some((id, i) => id !== firstIds[i])) problem = 'its first page changed while the rest was read';
  }
  return { records: [...byId.values()].map((v) => v.record), consistent: !problem, problem };
}

async function getPage(api: EnreachApi, path: string, skip: number, take: number): Promise<WireRecord[]> {
  const what = `GET ${path}?skip=${skip}&take=${take}`;
  const page = await api.get(`${path}?skip=${skip}&take=${take}`);
  if (!Array.isArray(page)) throw badAnswer(what, await api.origin(), 'a list');
  const records: WireRecord[] = [];
  for (const entry of page) {
    const record = pascalKeys(entry);
    const id = idOf(record?.Id);
    if (!record || !id) throw badAnswer(what, await api.origin(), 'every record to have an Id');
    records.push({ ...record, Id: id });
  }
  return records;
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
