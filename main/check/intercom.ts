// `check` for an Intercom connection: GET /admins, GET /teams and one
// conversations search page, reported against INTERCOM_CONTRACT. Reads only.
import { SourceReadError } from '../domain/model';
import type { HttpDeps } from '../http/http';
import { IntercomApi } from '../connectors/intercom/api';
import { INTERCOM_CONTRACT as C } from '../connectors/intercom/contract';
import { ItemList, type SystemReport } from './report';
import { ResponseTap } from './tap';

export async function checkIntercom(
  target: { system: string; baseUrl: string; accessToken: string; registrations: boolean },
  deps: HttpDeps,
  now: () => Date = () => new Date(),
): Promise<SystemReport> {
  const tap = new ResponseTap();
  const api = new IntercomApi({ baseUrl: target.baseUrl, accessToken: target.accessToken, retry: { maxAttempts: 2 } }, tap.wrap(deps));
  const list = new ItemList();
  const report: SystemReport = { system: target.system, type: 'intercom', account: new URL(api.baseUrl).host, checkedAt: now().toISOString(), items: list.items };
  const denied: string[] = [];
  const read = async (what: string, call: () => Promise<unknown>): Promise<unknown> => {
    try {
      return await call();
    } catch (error) {
      if (error instanceof SourceReadError && error.kind === 'permission') {
        denied.push(what);
        return undefined;
      }
      throw error;
    }
  };
  let admins: unknown;
  let teams: unknown;
  let search: unknown;
  try {
    admins = await read('admins', () => api.get('/admins'));
    teams = await read('teams', () => api.get('/teams'));
  } catch (error) {
    report.error = (error as Error).message;
    return report;
  }
  let searchError = '';
  try {
    search = await read('conversations', () =>
      api.post('/conversations/search', {
        query: { operator: 'AND', value: [{ field: 'updated_at', operator: '>', value: Math.floor(now().getTime() / 1000) - 86_400 }] },
        pagination: { per_page: 1 },
      }),
    );
  } catch (error) {
    searchError = (error as Error).message;
  }

  if (admins !== undefined) {
    const entries = listOf(admins, 'admins');
    if (!entries) list.differs(C.admins.item, 'the answer has no "admins" list', true);
    else {
      const real = entries.filter((a) => isObject(a) && a.type === 'admin') as Record<string, unknown>[];
      const legacy = entries.length - real.length;
      const problems = [
        count(real, (a) => typeof a.id !== 'string', 'have an id that is not text'),
        count(real, (a) => !Array.isArray(a.team_ids) || a.team_ids.some((t) => typeof t !== 'number'), 'have no team_ids list of integers'),
        count(real, (a) => !('email' in a), 'have no email field'),
      ].filter(Boolean);
      list.expect(
        problems.length === 0,
        C.admins.item,
        `${real.length} admins as expected${legacy ? `; ${legacy} entries of another type ignored (older API versions mix teams in)` : ''}`,
        `${problems.join('; ')} (fields seen: ${keysOf(real)})`,
        true,
      );
    }
  }
  if (teams !== undefined) {
    const entries = listOf(teams, 'teams');
    if (!entries) list.differs(C.teams.item, 'the answer has no "teams" list', true);
    else {
      const records = entries.filter(isObject);
      const problems = [
        count(records, (t) => typeof t.id !== 'string', 'have an id that is not text'),
        count(records, (t) => typeof t.name !== 'string', 'have no name'),
        count(records, (t) => t.admin_ids !== undefined && (!Array.isArray(t.admin_ids) || t.admin_ids.some((a) => typeof a !== 'number')), 'have admin_ids that are not a list of integers'),
      ].filter(Boolean);
      list.expect(problems.length === 0, C.teams.item, `${records.length} teams as expected`, problems.join('; '), true);
    }
  }
  if (searchError) {
    // Only registrations read conversations: without them it is a note, not a difference.
    if (target.registrations) list.differs(C.conversations.item, searchError);
    else list.notSeen(C.conversations.item, `not readable (registrations are off): ${searchError}`);
  } else if (search !== undefined) {
    const ok = isObject(search) && Array.isArray(search.conversations) && (search.pages === undefined || isObject(search.pages));
    list.expect(ok, C.conversations.item, 'a conversation.list with pages', 'the answer has no "conversations" list');
  }
  const names = ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'];
  const missing = tap.without(...names);
  const limit = tap.header('x-ratelimit-limit');
  list.expect(
    missing === 0 && limit !== null,
    C.rateLimits.item,
    `X-RateLimit-Limit: ${limit?.value} per 10-second window on every answer`,
    `${missing} of ${tap.successes()} answers carried no X-RateLimit-* headers: a 429 would be waited out by backoff instead of until the reset`,
  );
  list.expect(
    denied.length === 0,
    C.permissions.item,
    'may read admins, teams and conversations',
    `the access token may not read ${denied.join(', ')}; give the Intercom app the "Read admins" and "Read conversations" permissions`,
    denied.includes('admins') || denied.includes('teams'),
  );
  return report;
}

function listOf(body: unknown, key: string): unknown[] | null {
  return isObject(body) && Array.isArray(body[key]) ? (body[key] as unknown[]) : null;
}

function count(records: Record<string, unknown>[], bad: (r: Record<string, unknown>) => boolean, what: string): string {
  const n = records.filter(bad).length;
  return n ? `${n} of ${records.length} ${what}` : '';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Field names only, never values. */
function keysOf(records: Record<string, unknown>[]): string {
  return [...new Set(records.flatMap((r) => Object.keys(r)))].sort().join(', ');
}
