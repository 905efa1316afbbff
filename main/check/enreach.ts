// `check` for an Enreach connection: which endpoints answer, list shape and
// paging of /users and /usergroups, the fields the sync reads, one day of
// /calls, rate-limit headers — reported against ENREACH_CONTRACT. Reads only.
import { SourceReadError } from '../domain/model';
import type { HttpDeps } from '../http/http';
import { EnreachApi } from '../connectors/enreach/api';
import { ENREACH_CONTRACT as C } from '../connectors/enreach/contract';
import { pascalKeys } from '../connectors/enreach/normalise';
import { enreachTime } from '../connectors/enreach/registrations';
import { ItemList, type SystemReport } from './report';
import { ResponseTap } from './tap';

/** Small pages: two of them show whether skip and take are honoured. */
const PROBE_TAKE = 2;

interface Probe {
  first: Record<string, unknown>[] | null;
  second: Record<string, unknown>[] | null;
  error: SourceReadError | null;
}

export async function checkEnreach(
  target: { system: string; baseUrl?: string; username: string; secretKey: string; registrations: boolean },
  deps: HttpDeps,
  now: () => Date = () => new Date(),
): Promise<SystemReport> {
  const tap = new ResponseTap();
  const api = new EnreachApi({ baseUrl: target.baseUrl, username: target.username, secretKey: target.secretKey, retry: { maxAttempts: 2 } }, tap.wrap(deps));
  const list = new ItemList();
  const report: SystemReport = { system: target.system, type: 'enreach', account: '', checkedAt: now().toISOString(), items: list.items };
  const probes: Record<string, Probe> = {};
  try {
    report.account = new URL(await api.baseUrl()).host;
    for (const path of ['/users', '/usergroups']) probes[path] = await probe(api, path);
    // Sign-in and network failures make the whole system unreadable.
    const fatal = Object.values(probes).find((p) => p.error && (p.error.kind === 'auth' || p.error.kind === 'network'));
    if (fatal) throw fatal.error;
  } catch (error) {
    report.error = (error as Error).message;
    return report;
  }
  let calls: unknown = undefined;
  let callsError = '';
  try {
    const to = now().getTime();
    calls = await api.get(`/calls?ModifiedAfter=${encodeURIComponent(enreachTime(to - 86_400_000))}&ModifiedBefore=${encodeURIComponent(enreachTime(to))}`);
  } catch (error) {
    callsError = (error as Error).message;
  }

  const answered = Object.entries(probes).filter(([, p]) => !p.error).map(([path]) => path);
  const failed = Object.entries(probes).filter(([, p]) => p.error);
  if (!callsError) answered.push('/calls');
  list.expect(
    failed.length === 0,
    C.endpoints.item,
    `${answered.join(', ')} answer${callsError ? `; /calls did not (${target.registrations ? 'registrations need it' : 'only registrations need it'})` : ''}`,
    failed.map(([path, p]) => `${path}: ${p.error!.message}`).join('; '),
    true,
  );

  const lists = Object.entries(probes).filter(([, p]) => !p.error);
  const notLists = lists.filter(([, p]) => p.first === null).map(([path]) => path);
  list.expect(notLists.length === 0, C.listShape.item, 'bare JSON arrays', `${notLists.join(', ')} answered something other than a JSON array`, true);

  const paging: string[] = [];
  const pagingProblems: string[] = [];
  for (const [path, p] of lists) {
    if (!p.first || !p.second) continue;
    const firstIds = p.first.map((r) => String(r.Id));
    const secondIds = p.second.map((r) => String(r.Id));
    if (p.first.length > PROBE_TAKE) paging.push(`${path}: answers unpaged (ignores take); read in one request`);
    else if (p.first.length < PROBE_TAKE) paging.push(`${path}: fewer records than one page`);
    else if (secondIds.length > 0 && secondIds.every((id) => firstIds.includes(id)))
      pagingProblems.push(`${path}: ignores skip but honours take, so only the first page could ever be read`);
    else paging.push(`${path}: skip/take honoured`);
  }
  list.expect(pagingProblems.length === 0, C.paging.item, paging.join('; ') || 'no lists read', pagingProblems.join('; '), true);

  const users = probes['/users']?.first;
  if (users && users.length > 0) {
    const problems = [
      count(users, (u) => typeof u.UserName !== 'string' && typeof u.Email !== 'string', 'have neither UserName nor Email'),
      count(users, (u) => !('IsActive' in u), 'have no IsActive (read as active)'),
      count(users, (u) => !Array.isArray(u.GroupIds), 'have no GroupIds list'),
      count(users, (u) => typeof u.FirstName !== 'string' && typeof u.LastName !== 'string', 'have no FirstName or LastName'),
    ].filter(Boolean);
    list.expect(problems.length === 0, C.userFields.item, `as expected on ${users.length} users read`, `${problems.join('; ')} (fields seen: ${keysOf(users)})`, true);
  } else list.notSeen(C.userFields.item, users ? 'no users to look at' : '/users could not be read', true);

  const groups = probes['/usergroups']?.first;
  if (groups && groups.length > 0) {
    const problems = [
      count(groups, (g) => typeof g.Name !== 'string', 'have no Name'),
      count(groups, (g) => !('ParentId' in g), 'have no ParentId'),
    ].filter(Boolean);
    list.expect(problems.length === 0, C.groupFields.item, `as expected on ${groups.length} groups read`, `${problems.join('; ')} (fields seen: ${keysOf(groups)})`, true);
  } else list.notSeen(C.groupFields.item, groups ? 'no user groups to look at' : '/usergroups could not be read', true);

  if (callsError) {
    if (target.registrations) list.differs(C.calls.item, callsError);
    else list.notSeen(C.calls.item, 'GET /calls did not answer (registrations are off)');
  } else if (!Array.isArray(calls)) list.differs(C.calls.item, 'GET /calls answered something other than a JSON array');
  else {
    const records = calls.map(pascalKeys).filter((r): r is Record<string, unknown> => r !== null);
    if (records.length === 0) list.notSeen(C.calls.item, 'no calls in the last day to look at');
    else {
      const byId = records.filter((r) => r.CallId === undefined && r.Id !== undefined).length;
      const problems = [
        count(records, (r) => r.CallId === undefined && r.Id === undefined, 'have neither CallId nor Id'),
        count(records, (r) => r.UserId === undefined, 'have no UserId'),
        count(records, (r) => r.Modified === undefined && r.StartTime === undefined, 'have neither Modified nor StartTime'),
        byId ? `${byId} of ${records.length} answer Id instead of CallId (the app accepts both)` : '',
      ].filter(Boolean);
      list.expect(problems.length === 0, C.calls.item, `as expected on ${records.length} calls of the last day`, problems.join('; '));
    }
  }

  const missing = tap.without('x-rate-limit-limit', 'x-rate-limit-remaining');
  const limit = tap.header('x-rate-limit-limit');
  list.expect(
    missing === 0 && limit !== null,
    C.rateLimits.item,
    `X-Rate-Limit-Limit: ${limit?.value} on every answer`,
    `${missing} of ${tap.successes()} answers carried no X-Rate-Limit-* headers: the app cannot see how close it is to Enreach's limit`,
  );
  const denied = Object.entries(probes).filter(([, p]) => p.error?.kind === 'permission').map(([path]) => path);
  list.expect(denied.length === 0, C.permissions.item, 'may read users and user groups', `the API user may not read ${denied.join(', ')}`, true);
  return report;
}

/** skip=0 and skip=PROBE_TAKE with take=PROBE_TAKE. */
async function probe(api: EnreachApi, path: string): Promise<Probe> {
  try {
    const first = await api.get(`${path}?skip=0&take=${PROBE_TAKE}`);
    if (!Array.isArray(first)) return { first: null, second: null, error: null };
    const records = first.map(pascalKeys).filter((r): r is Record<string, unknown> => r !== null);
    if (first.length !== PROBE_TAKE) return { first: records, second: [], error: null };
    const second = await api.get(`${path}?skip=${PROBE_TAKE}&take=${PROBE_TAKE}`);
    return { first: records, second: Array.isArray(second) ? second.map(pascalKeys).filter((r): r is Record<string, unknown> => r !== null) : [], error: null };
  } catch (error) {
    if (error instanceof SourceReadError) return { first: null, second: null, error };
    throw error;
  }
}

function count(records: Record<string, unknown>[], bad: (r: Record<string, unknown>) => boolean, what: string): string {
  const n = records.filter(bad).length;
  return n ? `${n} of ${records.length} ${what}` : '';
}

function keysOf(records: Record<string, unknown>[]): string {
  return [...new Set(records.flatMap((r) => Object.keys(r)))].sort().join(', ');
}
