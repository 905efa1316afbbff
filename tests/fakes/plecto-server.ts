// A fake Plecto faithful to contracts/plecto-api.md, over real HTTP: Basic
// auth, both list shapes with absolute `next` links, the POST /members/ upsert
// rule, PATCH semantics (teams replace the list), registrations overwritten by
// (data_source, external_id), DRF-style error bodies. State is live and
// seedable; failures (429 with Retry-After, 5xx) and slowness can be injected.
import { randomBytes } from 'node:crypto';
import type {
  ApiProviderWire,
  DataSourceWire,
  PlectoMemberWire,
  PlectoTeamWire,
} from '../../main/plecto/wire';
import { router, startJsonServer, type JsonReply, type JsonRequest } from './http-server';

export type { DataSourceWire, PlectoMemberWire, PlectoTeamWire } from '../../main/plecto/wire';

export interface FakePlectoOptions {
  email?: string;
  password?: string;
  /** 'other' differs from the contract: lists answer {"data": [...]} (neither shape a client must accept). */
  listShape?: 'paged' | 'array' | 'other';
  /**
   * Size of every page. Without it, pages hold 100 items unless the client
   * asks for `page_size` (≤ 1000); with it, the server caps page_size to it,
   * so a test gets several pages with few items.
   */
  pageSize?: number;
  port?: number;
  /** Differs from the contract: member answers carry these fields renamed (e.g. {api_providers: 'data_suppliers'}). */
  renameMemberFields?: Record<string, string>;
  /** Member answers leave these fields out (e.g. ['managed_manually'], which the contract allows to be absent). */
  omitMemberFields?: string[];
  /** Data sources answer their id as `id` instead of `uuid` (public client code reads `id`; the client accepts both). */
  dataSourceIdField?: 'uuid' | 'id';
  /** Answers carry X-RateLimit-Limit/-Remaining (Plecto documents none for members and teams): the limit per hour. */
  rateLimitHeaders?: number;
  /**
   * Differs from the contract (issue 10, point 4): a member POST whose provider id is unknown but whose
   * email matches a member creates a second member (a twin, 201) instead of attaching to that member.
   */
  twinOnEmailPost?: boolean;
}

export interface FakePlectoLogEntry {
  method: string;
  /** Path without the query, e.g. "/api/v2/members/". */
  path: string;
  /** The query string without "?" ("" when none). */
  query: string;
  body: unknown;
  status: number;
}

export interface FakePlecto {
  /** "http://127.0.0.1:PORT/api/v2/" */
  baseUrl: string;
  /** "http://127.0.0.1:PORT" */
  origin: string;
  /** The credentials the fake accepts. */
  email: string;
  password: string;
  teams: Map<string, PlectoTeamWire>;
  members: Map<string, PlectoMemberWire>;
  dataSources: Map<string, DataSourceWire>;
  /** data source uuid → external_id → the registration as last posted. */
  registrations: Map<string, Map<string, Record<string, unknown>>>;
  addTeam(name: string, parent?: string | null): PlectoTeamWire;
  addMember(partial: Partial<PlectoMemberWire> & { name: string }): PlectoMemberWire;
  addDataSource(title: string, fields?: string[]): DataSourceWire;
  /** Every request, in arrival order. */
  log: FakePlectoLogEntry[];
  /** Non-GET requests answered 2xx. */
  writes(): number;
  /**
   * The next `count` requests (matching `path`, if given) get `status` instead of
   * being carried out: 429 with `Retry-After: retryAfter` (default 1), 5xx with
   * an HTML page, other codes with a DRF `detail`. `method` limits it to one
   * HTTP method (e.g. 'POST' to fail writes while reads still work).
   */
  failNext(count: number, status: number, opts?: { retryAfter?: number; path?: RegExp; method?: string }): void;
  /** The options it was started with, read at every request: a test may flip a "differs from the contract" switch later. */
  switches: FakePlectoOptions;
  /** Slow every answer by `ms` (0 turns it off). The request is still carried out, as a real server would. */
  delay(ms: number): void;
  /** Drops every failure still queued by failNext. */
  clearFailures(): void;
  /**
   * Called before each request is answered (after an injected failure is chosen, before routing):
   * lets a test edit the data mid-read, e.g. shift a paged list between two pages (R10). null turns it off.
   */
  beforeAnswer: ((request: { method: string; path: string; query: URLSearchParams }) => void) | null;
  close(): Promise<void>;
}

const API = '/api/v2/';
const MAX_PAGE_SIZE = 1000;
const MAX_REGISTRATIONS = 100;
const REQUIRED = 'This field is required.';
const INJECTED_DETAIL: Record<number, string> = {
  400: 'Bad request.',
  401: 'Invalid username/password.',
  403: 'You do not have permission to perform this action.',
  404: 'Not found.',
};

type Errors = Record<string, string[]>;

// Random bytes fetched 4 KiB at a time: one randomBytes call per uuid was a
// visible share of the cost of creating 20,000 members.
let uuidPool = Buffer.alloc(0);
let uuidOffset = 0;

export function newUuid(): string {
  if (uuidOffset + 16 > uuidPool.length) {
    uuidPool = randomBytes(4096);
    uuidOffset = 0;
  }
  const uuid = uuidPool.toString('hex', uuidOffset, uuidOffset + 16);
  uuidOffset += 16;
  return uuid;
}

const providerKey = (provider: string, providerId: string) => `${provider}\u0000${providerId}`;
const emailKey = (email: string | null | undefined) => (email ?? '').trim().toLowerCase();

/**
 * Lookup indexes over the members, so that an upsert costs O(1) instead of a
 * scan and 20,000 creates stay linear. They follow every change the fake makes
 * and every set/delete/clear of the `members` map; a hit is checked against
 * the member itself, and a stale one falls back to the scan the fake always
 * did, so answers are the same as with plain scans. Lookups return the first
 * matching member in the map's order, as `find` over the map would.
 */
class MemberIndexes {
  private readonly position = new Map<string, number>();
  private readonly byProvider = new Map<string, Set<string>>();
  private readonly byEmail = new Map<string, Set<string>>();
  /** The keys each member is indexed under, to unindex it exactly. */
  private readonly keysOf = new Map<string, { email: string; providers: string[] }>();
  private nextPosition = 0;

  constructor(private readonly members: Map<string, PlectoMemberWire>) {}

  /** Indexes a member (again) under its current email and providers. */
  refresh(member: PlectoMemberWire): void {
    this.unindex(member.uuid);
    if (!this.position.has(member.uuid)) this.position.set(member.uuid, this.nextPosition++);
    const keys = {
      email: emailKey(member.email),
      providers: (member.api_providers ?? []).map((p) => providerKey(p.provider, p.provider_id)),
    };
    this.keysOf.set(member.uuid, keys);
    if (keys.email) addTo(this.byEmail, keys.email, member.uuid);
    for (const key of keys.providers) addTo(this.byProvider, key, member.uuid);
  }

  remove(uuid: string): void {
    this.unindex(uuid);
    this.position.delete(uuid);
  }

  clear(): void {
    for (const map of [this.position, this.byProvider, this.byEmail, this.keysOf]) map.clear();
  }

  findByProvider(provider: string, providerId: string): PlectoMemberWire | undefined {
    const matches = (m: PlectoMemberWire) => (m.api_providers ?? []).some((p) => p.provider === provider && p.provider_id === providerId);
    return this.find(this.byProvider.get(providerKey(provider, providerId)), matches);
  }

  findByEmail(mail: string): PlectoMemberWire | undefined {
    return this.find(this.byEmail.get(mail), (m) => emailKey(m.email) === mail);
  }

  private find(candidates: Set<string> | undefined, matches: (m: PlectoMemberWire) => boolean): PlectoMemberWire | undefined {
    if (!candidates || candidates.size === 0) return undefined;
    let best: PlectoMemberWire | undefined;
    let bestPosition = Infinity;
    for (const uuid of candidates) {
      const member = this.members.get(uuid);
      if (!member || !matches(member)) return this.rescan(matches); // edited behind the fake's back
      const position = this.position.get(uuid)!;
      if (position < bestPosition) [best, bestPosition] = [member, position];
    }
    return best;
  }

  private rescan(matches: (m: PlectoMemberWire) => boolean): PlectoMemberWire | undefined {
    this.clear();
    for (const member of this.members.values()) this.refresh(member);
    return [...this.members.values()].find(matches);
  }

  private unindex(uuid: string): void {
    const keys = this.keysOf.get(uuid);
    if (!keys) return;
    this.keysOf.delete(uuid);
    if (keys.email) this.byEmail.get(keys.email)?.delete(uuid);
    for (const key of keys.providers) this.byProvider.get(key)?.delete(uuid);
  }
}

function addTo(map: Map<string, Set<string>>, key: string, uuid: string): void {
  const set = map.get(key);
  if (set) set.add(uuid);
  else map.set(key, new Set([uuid]));
}

/**
 * The members map: a plain Map whose set/delete/clear keep the indexes current.
 * A stored member's `email` and `api_providers` become accessors (still plain
 * enumerable fields to JSON, spreads and equality) so that a test assigning
 * them directly re-indexes the member too. Only in-place edits of the
 * api_providers array are not seen; a stale hit then falls back to a scan.
 */
class MemberMap extends Map<string, PlectoMemberWire> {
  readonly indexes = new MemberIndexes(this);
  private readonly observed = new WeakSet<PlectoMemberWire>();

  override set(uuid: string, member: PlectoMemberWire): this {
    super.set(uuid, member);
    // `indexes` is not there yet while Map's constructor runs.
    if (!this.indexes) return this;
    this.observe(member);
    this.indexes.refresh(member);
    return this;
  }

  private observe(member: PlectoMemberWire): void {
    if (this.observed.has(member)) return;
    this.observed.add(member);
    for (const field of ['email', 'api_providers'] as const) {
      let value = member[field];
      Object.defineProperty(member, field, {
        enumerable: true,
        configurable: true,
        get: () => value,
        set: (next) => {
          value = next;
          if (super.get(member.uuid) === member) this.indexes.refresh(member);
        },
      });
    }
  }

  override delete(uuid: string): boolean {
    this.indexes.remove(uuid);
    return super.delete(uuid);
  }

  override clear(): void {
    this.indexes.clear();
    super.clear();
  }
}

export async function startFakePlecto(options: FakePlectoOptions = {}): Promise<FakePlecto> {
  const email = options.email ?? 'directory-sync@acme.com';
  const password = options.password ?? 'fake-plecto-password';
  const defaultPageSize = options.pageSize ?? 100;
  const maxPageSize = options.pageSize ?? MAX_PAGE_SIZE;

  const teams = new Map<string, PlectoTeamWire>();
  const members = new MemberMap();
  const dataSources = new Map<string, DataSourceWire>();
  const registrations = new Map<string, Map<string, Record<string, unknown>>>();
  const log: FakePlectoLogEntry[] = [];
  const failures: { remaining: number; status: number; retryAfter: number; path?: RegExp; method?: string }[] = [];
  let delayMs = 0;
  let origin = '';

  // ------------------------------------------------------------ helpers

  const bad = (errors: Errors | Errors[]): JsonReply => ({ status: 400, body: errors });
  const notFound = (): JsonReply => ({ status: 404, body: { detail: 'Not found.' } });
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const add = (errors: Errors, field: string, message: string): void => void (errors[field] ??= []).push(message);
  const missingPk = (pk: unknown) => `Invalid pk "${String(pk)}" - object does not exist.`;
  const notADict = (v: unknown) => ({
    non_field_errors: [`Invalid data. Expected a dictionary, but got ${Array.isArray(v) ? 'list' : typeof v}.`],
  });

  /** A member as this fake's switches send it (renamed or omitted fields). */
  function memberOut(member: PlectoMemberWire): Record<string, unknown> {
    const rename = options.renameMemberFields ?? {};
    const omit = new Set(options.omitMemberFields ?? []);
    if (omit.size === 0 && Object.keys(rename).length === 0) return member as unknown as Record<string, unknown>;
    return Object.fromEntries(Object.entries(member).filter(([key]) => !omit.has(key)).map(([key, value]) => [rename[key] ?? key, value]));
  }

  function dataSourceOut(source: DataSourceWire): Record<string, unknown> {
    if (options.dataSourceIdField !== 'id') return source as unknown as Record<string, unknown>;
    const { uuid, ...rest } = source;
    return { id: uuid, ...rest };
  }

  const memberReply = (status: number, member: PlectoMemberWire): JsonReply => ({ status, body: memberOut(member) });

  /** Either list shape; the envelope pages with absolute `next`/`previous` links keeping the other query parameters. */
  function listReply(request: JsonRequest, items: unknown[]): JsonReply {
    const listShape = options.listShape ?? 'paged';
    if (listShape === 'array') return { status: 200, body: items };
    if (listShape === 'other') return { status: 200, body: { data: items } };
    const asked = Number(request.query.get('page_size'));
    const size = Number.isInteger(asked) && asked > 0 ? Math.min(asked, maxPageSize) : defaultPageSize;
    const pageParam = request.query.get('page') ?? '1';
    const page = Number(pageParam);
    const pages = Math.max(1, Math.ceil(items.length / size));
    if (!Number.isInteger(page) || page < 1 || page > pages) return { status: 404, body: { detail: 'Invalid page.' } };
    const link = (n: number) => {
      const query = new URLSearchParams(request.query);
      query.set('page', String(n));
      return `${origin}${request.path}?${query}`;
    };
    return {
      status: 200,
      body: {
        count: items.length,
        next: page < pages ? link(page + 1) : null,
        previous: page > 1 ? link(page - 1) : null,
        results: items.slice((page - 1) * size, page * size),
      },
    };
  }

  function checkTeams(value: unknown, errors: Errors): string[] | undefined {
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) {
      add(errors, 'teams', `Expected a list of items but got type "${typeof value}".`);
      return undefined;
    }
    for (const uuid of value) if (typeof uuid !== 'string' || !teams.has(uuid)) add(errors, 'teams', missingPk(uuid));
    return [...new Set(value as string[])];
  }

  function checkMemberFields(body: Record<string, unknown>, errors: Errors): void {
    if ('name' in body && (typeof body.name !== 'string' || body.name.trim() === '')) add(errors, 'name', 'This field may not be blank.');
    if ('is_active' in body && typeof body.is_active !== 'boolean') add(errors, 'is_active', 'Must be a valid boolean.');
    if ('title' in body && body.title !== null && typeof body.title !== 'string') add(errors, 'title', 'Not a valid string.');
  }

  function applyMemberFields(member: PlectoMemberWire, body: Record<string, unknown>, teamList: string[] | undefined): void {
    if (typeof body.name === 'string' && body.name !== member.name) {
      const [first, ...rest] = body.name.split(' ');
      Object.assign(member, { name: body.name, first_name: first, last_name: rest.join(' ') });
    }
    if (typeof body.is_active === 'boolean') member.is_active = body.is_active;
    if ('title' in body) member.title = (body.title as string | null) ?? null;
    if (typeof body.display_name === 'string') (member as unknown as Record<string, unknown>).display_name = body.display_name;
    if (teamList) member.teams = teamList;
  }

  // ------------------------------------------------------------ members

  function upsertMember(request: JsonRequest): JsonReply {
    const body = request.body;
    if (!isObject(body)) return bad(notADict(body));
    const errors: Errors = {};
    const provider = body.updating_api_provider;
    const providerId = body.updating_api_provider_id;
    const providerEmail = body.updating_api_provider_email;
    if (typeof provider !== 'string' || provider === '') add(errors, 'updating_api_provider', REQUIRED);
    if (typeof providerId !== 'string' || providerId === '') add(errors, 'updating_api_provider_id', REQUIRED);
    if (providerEmail !== undefined && providerEmail !== null && typeof providerEmail !== 'string')
      add(errors, 'updating_api_provider_email', 'Enter a valid email address.');
    if (body.teams === undefined) add(errors, 'teams', REQUIRED);
    const teamList = checkTeams(body.teams, errors);
    checkMemberFields(body, errors);
    if (Object.keys(errors).length > 0) return bad(errors);

    const byProvider = members.indexes.findByProvider(provider as string, providerId as string);
    if (byProvider) {
      applyMemberFields(byProvider, body, teamList);
      return memberReply(200, byProvider);
    }
    const mail = typeof providerEmail === 'string' ? providerEmail.trim().toLowerCase() : '';
    const byEmail = mail && !options.twinOnEmailPost ? members.indexes.findByEmail(mail) : undefined;
    if (byEmail) {
      const other = (byEmail.api_providers ?? []).find((p) => p.provider === provider);
      if (other) {
        return bad({
          updating_api_provider_id: [`This employee already has ${String(provider)} id ${other.provider_id}; it cannot be changed.`],
        });
      }
      byEmail.api_providers = [...(byEmail.api_providers ?? []), providerEntry(provider as string, providerId as string, providerEmail)];
      members.indexes.refresh(byEmail);
      applyMemberFields(byEmail, body, teamList);
      return memberReply(200, byEmail);
    }
    if (typeof body.name !== 'string') return bad({ name: [REQUIRED] });
    const created = newMember({
      name: body.name,
      email: typeof providerEmail === 'string' && providerEmail !== '' ? providerEmail : null,
      is_active: typeof body.is_active === 'boolean' ? body.is_active : true,
      title: typeof body.title === 'string' ? body.title : null,
      teams: teamList ?? [],
      api_providers: [providerEntry(provider as string, providerId as string, providerEmail)],
    });
    return memberReply(201, created);
  }

  function providerEntry(provider: string, providerId: string, providerEmail: unknown): ApiProviderWire {
    return { provider, provider_id: providerId, email: typeof providerEmail === 'string' ? providerEmail : null };
  }

  function patchMember(request: JsonRequest): JsonReply {
    const member = members.get(request.params[0]);
    if (!member) return notFound();
    const body = request.body;
    if (!isObject(body)) return bad(notADict(body));
    const errors: Errors = {};
    const teamList = checkTeams(body.teams, errors);
    checkMemberFields(body, errors);
    if (Object.keys(errors).length > 0) return bad(errors);
    applyMemberFields(member, body, teamList);
    return memberReply(200, member);
  }

  function newMember(partial: Partial<PlectoMemberWire> & { name: string }): PlectoMemberWire {
    const [first, ...rest] = partial.name.split(' ');
    const member: PlectoMemberWire = {
      uuid: newUuid(),
      first_name: first,
      last_name: rest.join(' '),
      email: null,
      is_active: true,
      title: null,
      teams: [],
      api_providers: [],
      managed_manually: false,
      ...partial,
    };
    members.set(member.uuid, member);
    return member;
  }

  // ------------------------------------------------------------ teams

  function checkParent(value: unknown, self: string | null, errors: Errors): void {
    if (value === undefined || value === null) return;
    if (typeof value !== 'string' || !teams.has(value)) return add(errors, 'parent', missingPk(value));
    // Walking up from the new parent must not reach the team itself.
    for (let at: string | null = value; at; at = teams.get(at)?.parent ?? null) {
      if (at === self) return add(errors, 'parent', 'A team cannot be its own parent or sub-team.');
    }
  }

  function createTeam(request: JsonRequest): JsonReply {
    const body = request.body;
    if (!isObject(body)) return bad(notADict(body));
    const errors: Errors = {};
    if (body.name === undefined) add(errors, 'name', REQUIRED);
    else if (typeof body.name !== 'string' || body.name.trim() === '') add(errors, 'name', 'This field may not be blank.');
    checkParent(body.parent, null, errors);
    if (Object.keys(errors).length > 0) return bad(errors);
    const team = newTeam(body.name as string, (body.parent as string | null | undefined) ?? null);
    return { status: 201, body: team };
  }

  function patchTeam(request: JsonRequest): JsonReply {
    const team = teams.get(request.params[0]);
    if (!team) return notFound();
    const body = request.body;
    if (!isObject(body)) return bad(notADict(body));
    const errors: Errors = {};
    if ('name' in body && (typeof body.name !== 'string' || body.name.trim() === '')) add(errors, 'name', 'This field may not be blank.');
    checkParent(body.parent, team.uuid, errors);
    if (Object.keys(errors).length > 0) return bad(errors);
    if (typeof body.name === 'string') team.name = body.name;
    if ('parent' in body) team.parent = (body.parent as string | null) ?? null;
    return { status: 200, body: team };
  }

  function newTeam(name: string, parent: string | null): PlectoTeamWire {
    const team: PlectoTeamWire = { uuid: newUuid(), name, parent };
    teams.set(team.uuid, team);
    return team;
  }

  // ------------------------------------------------------------ data sources and registrations

  function createDataSource(request: JsonRequest): JsonReply {
    const body = request.body;
    if (!isObject(body)) return bad(notADict(body));
    const errors: Errors = {};
    if (typeof body.title !== 'string' || body.title.trim() === '') add(errors, 'title', REQUIRED);
    const fields = body.fields ?? [];
    if (!Array.isArray(fields) || fields.some((f) => !isObject(f) || typeof f.name !== 'string' || f.name === ''))
      add(errors, 'fields', 'Each field needs a "name".');
    if (Object.keys(errors).length > 0) return bad(errors);
    const source = newDataSource(
      body.title as string,
      (fields as Record<string, unknown>[]).map((f) => ({ name: f.name as string, input: typeof f.input === 'string' ? f.input : 'TextInput' })),
    );
    return { status: 201, body: dataSourceOut(source) };
  }

  function newDataSource(title: string, fields: DataSourceWire['fields']): DataSourceWire {
    const source: DataSourceWire = { uuid: newUuid(), title, fields };
    dataSources.set(source.uuid, source);
    return source;
  }

  function postRegistrations(request: JsonRequest): JsonReply {
    const many = Array.isArray(request.body);
    const items = many ? (request.body as unknown[]) : [request.body];
    if (items.length > MAX_REGISTRATIONS) return bad({ non_field_errors: [`Ensure this list has at most ${MAX_REGISTRATIONS} items.`] });
    // All or nothing, like a serializer validating the whole list first.
    const itemErrors: Errors[] = items.map((item) => {
      const errors: Errors = {};
      if (!isObject(item)) return notADict(item);
      if (typeof item.data_source !== 'string') add(errors, 'data_source', REQUIRED);
      else if (!dataSources.has(item.data_source)) add(errors, 'data_source', missingPk(item.data_source));
      if (item.member !== undefined) {
        if (typeof item.member !== 'string' || !members.has(item.member)) add(errors, 'member', missingPk(item.member));
      } else {
        if (typeof item.member_api_provider !== 'string') add(errors, 'member_api_provider', REQUIRED);
        if (typeof item.member_api_id !== 'string') add(errors, 'member_api_id', REQUIRED);
      }
      if (item.date !== undefined && Number.isNaN(Date.parse(String(item.date)))) add(errors, 'date', 'Datetime has wrong format.');
      return errors;
    });
    if (itemErrors.some((e) => Object.keys(e).length > 0)) return bad(many ? itemErrors : itemErrors[0]);
    const stored = (items as Record<string, unknown>[]).map((item) => {
      const source = item.data_source as string;
      let bySource = registrations.get(source);
      if (!bySource) registrations.set(source, (bySource = new Map()));
      const externalId = typeof item.external_id === 'string' && item.external_id !== '' ? item.external_id : newUuid();
      const registration = { ...item, external_id: externalId };
      bySource.set(externalId, registration);
      return registration;
    });
    return { status: 201, body: many ? stored : stored[0] };
  }

  function listRegistrations(request: JsonRequest): JsonReply {
    const source = request.query.get('data_source');
    const reference = request.query.get('reference');
    const start = request.query.get('start_date');
    const end = request.query.get('end_date');
    const all = source ? [...(registrations.get(source)?.values() ?? [])] : [...registrations.values()].flatMap((m) => [...m.values()]);
    const items = all.filter(
      (r) =>
        (!reference || r.external_id === reference) &&
        (!start || Date.parse(String(r.date)) >= Date.parse(start)) &&
        (!end || Date.parse(String(r.date)) <= Date.parse(end)),
    );
    return listReply(request, items);
  }

  // ------------------------------------------------------------ server

  const uuidPath = (collection: string) => new RegExp(`^${API}${collection}/([^/]+)/$`);
  const one = <T>(map: Map<string, T>) => (request: JsonRequest): JsonReply => {
    const item = map.get(request.params[0]);
    return item ? { status: 200, body: item } : notFound();
  };
  const routes = router([
    { method: 'GET', path: `${API}members/`, handle: (r) => listReply(r, [...members.values()].map(memberOut)) },
    { method: 'POST', path: `${API}members/`, handle: upsertMember },
    { method: 'GET', path: uuidPath('members'), handle: (r) => (members.has(r.params[0]) ? memberReply(200, members.get(r.params[0])!) : notFound()) },
    { method: 'PATCH', path: uuidPath('members'), handle: patchMember },
    { method: 'GET', path: `${API}teams/`, handle: (r) => listReply(r, [...teams.values()]) },
    { method: 'POST', path: `${API}teams/`, handle: createTeam },
    { method: 'GET', path: uuidPath('teams'), handle: one(teams) },
    { method: 'PATCH', path: uuidPath('teams'), handle: patchTeam },
    { method: 'GET', path: `${API}datasources/`, handle: (r) => listReply(r, [...dataSources.values()].map(dataSourceOut)) },
    { method: 'POST', path: `${API}datasources/`, handle: createDataSource },
    { method: 'GET', path: `${API}registrations/`, handle: listRegistrations },
    { method: 'POST', path: `${API}registrations/`, handle: postRegistrations },
  ]);

  const expected = 'Basic ' + Buffer.from(`${email}:${password}`, 'utf8').toString('base64');

  async function answer(request: JsonRequest): Promise<JsonReply> {
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    const failure = failures.find(
      (f) => f.remaining > 0 && (!f.path || f.path.test(request.path)) && (!f.method || f.method.toUpperCase() === request.method),
    );
    if (failure) {
      failure.remaining--;
      if (failure.status === 429) {
        return {
          status: 429,
          headers: { 'Retry-After': String(failure.retryAfter) },
          body: { detail: `Request was throttled. Expected available in ${failure.retryAfter} seconds.` },
        };
      }
      if (failure.status >= 500) {
        // Proxies and crashed workers answer with HTML, not JSON.
        return {
          status: failure.status,
          headers: { 'Content-Type': 'text/html; charset=utf-8' },
          body: `<html><body><h1>Server Error (${failure.status})</h1></body></html>`,
        };
      }
      return { status: failure.status, body: { detail: INJECTED_DETAIL[failure.status] ?? 'Injected failure.' } };
    }
    const authorization = request.headers.authorization;
    if (!authorization) {
      return { status: 401, headers: { 'WWW-Authenticate': 'Basic realm="api"' }, body: { detail: 'Authentication credentials were not provided.' } };
    }
    if (authorization !== expected) {
      return { status: 401, headers: { 'WWW-Authenticate': 'Basic realm="api"' }, body: { detail: 'Invalid username/password.' } };
    }
    fake.beforeAnswer?.({ method: request.method, path: request.path, query: request.query });
    return routes(request);
  }

  const server = await startJsonServer(
    async (request) => {
      const reply = await answer(request);
      if (options.rateLimitHeaders) {
        const used = log.length + 1;
        reply.headers = {
          'X-RateLimit-Limit': String(options.rateLimitHeaders),
          'X-RateLimit-Remaining': String(Math.max(0, options.rateLimitHeaders - used)),
          ...reply.headers,
        };
      }
      log.push({ method: request.method, path: request.path, query: request.query.toString(), body: request.body, status: reply.status });
      return reply;
    },
    { port: options.port },
  );
  origin = server.origin;

  const fake: FakePlecto = {
    baseUrl: `${origin}${API}`,
    origin,
    email,
    password,
    teams,
    members,
    dataSources,
    registrations,
    addTeam: (name, parent = null) => newTeam(name, parent),
    addMember: (partial) => newMember(partial),
    addDataSource: (title, fields = []) => newDataSource(title, fields.map((name) => ({ name, input: 'TextInput' }))),
    log,
    switches: options,
    writes: () => log.filter((e) => e.method !== 'GET' && e.status >= 200 && e.status < 300).length,
    failNext: (count, status, opts = {}) => {
      failures.push({ remaining: count, status, retryAfter: opts.retryAfter ?? 1, path: opts.path, method: opts.method });
    },
    delay: (ms) => {
      delayMs = ms;
    },
    clearFailures: () => {
      failures.length = 0;
    },
    beforeAnswer: null,
    close: () => server.close(),
  };
  return fake;
}
