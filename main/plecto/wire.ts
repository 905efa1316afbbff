// Plecto's wire format, and every [assumed] item of contracts/plecto-api.md
// that concerns it: paths, list shapes, field names, defaults for absent
// fields. If a real Plecto account disagrees, this is the file that changes.
import type { ApiProvider, PlectoMember, PlectoTeam } from '../domain/model';

// ---------------------------------------------------------------- [assumed] items

/**
 * Every [assumed] item of contracts/plecto-api.md, in one place. `check`
 * (main/check/plecto.ts) reports each under its `item` label, and
 * docs/api-assumptions.md lists them; a real account that disagrees changes
 * this file. `checked: false` items need a write to be seen, and `check`
 * writes nothing: they are guarded at apply time instead.
 */
export const ASSUMED = {
  listShape: { item: 'lists: shape', assumption: 'a GET on a collection answers a bare array or a {count, next, previous, results} page', checked: true },
  paging: { item: 'lists: paging', assumption: '`next` is an absolute URL on the same host, null on the last page; page_size may be ignored', checked: true },
  apiProviders: { item: 'members: api_providers', assumption: 'a member lists its data suppliers as api_providers [{provider, provider_id, email}]', checked: true },
  managedManually: { item: 'members: managed_manually', assumption: 'a member carries managed_manually (true/false); absent means false', checked: true },
  memberFields: { item: 'members: is_active, teams, name, email', assumption: 'is_active is true/false, teams is a list of team uuids, name and email are text', checked: true },
  teamParent: { item: 'teams: parent', assumption: 'a team carries parent: a team uuid or null', checked: true },
  dataSourceId: { item: 'data sources: id field', assumption: 'a data source answers `uuid` (public client code reads `id`: both are accepted)', checked: true },
  rateLimits: { item: 'rate limits', assumption: 'members and teams share a 3,600 requests/hour bucket; a 429 carries Retry-After', checked: true },
  permissions: { item: 'permissions', assumption: 'the integration user may read members, teams and data sources (and write them: not checked)', checked: true },
  errorBodies: { item: 'error bodies', assumption: 'errors answer {"detail": ...} or {field: [messages]} (Django REST Framework)', checked: false },
  memberUpsert: { item: 'member POST by email', assumption: 'a member POST with a known email attaches to that member (no twin); the applier checks every answer', checked: false },
  memberPatch: { item: 'member PATCH', assumption: 'PATCH /members/{uuid}/ takes name, is_active, teams (replacing the list), title', checked: false },
  teamWrites: { item: 'team POST and PATCH', assumption: 'POST /teams/ {name, parent} answers 201 with the team; PATCH /teams/{uuid}/ renames or moves it', checked: false },
} as const;

// ---------------------------------------------------------------- paths and limits

export const PATHS = {
  members: 'members/',
  member: (uuid: string) => `members/${encodeURIComponent(uuid)}/`,
  teams: 'teams/',
  team: (uuid: string) => `teams/${encodeURIComponent(uuid)}/`,
  dataSources: 'datasources/',
  registrations: 'registrations/',
} as const;

/** Page size the client asks for; servers may answer with less. */
export const LIST_PAGE_SIZE = 1000;
export const MAX_REGISTRATIONS_PER_REQUEST = 100;
/** Data source fields the client creates are plain text inputs. */
export const DATA_SOURCE_FIELD_INPUT = 'TextInput';

// ---------------------------------------------------------------- wire shapes

export interface PlectoTeamWire {
  uuid: string;
  name: string;
  parent: string | null;
}

export interface ApiProviderWire {
  provider: string;
  provider_id: string;
  email?: string | null;
}

export interface PlectoMemberWire {
  uuid: string;
  name: string;
  first_name?: string;
  last_name?: string;
  email?: string | null;
  is_active: boolean;
  title?: string | null;
  teams: string[];
  /** Always sent by the fake; memberFromWire still reads an absent list as []. */
  api_providers: ApiProviderWire[];
  /** May be absent: read as false. */
  managed_manually?: boolean;
}

export interface DataSourceFieldWire {
  name: string;
  input: string;
}

export interface DataSourceWire {
  /** `id` instead on some accounts (ASSUMED.dataSourceId). */
  uuid: string;
  title: string;
  fields: DataSourceFieldWire[];
}

export interface PageWire<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

export interface MemberUpsertWire {
  updating_api_provider: string;
  updating_api_provider_id: string;
  updating_api_provider_email?: string;
  name: string;
  is_active: boolean;
  teams: string[];
  title?: string | null;
}

export interface DataSource {
  uuid: string;
  title: string;
  fields: string[];
}

/** A JSON answer that does not have the shape this module expects. */
export class WireShapeError extends Error {
  override name = 'WireShapeError';
}

// ---------------------------------------------------------------- lists

/** One page of a list: a bare array is a single, final page; an envelope may point to the next. */
export function readListPage(body: unknown): { items: unknown[]; next: string | null; count: number | null } {
  if (Array.isArray(body)) return { items: body, next: null, count: null };
  if (isObject(body) && Array.isArray(body.results)) {
    const next = body.next;
    if (next !== null && next !== undefined && typeof next !== 'string') throw new WireShapeError('"next" is neither a URL nor null');
    // `count` lets a reader tell a whole list from one that shifted while it was paged (R10).
    const count = typeof body.count === 'number' && Number.isInteger(body.count) && body.count >= 0 ? body.count : null;
    return { items: body.results, next: next ? next : null, count };
  }
  throw new WireShapeError(`expected a JSON array or a page with "results", got ${describe(body)}`);
}

// ---------------------------------------------------------------- wire → domain

export function teamFromWire(value: unknown): PlectoTeam {
  const team = expectObject(value, 'team');
  return {
    uuid: expectString(team.uuid, 'team uuid'),
    name: expectString(team.name, `name of team ${String(team.uuid)}`, true),
    parent: optionalString(team.parent, `parent of team ${String(team.uuid)}`),
  };
}

export function memberFromWire(value: unknown): PlectoMember {
  const member = expectObject(value, 'member');
  const uuid = expectString(member.uuid, 'member uuid');
  const where = `member ${uuid}`;
  if (typeof member.is_active !== 'boolean') throw new WireShapeError(`is_active of ${where} is ${describe(member.is_active)}`);
  if (!Array.isArray(member.teams)) throw new WireShapeError(`teams of ${where} is ${describe(member.teams)}`);
  const providers = member.api_providers ?? [];
  if (!Array.isArray(providers)) throw new WireShapeError(`api_providers of ${where} is ${describe(providers)}`);
  return {
    uuid,
    name: memberName(member, where),
    // An empty email is no email: it must never match another member's.
    email: optionalString(member.email, `email of ${where}`) || null,
    isActive: member.is_active,
    title: optionalString(member.title, `title of ${where}`),
    teams: member.teams.map((team) => teamRef(team, where)),
    apiProviders: providers.map((p) => apiProviderFromWire(p, where)),
    managedManually: member.managed_manually === true,
  };
}

export function dataSourceFromWire(value: unknown): DataSource {
  const source = expectObject(value, 'data source');
  // The contract's `uuid`; public client code reads `id` instead: accept either (ASSUMED.dataSourceId).
  const uuid = source.uuid !== undefined ? expectString(source.uuid, 'data source uuid') : idText(source.id, 'data source uuid (or id)');
  const fields = source.fields ?? [];
  if (!Array.isArray(fields)) throw new WireShapeError(`fields of data source ${uuid} is ${describe(fields)}`);
  return {
    uuid,
    title: expectString(source.title, `title of data source ${uuid}`, true),
    // Fields come as {"name", "input"} objects; plain names are accepted too.
    fields: fields.map((field) => (typeof field === 'string' ? field : expectString(expectObject(field, 'field').name, 'field name'))),
  };
}

// ---------------------------------------------------------------- domain → wire

/** A member create-or-attach (POST /members/) in domain terms. */
export interface MemberUpsert {
  provider: string;
  providerId: string;
  providerEmail: string | null;
  name: string;
  isActive: boolean;
  teams: string[];
  title?: string | null;
}

export function memberUpsertToWire(m: MemberUpsert): MemberUpsertWire {
  return {
    updating_api_provider: m.provider,
    updating_api_provider_id: m.providerId,
    // Cannot be changed once sent: leave it out rather than fix it to null.
    ...(m.providerEmail ? { updating_api_provider_email: m.providerEmail } : {}),
    name: m.name,
    is_active: m.isActive,
    teams: [...m.teams],
    ...(m.title !== undefined ? { title: m.title } : {}),
  };
}

export function memberPatchToWire(patch: { name?: string; isActive?: boolean; teams?: string[]; title?: string | null }) {
  return {
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.isActive !== undefined ? { is_active: patch.isActive } : {}),
    ...(patch.teams !== undefined ? { teams: [...patch.teams] } : {}),
    ...(patch.title !== undefined ? { title: patch.title } : {}),
  };
}

export function teamToWire(team: { name?: string; parent?: string | null }) {
  return {
    ...(team.name !== undefined ? { name: team.name } : {}),
    ...(team.parent !== undefined ? { parent: team.parent } : {}),
  };
}

export function dataSourceToWire(title: string, fields: string[]) {
  return { title, fields: fields.map((name): DataSourceFieldWire => ({ name, input: DATA_SOURCE_FIELD_INPUT })) };
}

// ---------------------------------------------------------------- helpers

function apiProviderFromWire(value: unknown, where: string): ApiProvider {
  const p = expectObject(value, `api provider of ${where}`);
  return {
    provider: expectString(p.provider, `provider of ${where}`),
    // Ids may come as numbers from some suppliers; the domain keeps them as text.
    providerId: typeof p.provider_id === 'number' ? String(p.provider_id) : expectString(p.provider_id, `provider_id of ${where}`),
    email: optionalString(p.email, `provider email of ${where}`),
  };
}

/** `name`, or first + last name when a server leaves `name` out. */
function memberName(member: Record<string, unknown>, where: string): string {
  if (typeof member.name === 'string' && member.name !== '') return member.name;
  const parts = [member.first_name, member.last_name].filter((p): p is string => typeof p === 'string' && p !== '');
  if (parts.length > 0) return parts.join(' ');
  if (typeof member.name === 'string') return member.name;
  throw new WireShapeError(`name of ${where} is ${describe(member.name)}`);
}

/** A team uuid, or a nested team object carrying one. */
function teamRef(value: unknown, where: string): string {
  if (typeof value === 'string') return value;
  if (isObject(value) && typeof value.uuid === 'string') return value.uuid;
  throw new WireShapeError(`a team of ${where} is ${describe(value)}`);
}

/** A string id, or a numeric one as text. */
function idText(value: unknown, what: string): string {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return expectString(value, what);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function expectObject(value: unknown, what: string): Record<string, unknown> {
  if (!isObject(value)) throw new WireShapeError(`a ${what} is ${describe(value)}, not an object`);
  return value;
}

function expectString(value: unknown, what: string, allowEmpty = false): string {
  if (typeof value !== 'string' || (value === '' && !allowEmpty)) throw new WireShapeError(`${what} is ${describe(value)}`);
  return value;
}

/** Absent or null → null. */
function optionalString(value: unknown, what: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new WireShapeError(`${what} is ${describe(value)}`);
  return value;
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value.length > 40 ? `text "${value.slice(0, 37)}..."` : `text "${value}"`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}
