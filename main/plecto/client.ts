// The Plecto REST client of contracts/plecto-api.md: Basic auth, both list
// shapes, paced by a token bucket, retried by http.ts, and every failure turned
// into a PlectoError that says what failed and where. Wire details live in
// wire.ts; this file only sequences requests.
import type { PlectoDirectory, PlectoMember, PlectoTeam } from '../domain/model';
import { basicAuth, NetworkError, send, type HttpDeps, type HttpRequest, type HttpResponse, type RetryPolicy } from '../http/http';
import { redactUrl } from '../common/logger';
import { badAnswer, errorFromNetwork, errorFromStatus, PlectoError } from './errors';
import { TokenBucket } from './pacer';
import {
  dataSourceFromWire,
  dataSourceToWire,
  LIST_PAGE_SIZE,
  MAX_REGISTRATIONS_PER_REQUEST,
  memberFromWire,
  memberPatchToWire,
  memberUpsertToWire,
  PATHS,
  readListPage,
  teamFromWire,
  teamToWire,
  WireShapeError,
  type DataSource,
  type MemberUpsert,
} from './wire';

export { PlectoError } from './errors';
export type { PlectoErrorKind } from './errors';
export type { DataSource } from './wire';

export interface PlectoClientOptions {
  baseUrl: string;
  email: string;
  password: string;
  /** Pacing rate (default 3,600, Plecto's documented limit). */
  requestsPerHour?: number;
  /** Requests that may go out back to back before pacing starts (default 60). */
  burst?: number;
  /** Overrides of http.ts's retry policy (tests and crash drills use short timeouts). */
  retry?: Partial<RetryPolicy>;
}

export type { MemberUpsert } from './wire';

export interface MemberPatch {
  name?: string;
  isActive?: boolean;
  teams?: string[];
  title?: string | null;
}

type Method = HttpRequest['method'];

export const DEFAULT_REQUESTS_PER_HOUR = 3600;
export const DEFAULT_BURST = 60;

export class PlectoClient {
  private readonly base: string;
  private readonly email: string;
  // ES private: never shows up in util.inspect, JSON or error objects.
  readonly #authorization: string;
  private readonly bucket: TokenBucket;
  private readonly retry: Partial<RetryPolicy> | undefined;
  private requests = 0;
  private writes = 0;

  constructor(
    options: PlectoClientOptions,
    private readonly deps: HttpDeps,
  ) {
    this.base = normalizeBaseUrl(options.baseUrl);
    this.email = options.email;
    this.#authorization = basicAuth(options.email, options.password);
    this.bucket = new TokenBucket(
      options.burst ?? DEFAULT_BURST,
      options.requestsPerHour ?? DEFAULT_REQUESTS_PER_HOUR,
      deps.clock,
    );
    this.retry = options.retry;
  }

  /** The normalised base URL (always ends with "/"). */
  get baseUrl(): string {
    return this.base;
  }

  async readDirectory(): Promise<PlectoDirectory> {
    const teams = await this.listTeams();
    const members = await this.listMembers();
    return { teams, members };
  }

  listTeams(): Promise<PlectoTeam[]> {
    return this.consistentList('teams', PATHS.teams, teamFromWire);
  }

  listMembers(): Promise<PlectoMember[]> {
    return this.consistentList('members', PATHS.members, memberFromWire);
  }

  /**
   * Not idempotent: a lost answer (5xx, reset, timeout) is not retried here but thrown with
   * `maybeApplied`, so the caller looks for the team before it tries again (R12).
   */
  async createTeam(team: { name: string; parent: string | null }): Promise<PlectoTeam> {
    const response = await this.call('POST', PATHS.teams, teamToWire(team), false);
    return this.parse('POST', response, teamFromWire);
  }

  async updateTeam(uuid: string, patch: { name?: string; parent?: string | null }): Promise<PlectoTeam> {
    const response = await this.call('PATCH', PATHS.team(uuid), teamToWire(patch));
    return this.parse('PATCH', response, teamFromWire);
  }

  /** POST /members/: updates the member with this provider id, else attaches to the one with this email, else creates (201). */
  async upsertMember(m: MemberUpsert): Promise<{ member: PlectoMember; created: boolean }> {
    const response = await this.call('POST', PATHS.members, memberUpsertToWire(m));
    return { member: this.parse('POST', response, memberFromWire), created: response.status === 201 };
  }

  /** One member as Plecto has it now [assumed: GET /members/{uuid}/]. */
  async getMember(uuid: string): Promise<PlectoMember> {
    const response = await this.call('GET', PATHS.member(uuid));
    return this.parse('GET', response, memberFromWire);
  }

  /** PATCH: `teams` replaces the member's whole team list. */
  async updateMember(uuid: string, patch: MemberPatch): Promise<PlectoMember> {
    const response = await this.call('PATCH', PATHS.member(uuid), memberPatchToWire(patch));
    return this.parse('PATCH', response, memberFromWire);
  }

  listDataSources(): Promise<DataSource[]> {
    return this.list(PATHS.dataSources, dataSourceFromWire);
  }

  /** Not idempotent, like createTeam: the caller looks for it after a lost answer. */
  async createDataSource(title: string, fields: string[]): Promise<DataSource> {
    const response = await this.call('POST', PATHS.dataSources, dataSourceToWire(title, fields), false);
    return this.parse('POST', response, dataSourceFromWire);
  }

  /** At most 100 items (Plecto's limit); same external_id overwrites, so a retried batch never duplicates. */
  async postRegistrations(items: Record<string, unknown>[]): Promise<void> {
    if (items.length > MAX_REGISTRATIONS_PER_REQUEST) {
      throw new PlectoError(
        `Plecto accepts at most ${MAX_REGISTRATIONS_PER_REQUEST} registrations per request; this batch has ${items.length} (nothing was sent)`,
        'validation',
        null,
      );
    }
    if (items.length === 0) return;
    await this.call('POST', PATHS.registrations, items);
  }

  /** Registrations of one data source, optionally only the one with this external id (`reference`). */
  listRegistrations(dataSource: string, reference?: string): Promise<Record<string, unknown>[]> {
    const query: Record<string, string> = { data_source: dataSource, ...(reference ? { reference } : {}) };
    return this.list(PATHS.registrations, asRecord, query);
  }

  /** HTTP requests sent (retries included) and how many of them were not GETs. */
  stats(): { requests: number; writes: number } {
    return { requests: this.requests, writes: this.writes };
  }

  // ---------------------------------------------------------------- internals

  /**
   * A whole, consistent list (R10): no uuid twice, as many items as `count` says, and the same
   * `count` on every page. Page-number paging shifts when Plecto changes during the read; such a
   * read is done again once, and a second inconsistent read fails rather than pass on half a list.
   */
  private async consistentList<T extends { uuid: string }>(
    what: string,
    path: string,
    map: (item: unknown) => T,
  ): Promise<T[]> {
    let problem = '';
    for (let attempt = 1; attempt <= 2; attempt++) {
      const counts: (number | null)[] = [];
      const items = await this.list(path, map, {}, counts);
      problem = listProblem(items, counts);
      if (!problem) return items;
      this.deps.logger.warn(`Plecto: the list of ${what} changed while it was read (${problem}); reading it again`);
    }
    throw new PlectoError(
      `Plecto's list of ${what} at ${new URL(this.base).origin} changed while it was read, twice (${problem}); ` +
        'nothing was changed. Try again when fewer changes are being made in Plecto.',
      'bad_answer',
      null,
    );
  }

  /** Follows every page of a list, whatever its shape, refusing loops and foreign hosts. */
  private async list<T>(
    path: string,
    map: (item: unknown) => T,
    query: Record<string, string> = {},
    counts: (number | null)[] = [],
  ): Promise<T[]> {
    const first = new URL(path, this.base);
    for (const [key, value] of Object.entries(query)) first.searchParams.set(key, value);
    first.searchParams.set('page_size', String(LIST_PAGE_SIZE));
    const seen = new Set<string>();
    const result: T[] = [];
    let url: string | null = first.toString();
    while (url) {
      if (seen.has(url)) throw badAnswer('GET', url, `its "next" link leads back to ${redactUrl(url)}, a page already read`);
      seen.add(url);
      const response = await this.call('GET', url);
      let next: string | null;
      try {
        const page = readListPage(response.body);
        counts.push(page.count);
        for (const item of page.items) result.push(map(item));
        if (page.next && page.items.length === 0) throw new WireShapeError('an empty page points to a next page');
        next = page.next;
      } catch (error) {
        throw this.shapeError('GET', url, error);
      }
      url = next ? this.nextPageUrl(next, url) : null;
    }
    return result;
  }

  /** Absolute `next` links are followed only on Plecto's own host: the credentials go with every request. */
  private nextPageUrl(next: string, current: string): string {
    let resolved: URL;
    try {
      resolved = new URL(next, current);
    } catch {
      throw badAnswer('GET', current, `its "next" link is not a URL`);
    }
    const origin = new URL(this.base).origin;
    if (resolved.origin !== origin) {
      throw badAnswer('GET', current, `its "next" link points to ${resolved.origin}, not ${origin}; not following it with the credentials`);
    }
    return resolved.toString();
  }

  private parse<T>(method: Method, response: HttpResponse & { url: string }, map: (body: unknown) => T): T {
    try {
      return map(response.body);
    } catch (error) {
      throw this.shapeError(method, response.url, error);
    }
  }

  private shapeError(method: Method, url: string, error: unknown): Error {
    if (error instanceof WireShapeError) return badAnswer(method, url, error.message);
    return error as Error;
  }

  /**
   * One paced request. Every attempt takes a token: the first before send()
   * starts (so waiting for a token never counts against its timeout), each
   * retry while send() sleeps before it; the fetch wrapper takes one itself
   * only if neither did.
   */
  private async call(
    method: Method,
    pathOrUrl: string,
    body?: unknown,
    idempotent = true,
  ): Promise<HttpResponse & { url: string }> {
    const url = new URL(pathOrUrl, this.base).toString();
    let prepaid = 0;
    await this.bucket.take();
    prepaid++;
    const paced: HttpDeps = {
      logger: this.deps.logger,
      clock: {
        now: () => this.deps.clock.now(),
        sleep: async (ms) => {
          await this.deps.clock.sleep(ms);
          await this.bucket.take();
          prepaid++;
        },
      },
      fetch: async (input, init) => {
        if (prepaid > 0) prepaid--;
        else await this.bucket.take();
        this.requests++;
        if (method !== 'GET') this.writes++;
        return this.deps.fetch(input, init);
      },
    };
    let response: HttpResponse;
    try {
      response = await send(paced, {
        system: 'Plecto',
        method,
        url,
        headers: { Authorization: this.#authorization },
        ...(body !== undefined ? { body } : {}),
        ...(this.retry ? { retry: this.retry } : {}),
        idempotent,
      });
    } catch (error) {
      if (error instanceof NetworkError) throw errorFromNetwork(error, !idempotent && error.maybeDelivered);
      throw error;
    }
    if (response.status >= 200 && response.status < 300) return { ...response, url };
    const failure = errorFromStatus(response.status, response.body, { method, url, email: this.email, attempts: response.attempts, authorization: this.#authorization });
    if (!idempotent && response.status >= 500) failure.maybeApplied = true;
    throw failure;
  }
}

/** "https://app.plecto.com/api/v2" → "https://app.plecto.com/api/v2/". */
export function normalizeBaseUrl(baseUrl: string): string {
  const trimmed = baseUrl.trim();
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new Error(`The Plecto base URL "${redactUrl(trimmed)}" is not a URL (expected e.g. https://app.plecto.com/api/v2/)`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`The Plecto base URL must start with https:// (got ${url.protocol})`);
  }
  // Credentials belong in the settings, never in the URL.
  url.username = '';
  url.password = '';
  url.search = '';
  url.hash = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.toString();
}

/** What makes a paged read inconsistent, in words, or '' when it is whole (R10). */
function listProblem(items: readonly { uuid: string }[], counts: readonly (number | null)[]): string {
  const seen = new Set<string>();
  let twice = 0;
  for (const item of items) {
    if (seen.has(item.uuid)) twice++;
    else seen.add(item.uuid);
  }
  if (twice > 0) return `${twice} ${twice === 1 ? 'item' : 'items'} read twice`;
  const known = counts.filter((c): c is number => c !== null);
  if (known.some((c) => c !== known[0])) return `its count went from ${known[0]} to ${known[known.length - 1]} during the read`;
  if (known.length > 0 && known[0] !== items.length) return `it said ${known[0]} items but ${items.length} were read`;
  return '';
}

function asRecord(item: unknown): Record<string, unknown> {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new WireShapeError('a registration is not an object');
  return item as Record<string, unknown>;
}
