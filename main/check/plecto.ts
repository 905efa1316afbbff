// `check` for Plecto: signs in, reads one page of members, teams and data
// sources, and reports each [assumed] item of contracts/plecto-api.md
// (ASSUMED in main/plecto/wire.ts) as ok / differs / not seen. GETs only.
import { basicAuth, NetworkError, send, type HttpDeps } from '../http/http';
import { normalizeBaseUrl } from '../plecto/client';
import { errorFromNetwork, errorFromStatus } from '../plecto/errors';
import { ASSUMED, PATHS } from '../plecto/wire';
import { ItemList, suggestedRequestsPerHour, type SystemReport } from './report';
import { ResponseTap } from './tap';

export interface PlectoCheckOptions {
  baseUrl: string;
  email: string;
  password: string;
}

/** One page is enough to see shapes; small keeps the check cheap on a large account. */
const CHECK_PAGE_SIZE = 50;
const UUID = /^[0-9a-f]{32}$/;

interface Page {
  shape: 'array' | 'page' | 'other';
  items: unknown[];
  next: unknown;
  count: unknown;
}

export async function checkPlecto(options: PlectoCheckOptions, deps: HttpDeps, now: () => Date = () => new Date()): Promise<SystemReport> {
  const base = normalizeBaseUrl(options.baseUrl);
  const origin = new URL(base).origin;
  const tap = new ResponseTap();
  const http = tap.wrap(deps);
  const list = new ItemList();
  const report: SystemReport = { system: 'plecto', type: 'plecto', account: new URL(base).host, checkedAt: now().toISOString(), items: list.items };
  const authorization = basicAuth(options.email, options.password);

  async function get(path: string): Promise<unknown> {
    const url = new URL(path, base);
    url.searchParams.set('page_size', String(CHECK_PAGE_SIZE));
    let response;
    try {
      response = await send(http, { system: 'Plecto', method: 'GET', url: url.toString(), headers: { Authorization: authorization } });
    } catch (error) {
      throw error instanceof NetworkError ? errorFromNetwork(error) : error;
    }
    if (response.status >= 200 && response.status < 300) return response.body;
    throw errorFromStatus(response.status, response.body, { method: 'GET', url: url.toString(), email: options.email, attempts: response.attempts });
  }

  const pages: Record<string, Page> = {};
  const denied: string[] = [];
  const missing: string[] = [];
  try {
    for (const [name, path] of [['members', PATHS.members], ['teams', PATHS.teams], ['data sources', PATHS.dataSources]] as const) {
      try {
        pages[name] = readPage(await get(path));
      } catch (error) {
        // A missing permission is a finding about this account, not a failed check.
        const kind = (error as { kind?: string }).kind;
        if (kind === 'permission') denied.push(name);
        else if (kind === 'not_found') missing.push(name);
        else throw error;
      }
    }
  } catch (error) {
    report.error = (error as Error).message;
    return report;
  }

  // Shapes and paging of the lists.
  const seen = Object.entries(pages);
  const other = seen.filter(([, p]) => p.shape === 'other').map(([n]) => n);
  list.expect(
    other.length === 0,
    ASSUMED.listShape.item,
    seen.map(([n, p]) => `${n}: ${p.shape === 'array' ? 'bare array' : 'page with results'}`).join('; '),
    `${other.join(', ')} answered neither a JSON array nor a page with "results"; the app cannot read ${other.length === 1 ? 'it' : 'them'}`,
    true,
  );
  const pagingProblems: string[] = [];
  const pagingNotes: string[] = [];
  for (const [name, page] of seen) {
    if (page.shape !== 'page') continue;
    if (page.next === null || page.next === undefined) pagingNotes.push(`${name}: one page`);
    else if (typeof page.next !== 'string') pagingProblems.push(`${name}: "next" is neither a URL nor null`);
    else {
      let target: URL | null = null;
      try {
        target = new URL(page.next);
      } catch {
        pagingProblems.push(`${name}: "next" is not an absolute URL`);
      }
      if (target && target.origin !== origin) pagingProblems.push(`${name}: "next" points to another host (${target.origin})`);
      else if (target) pagingNotes.push(`${name}: "next" is an absolute URL on ${target.host}`);
    }
    if (page.items.length > CHECK_PAGE_SIZE) pagingNotes.push(`${name}: page_size ${CHECK_PAGE_SIZE} was ignored (${page.items.length} items on a page)`);
    if (typeof page.count !== 'number') pagingProblems.push(`${name}: the page has no "count"`);
  }
  if (seen.every(([, p]) => p.shape !== 'page')) list.ok(ASSUMED.paging.item, 'lists answered as bare arrays: no paging to follow', true);
  else list.expect(pagingProblems.length === 0, ASSUMED.paging.item, pagingNotes.join('; '), pagingProblems.join('; '), true);

  const members = pages.members?.items ?? [];
  checkMembers(list, members.filter(isObject));
  checkTeams(list, (pages.teams?.items ?? []).filter(isObject), pages.teams !== undefined);
  checkDataSources(list, (pages['data sources']?.items ?? []).filter(isObject), pages['data sources'] !== undefined);
  checkRateLimits(list, tap);
  list.expect(
    denied.length === 0 && missing.length === 0,
    ASSUMED.permissions.item,
    'may read members, teams and data sources (writes are not tried: check writes nothing)',
    [
      denied.length ? `the Plecto user may not read ${denied.join(', ')}; give this user administrator rights in Plecto` : '',
      missing.length ? `Plecto has no ${missing.join(', ')} endpoint at this address (404); check the base URL` : '',
    ].filter(Boolean).join('; '),
    true,
  );
  return report;
}

function readPage(body: unknown): Page {
  if (Array.isArray(body)) return { shape: 'array', items: body, next: null, count: body.length };
  if (isObject(body) && Array.isArray(body.results)) return { shape: 'page', items: body.results, next: body.next, count: body.count };
  return { shape: 'other', items: [], next: null, count: null };
}

function checkMembers(list: ItemList, members: Record<string, unknown>[]): void {
  const n = members.length;
  if (n === 0) {
    for (const a of [ASSUMED.apiProviders, ASSUMED.managedManually, ASSUMED.memberFields]) list.notSeen(a.item, 'Plecto has no members yet: nothing to look at', true);
    return;
  }
  const of = (count: number) => `${count} of ${n} members`;

  const withList = members.filter((m) => Array.isArray(m.api_providers));
  const entries = withList.flatMap((m) => m.api_providers as unknown[]);
  const badEntries = entries.filter((p) => !isObject(p) || typeof p.provider !== 'string' || !['string', 'number'].includes(typeof p.provider_id));
  if (withList.length < n) {
    const other = otherListField(members, ['teams', 'api_providers']);
    list.differs(
      ASSUMED.apiProviders.item,
      `${of(n - withList.length)} have no api_providers list${other ? ` (they have a list named "${other}")` : ''}; the app could not tell which members a source already supplies`,
      true,
    );
  } else if (badEntries.length > 0) {
    list.differs(ASSUMED.apiProviders.item, `${badEntries.length} of ${entries.length} entries lack "provider" or "provider_id" (keys seen: ${keysOf(badEntries)})`, true);
  } else {
    list.ok(ASSUMED.apiProviders.item, `present on ${of(n)}; ${entries.length} entries, all with provider and provider_id`, true);
  }

  const flagged = members.filter((m) => m.managed_manually !== undefined);
  const badFlag = flagged.filter((m) => typeof m.managed_manually !== 'boolean');
  if (badFlag.length > 0) list.differs(ASSUMED.managedManually.item, `${of(badFlag.length)} carry managed_manually that is not true/false`, true);
  else if (flagged.length === 0)
    list.notSeen(
      ASSUMED.managedManually.item,
      `none of ${n} members carries managed_manually; members managed manually in Plecto will not be recognised: mark them in the app (R7)`,
      true,
    );
  else list.ok(ASSUMED.managedManually.item, `present on ${of(flagged.length)}`, true);

  const problems: string[] = [];
  const count = (bad: (m: Record<string, unknown>) => boolean, what: string) => {
    const k = members.filter(bad).length;
    if (k > 0) problems.push(`${of(k)} ${what}`);
  };
  count((m) => typeof m.uuid !== 'string' || !UUID.test(m.uuid), 'have no 32-character hex uuid');
  count((m) => typeof m.is_active !== 'boolean', 'have no is_active true/false');
  count((m) => !Array.isArray(m.teams) || m.teams.some((t) => typeof t !== 'string' && !(isObject(t) && typeof t.uuid === 'string')), 'have no teams list of uuids');
  count((m) => typeof m.name !== 'string' && typeof m.first_name !== 'string', 'have no name');
  count((m) => m.email !== undefined && m.email !== null && typeof m.email !== 'string', 'have an email that is not text');
  list.expect(problems.length === 0, ASSUMED.memberFields.item, `as expected on ${of(n)}`, problems.join('; '), true);
}

function checkTeams(list: ItemList, teams: Record<string, unknown>[], read: boolean): void {
  if (!read) return list.notSeen(ASSUMED.teamParent.item, 'teams could not be read', true);
  if (teams.length === 0) return list.notSeen(ASSUMED.teamParent.item, 'Plecto has no teams yet: nothing to look at', true);
  const noParent = teams.filter((t) => !('parent' in t));
  const badParent = teams.filter((t) => 'parent' in t && t.parent !== null && typeof t.parent !== 'string' && !(isObject(t.parent) && typeof t.parent.uuid === 'string'));
  const badTeam = teams.filter((t) => typeof t.uuid !== 'string' || typeof t.name !== 'string');
  const problems = [
    noParent.length ? `${noParent.length} of ${teams.length} teams have no "parent" (keys seen: ${keysOf(noParent)})` : '',
    badParent.length ? `${badParent.length} of ${teams.length} teams have a parent that is neither a uuid nor null` : '',
    badTeam.length ? `${badTeam.length} of ${teams.length} teams lack a uuid or a name` : '',
  ].filter(Boolean);
  const nested = teams.filter((t) => typeof t.parent === 'string').length;
  list.expect(problems.length === 0, ASSUMED.teamParent.item, `present on ${teams.length} teams (${nested} sub-teams)`, problems.join('; '), true);
}

function checkDataSources(list: ItemList, sources: Record<string, unknown>[], read: boolean): void {
  if (!read) return list.notSeen(ASSUMED.dataSourceId.item, 'data sources could not be read');
  if (sources.length === 0) return list.notSeen(ASSUMED.dataSourceId.item, 'Plecto has no data sources yet: nothing to look at');
  const byId = sources.filter((s) => s.uuid === undefined && s.id !== undefined).length;
  const neither = sources.filter((s) => s.uuid === undefined && s.id === undefined).length;
  const noFields = sources.filter((s) => s.fields !== undefined && !Array.isArray(s.fields)).length;
  if (neither > 0 || noFields > 0)
    list.differs(ASSUMED.dataSourceId.item, `${neither} of ${sources.length} data sources have neither uuid nor id; ${noFields} have fields that are not a list`);
  else if (byId > 0) list.differs(ASSUMED.dataSourceId.item, `${byId} of ${sources.length} data sources answer "id" instead of "uuid" (the app accepts both)`);
  else list.ok(ASSUMED.dataSourceId.item, `${sources.length} data sources, each with a uuid`);
}

/** Header names only and the numbers in them: they say nothing about anyone. */
function checkRateLimits(list: ItemList, tap: ResponseTap): void {
  const limit = tap.header('x-ratelimit-limit', 'ratelimit-limit', 'x-rate-limit-limit');
  const remaining = tap.header('x-ratelimit-remaining', 'ratelimit-remaining', 'x-rate-limit-remaining');
  if (!limit && !remaining) {
    list.notSeen(ASSUMED.rateLimits.item, `no rate-limit headers on ${tap.successes()} answers; keep requestsPerHour at 3,600 (Plecto's documented limit) unless Plecto raised it for you`);
    return;
  }
  const value = Number(limit?.value.split(/[;,]/)[0]);
  const suggestion = Number.isFinite(value) && value > 0 ? `; if that limit is per hour, requestsPerHour can be up to ${suggestedRequestsPerHour(value, 3600).toLocaleString('en-US')}` : '';
  list.ok(ASSUMED.rateLimits.item, [limit, remaining].filter(Boolean).map((h) => `${h!.name}: ${h!.value}`).join(', ') + suggestion);
}

/** Another list-valued field, likely a rename of the one missing. */
function otherListField(members: Record<string, unknown>[], known: string[]): string | null {
  for (const m of members) {
    for (const [key, value] of Object.entries(m)) {
      if (!known.includes(key) && Array.isArray(value) && value.some(isObject)) return key;
    }
  }
  return null;
}

/** The field names (never the values) of some records. */
function keysOf(records: unknown[]): string {
  const keys = new Set<string>();
  for (const r of records) if (isObject(r)) for (const k of Object.keys(r)) keys.add(k);
  return [...keys].sort().join(', ') || 'none';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
