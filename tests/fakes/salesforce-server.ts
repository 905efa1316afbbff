// A fake Salesforce (contracts/salesforce-api.md) on 127.0.0.1, login host and
// instance on the same server: OAuth authorize (PKCE) and token endpoints
// (authorization_code, refresh_token, client_credentials), SOQL queries paged
// through query cursors, bearer sessions that can expire, the daily API limit
// and `Sforce-Limit-Info` on every answer. Used by the integration tests, the
// demo and the benchmark. More objects (e.g. Opportunity) plug in with
// `sobjects.set(name, {...})`; WHERE / ORDER BY / LIMIT already work on them.
import { createHash, randomBytes } from 'node:crypto';
import type { RoleWire, UserWire } from '../../main/connectors/salesforce/wire';
import { router, startJsonServer, type JsonReply, type JsonRequest } from './http-server';

export type { RoleWire, UserWire };

const VERSION = 'v62.0';
const DATA = `/services/data/${VERSION}`;

export type SObjectRecord = Record<string, unknown>;

/** One queryable object: its fields, its rows, and its parent relationships. */
export interface FakeSObject {
  fields: string[];
  records(): SObjectRecord[];
  /** Relationship name → the object it points at and the id field holding the link (User.UserRole → UserRole via UserRoleId). */
  relations?: Record<string, { object: string; idField: string }>;
}

export interface FakeSalesforceLogEntry {
  method: string;
  /** Path with query string (the token endpoint's form body is never logged). */
  path: string;
  status: number;
  at: number;
  /** grant_type of token requests. */
  grantType?: string;
  /** Object a query ran on. */
  object?: string;
  /** Number of records a query answer carried. */
  records?: number;
}

export interface FailNextOptions {
  /** Only requests whose path (with query) matches. */
  path?: RegExp;
  /** Seconds, sent as Retry-After. */
  retryAfter?: number;
  /** Body to answer instead of a Salesforce error array. */
  body?: unknown;
}

export interface FakeSalesforceOptions {
  clientId?: string;
  clientSecret?: string;
  /** A refresh token the fake accepts from the start. */
  refreshToken?: string;
  /** Records per query batch; default 2000 (Salesforce's maximum). */
  batchSize?: number;
  port?: number;
  /** The org's daily API allowance (default 100000). */
  apiLimit?: number;
  /** Versions GET /services/data/ lists (default v58.0 to v62.0); without "62.0" the org differs from the contract. */
  apiVersions?: string[];
}

export interface FakeSalesforce {
  /** OAuth host; the same server as the instance. */
  loginUrl: string;
  instanceUrl: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  batchSize: number;
  users: UserWire[];
  roles: RoleWire[];
  sobjects: Map<string, FakeSObject>;
  log: FakeSalesforceLogEntry[];
  /** API calls counted against the daily allowance so far (`Sforce-Limit-Info`). */
  apiUsed: number;
  apiLimit: number;
  /** The authorize request parameters last seen. */
  lastAuthorize: URLSearchParams | null;
  /** Differs from the contract: the user lacks "View Roles and Role Hierarchy", so UserRole queries are refused. */
  rolesForbidden: boolean;
  /** Differs from the contract: answers carry no Sforce-Limit-Info header. */
  omitLimitHeader: boolean;
  addRole(role: Partial<RoleWire> & { Name: string }): RoleWire;
  addUser(user: Partial<UserWire> & { Name: string }): UserWire;
  /** Every access token stops working: the next API call answers 401 INVALID_SESSION_ID. */
  expireSessions(): void;
  /** Every refresh token (the initial one included) stops working. */
  revokeRefreshTokens(): void;
  /** Uses up the daily allowance: API calls answer 403 REQUEST_LIMIT_EXCEEDED. */
  exhaustLimit(): void;
  /** The next `count` requests (matching opts.path) answer `status`. */
  failNext(count: number, status: number, opts?: FailNextOptions): void;
  /** Drops every failure still queued by failNext. */
  clearFailures(): void;
  /** The next authorization is refused by the "user" (error=access_denied). */
  denyNextAuthorization(): void;
  close(): Promise<void>;
}

let idCounter = 0;
function sfId(prefix: string): string {
  // 18 characters like real ids; increasing so that sorting by id is sorting by creation.
  return prefix + String(++idCounter).padStart(15, '0');
}

const token = (bytes = 24) => randomBytes(bytes).toString('base64url');

export async function startFakeSalesforce(opts: FakeSalesforceOptions = {}): Promise<FakeSalesforce> {
  const accessTokens = new Set<string>();
  const refreshTokens = new Set<string>();
  const codes = new Map<string, { clientId: string; redirectUri: string; challenge: string }>();
  const cursors = new Map<string, { object: string; rows: SObjectRecord[] }>();
  let cursorCounter = 0;
  let failures: { count: number; status: number; opts: FailNextOptions }[] = [];
  let denyNext = false;

  const fake: FakeSalesforce = {
    loginUrl: '',
    instanceUrl: '',
    clientId: opts.clientId ?? '3MVG9FAKECLIENTID',
    clientSecret: opts.clientSecret ?? 'fake-client-secret-0123456789',
    refreshToken: opts.refreshToken ?? '5AepFAKEREFRESHTOKEN0123456789',
    batchSize: opts.batchSize ?? 2000,
    users: [],
    roles: [],
    sobjects: new Map(),
    log: [],
    apiUsed: 0,
    apiLimit: opts.apiLimit ?? 100_000,
    lastAuthorize: null,
    rolesForbidden: false,
    omitLimitHeader: false,
    addRole(role) {
      const full: RoleWire = {
        Id: sfId('00E'),
        DeveloperName: role.Name.replace(/[^A-Za-z0-9]+/g, '_'),
        ParentRoleId: null,
        ...role,
      };
      fake.roles.push(full);
      return full;
    },
    addUser(user) {
      const full: UserWire = {
        Id: sfId('005'),
        Email: `${user.Name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@example.com`,
        IsActive: true,
        UserType: 'Standard',
        UserRoleId: null,
        ...user,
      };
      fake.users.push(full);
      return full;
    },
    expireSessions: () => accessTokens.clear(),
    revokeRefreshTokens: () => refreshTokens.clear(),
    exhaustLimit() {
      fake.apiUsed = fake.apiLimit;
    },
    failNext(count, status, failOpts = {}) {
      failures.push({ count, status, opts: failOpts });
    },
    clearFailures() {
      failures = [];
    },
    denyNextAuthorization() {
      denyNext = true;
    },
    close: async () => {},
  };
  refreshTokens.add(fake.refreshToken);

  fake.sobjects.set('UserRole', {
    fields: ['Id', 'Name', 'DeveloperName', 'ParentRoleId'],
    records: () => fake.roles as unknown as SObjectRecord[],
  });
  fake.sobjects.set('User', {
    fields: ['Id', 'Name', 'Email', 'IsActive', 'UserType', 'UserRoleId'],
    records: () => fake.users as unknown as SObjectRecord[],
    relations: { UserRole: { object: 'UserRole', idField: 'UserRoleId' } },
  });

  const limitHeader = () => ({ 'Sforce-Limit-Info': `api-usage=${fake.apiUsed}/${fake.apiLimit}` });

  // ------------------------------------------------------------ OAuth

  function authorize(req: JsonRequest): JsonReply {
    const q = req.query;
    fake.lastAuthorize = q;
    if (q.get('client_id') !== fake.clientId) return { status: 400, body: 'error=invalid_client_id&error_description=client identifier invalid' };
    const redirectUri = q.get('redirect_uri') ?? '';
    if (!isLoopbackRedirect(redirectUri)) return { status: 400, body: 'error=redirect_uri_mismatch&error_description=redirect_uri must match configuration' };
    const back = (params: Record<string, string>) => {
      const target = new URL(redirectUri);
      for (const [k, v] of Object.entries(params)) target.searchParams.set(k, v);
      const state = q.get('state');
      if (state !== null) target.searchParams.set('state', state);
      return { status: 302, headers: { Location: target.toString() } };
    };
    const challenge = q.get('code_challenge') ?? '';
    if (q.get('response_type') !== 'code' || q.get('code_challenge_method') !== 'S256' || !/^[A-Za-z0-9_-]{43}$/.test(challenge)) {
      return back({ error: 'invalid_request', error_description: 'PKCE with S256 and response_type=code is required' });
    }
    if (denyNext) {
      denyNext = false;
      return back({ error: 'access_denied', error_description: 'end-user denied authorization' });
    }
    const code = 'aPrx' + token();
    codes.set(code, { clientId: fake.clientId, redirectUri, challenge });
    return back({ code });
  }

  function tokenGrant(req: JsonRequest): JsonReply {
    const form = new URLSearchParams(req.text);
    const grant = form.get('grant_type') ?? '';
    const refuse = (error: string, description: string): JsonReply => ({ status: 400, body: { error, error_description: description } });
    if (form.get('client_id') !== fake.clientId) return refuse('invalid_client_id', 'client identifier invalid');
    if (grant === 'authorization_code') {
      const entry = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? ''); // one use only
      if (!entry || entry.redirectUri !== form.get('redirect_uri')) return refuse('invalid_grant', 'invalid authorization code');
      const verifier = form.get('code_verifier') ?? '';
      if (createHash('sha256').update(verifier).digest('base64url') !== entry.challenge) return refuse('invalid_grant', 'invalid code verifier');
      const refresh = '5Aep' + token();
      refreshTokens.add(refresh);
      return issue(refresh);
    }
    if (grant === 'refresh_token') {
      const secret = form.get('client_secret');
      if (secret !== null && secret !== fake.clientSecret) return refuse('invalid_client', 'invalid client credentials');
      if (!refreshTokens.has(form.get('refresh_token') ?? '')) return refuse('invalid_grant', 'expired access/refresh token');
      return issue();
    }
    if (grant === 'client_credentials') {
      if (form.get('client_secret') !== fake.clientSecret) return refuse('invalid_client', 'invalid client credentials');
      return issue();
    }
    return refuse('unsupported_grant_type', 'grant type not supported');
  }

  function issue(refresh?: string): JsonReply {
    const access = '00DFAKE000000001!AQ' + token(32);
    accessTokens.add(access);
    return {
      status: 200,
      body: {
        access_token: access,
        instance_url: fake.instanceUrl,
        id: `${fake.loginUrl}/id/00DFAKE000000001AAA/005FAKE000000001AAA`,
        token_type: 'Bearer',
        issued_at: String(Date.now()),
        signature: token(32),
        scope: 'api refresh_token',
        ...(refresh ? { refresh_token: refresh } : {}),
      },
    };
  }

  // ------------------------------------------------------------ REST API

  function apiGuard(req: JsonRequest): JsonReply | null {
    const auth = String(req.headers.authorization ?? '');
    const bearer = auth.startsWith('Bearer ') ? auth.slice(7) : '';
    if (!accessTokens.has(bearer)) return { status: 401, body: [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }] };
    if (fake.apiUsed >= fake.apiLimit) return { status: 403, body: [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }] };
    fake.apiUsed++;
    return null;
  }

  function query(req: JsonRequest): JsonReply {
    const soql = req.query.get('q');
    if (!soql) return malformed('A query string (q) is required');
    let parsed: ParsedQuery;
    try {
      parsed = parseSoql(soql);
    } catch (error) {
      return malformed((error as Error).message);
    }
    if (parsed.object === 'UserRole' && fake.rolesForbidden)
      return { status: 403, body: [{ message: 'Insufficient access rights on object UserRole', errorCode: 'INSUFFICIENT_ACCESS' }] };
    const sobject = fake.sobjects.get(parsed.object);
    if (!sobject) return { status: 400, body: [{ message: `sObject type '${parsed.object}' is not supported.`, errorCode: 'INVALID_TYPE' }] };
    let rows: SObjectRecord[];
    try {
      rows = runQuery(parsed, sobject);
    } catch (error) {
      return { status: 400, body: [{ message: (error as Error).message, errorCode: 'INVALID_FIELD' }] };
    }
    const cursor = '01g' + String(++cursorCounter).padStart(15, '0');
    cursors.set(cursor, { object: parsed.object, rows });
    return page(req, cursor, 0);
  }

  function page(req: JsonRequest, cursor: string, offset: number): JsonReply {
    const entry = cursors.get(cursor);
    if (!entry || offset > entry.rows.length) return { status: 400, body: [{ message: 'invalid query locator', errorCode: 'INVALID_QUERY_LOCATOR' }] };
    const size = batchSizeFor(req);
    const records = entry.rows.slice(offset, offset + size);
    const next = offset + records.length;
    const done = next >= entry.rows.length;
    if (done) cursors.delete(cursor);
    return {
      status: 200,
      body: {
        totalSize: entry.rows.length,
        done,
        ...(done ? {} : { nextRecordsUrl: `${DATA}/query/${cursor}-${next}` }),
        records,
      },
    };
  }

  function batchSizeFor(req: JsonRequest): number {
    // Sforce-Query-Options: batchSize=N is a hint (200–2000); the fake never exceeds its own batch size.
    const hint = /batchSize=(\d+)/.exec(String(req.headers['sforce-query-options'] ?? ''));
    const asked = hint ? Number(hint[1]) : 2000;
    return Math.max(1, Math.min(fake.batchSize, asked >= 200 && asked <= 2000 ? asked : 2000));
  }

  function runQuery(q: ParsedQuery, sobject: FakeSObject): SObjectRecord[] {
    const resolve = fieldResolver(q.object, sobject);
    const getters = q.fields.map((f) => ({ field: f, get: resolve(f) }));
    const where = q.where.map((c) => ({ ...c, get: resolve(c.field) }));
    const order = q.orderBy ? { get: resolve(q.orderBy.field), desc: q.orderBy.desc } : null;
    let rows = sobject.records().filter((row) => where.every((c) => matches(c.get(row), c.op, c.value)));
    if (order) rows = [...rows].sort((a, b) => compare(order.get(a), order.get(b)) * (order.desc ? -1 : 1));
    if (q.limit !== null) rows = rows.slice(0, q.limit);
    return rows.map((row) => project(q.object, sobject, row, getters));
  }

  function fieldResolver(objectName: string, sobject: FakeSObject) {
    const indexes = new Map<string, Map<unknown, SObjectRecord>>();
    return (field: string): ((row: SObjectRecord) => unknown) => {
      const [head, tail] = field.split('.');
      if (tail === undefined) {
        if (!sobject.fields.includes(head)) throw new Error(`No such column '${head}' on entity '${objectName}'.`);
        return (row) => row[head] ?? null;
      }
      const relation = sobject.relations?.[head];
      const target = relation ? fake.sobjects.get(relation.object) : undefined;
      if (!relation || !target || !target.fields.includes(tail)) throw new Error(`No such column '${field}' on entity '${objectName}'.`);
      return (row) => {
        let index = indexes.get(relation.object);
        if (!index) indexes.set(relation.object, (index = new Map(target.records().map((r) => [r.Id, r]))));
        const parent = index.get(row[relation.idField]);
        return parent ? (parent[tail] ?? null) : null;
      };
    };
  }

  function project(objectName: string, sobject: FakeSObject, row: SObjectRecord, getters: { field: string; get: (r: SObjectRecord) => unknown }[]): SObjectRecord {
    const out: SObjectRecord = { attributes: { type: objectName, url: `${DATA}/sobjects/${objectName}/${row.Id}` } };
    for (const { field, get } of getters) {
      const [head, tail] = field.split('.');
      if (tail === undefined) {
        out[head] = get(row);
        continue;
      }
      const relation = sobject.relations![head];
      if (!row[relation.idField]) {
        out[head] = null; // no related record: Salesforce sends null, not an empty object
        continue;
      }
      const nested = (out[head] as SObjectRecord | undefined) ?? { attributes: { type: relation.object, url: `${DATA}/sobjects/${relation.object}/${row[relation.idField]}` } };
      nested[tail] = get(row);
      out[head] = nested;
    }
    return out;
  }

  // ------------------------------------------------------------ wiring

  const versions = opts.apiVersions ?? ['58.0', '59.0', '60.0', '61.0', '62.0'];
  const versionList = (): JsonReply => ({
    status: 200,
    body: versions.map((v) => ({ label: `Release ${v}`, url: `/services/data/v${v}`, version: v })),
  });
  const routes = router([
    { method: 'GET', path: '/services/data/', handle: versionList },
    { method: 'GET', path: '/services/oauth2/authorize', handle: authorize },
    { method: 'POST', path: '/services/oauth2/token', handle: tokenGrant },
    { method: 'GET', path: `${DATA}/query`, handle: query },
    { method: 'GET', path: new RegExp(`^${DATA.replace(/\./g, '\\.')}/query/([A-Za-z0-9]+)-(\\d+)$`), handle: (req) => page(req, req.params[0], Number(req.params[1])) },
  ]);

  const server = await startJsonServer(
    async (req) => {
      const pathWithQuery = req.path + (req.query.size ? `?${req.query}` : '');
      const entry: FakeSalesforceLogEntry = { method: req.method, path: pathWithQuery, status: 0, at: Date.now() };
      if (req.path === '/services/oauth2/token') entry.grantType = new URLSearchParams(req.text).get('grant_type') ?? undefined;
      fake.log.push(entry);
      const reply = await answer(req, pathWithQuery);
      entry.status = reply.status;
      const body = reply.body as { records?: unknown[] } | undefined;
      if (reply.status === 200 && Array.isArray(body?.records)) entry.records = body.records.length;
      if (req.path === `${DATA}/query` && req.query.get('q')) entry.object = /\bFROM\s+(\w+)/i.exec(req.query.get('q')!)?.[1];
      return { ...reply, headers: { ...(fake.omitLimitHeader ? {} : limitHeader()), ...reply.headers } };
    },
    { port: opts.port },
  );

  async function answer(req: JsonRequest, pathWithQuery: string): Promise<JsonReply> {
    const failure = failures.find((f) => f.count > 0 && (!f.opts.path || f.opts.path.test(pathWithQuery)));
    if (failure) {
      failure.count--;
      failures = failures.filter((f) => f.count > 0);
      return {
        status: failure.status,
        body: failure.opts.body ?? [{ message: `fake failure ${failure.status}`, errorCode: 'SERVER_UNAVAILABLE' }],
        headers: failure.opts.retryAfter !== undefined ? { 'Retry-After': String(failure.opts.retryAfter) } : {},
      };
    }
    if (req.path.startsWith('/services/data/')) {
      const refused = apiGuard(req);
      if (refused) return refused;
    }
    const reply = await routes(req);
    if (reply.status === 404 && req.path.startsWith('/services/data/')) {
      return { status: 404, body: [{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }] };
    }
    return reply;
  }

  fake.loginUrl = server.origin;
  fake.instanceUrl = server.origin;
  fake.close = () => server.close();
  return fake;
}

function malformed(message: string): JsonReply {
  return { status: 400, body: [{ message, errorCode: 'MALFORMED_QUERY' }] };
}

function isLoopbackRedirect(uri: string): boolean {
  try {
    const url = new URL(uri);
    return url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === 'localhost') && url.port !== '';
  } catch {
    return false;
  }
}

// ------------------------------------------------------------ a small SOQL subset

type Op = '=' | '!=' | '<' | '<=' | '>' | '>=';

interface ParsedQuery {
  fields: string[];
  object: string;
  where: { field: string; op: Op; value: unknown }[];
  orderBy: { field: string; desc: boolean } | null;
  limit: number | null;
}

/** SELECT f1, f2, Rel.f FROM Object [WHERE a op lit [AND ...]] [ORDER BY f [ASC|DESC]] [LIMIT n] */
export function parseSoql(soql: string): ParsedQuery {
  const m =
    /^\s*SELECT\s+(.+?)\s+FROM\s+(\w+)(?:\s+WHERE\s+(.+?))?(?:\s+ORDER\s+BY\s+([\w.]+)(?:\s+(ASC|DESC))?)?(?:\s+LIMIT\s+(\d+))?\s*$/is.exec(soql);
  if (!m) throw new Error(`unexpected token in query: ${soql.slice(0, 80)}`);
  const fields = m[1].split(',').map((f) => f.trim());
  if (fields.some((f) => !/^\w+(\.\w+)?$/.test(f))) throw new Error(`unexpected field list: ${m[1]}`);
  const where = m[3] ? m[3].split(/\s+AND\s+/i).map(parseCondition) : [];
  return {
    fields,
    object: m[2],
    where,
    orderBy: m[4] ? { field: m[4], desc: (m[5] ?? '').toUpperCase() === 'DESC' } : null,
    limit: m[6] ? Number(m[6]) : null,
  };
}

function parseCondition(text: string): { field: string; op: Op; value: unknown } {
  const m = /^\s*([\w.]+)\s*(=|!=|<>|<=|>=|<|>)\s*(.+?)\s*$/.exec(text);
  if (!m || /\s(OR|IN|LIKE|NOT)\s/i.test(` ${text} `)) throw new Error(`the fake supports only "field op literal" joined by AND: ${text}`);
  const op = (m[2] === '<>' ? '!=' : m[2]) as Op;
  return { field: m[1], op, value: parseLiteral(m[3]) };
}

function parseLiteral(text: string): unknown {
  if (/^'.*'$/s.test(text)) return text.slice(1, -1).replace(/\\'/g, "'");
  if (/^(true|false)$/i.test(text)) return text.toLowerCase() === 'true';
  if (/^null$/i.test(text)) return null;
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2}))?$/.test(text)) return text; // date / datetime literal
  throw new Error(`unexpected literal: ${text}`);
}

const DATE_LIKE = /^\d{4}-\d{2}-\d{2}/;

function comparable(value: unknown): unknown {
  // Datetimes compare as instants whatever their notation (Z vs .000+0000).
  if (typeof value === 'string' && DATE_LIKE.test(value)) {
    const ms = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
    if (!Number.isNaN(ms)) return ms;
  }
  return value;
}

function compare(a: unknown, b: unknown): number {
  const x = comparable(a);
  const y = comparable(b);
  if (x === y) return 0;
  if (x === null || x === undefined) return -1; // nulls first, as in SOQL's default
  if (y === null || y === undefined) return 1;
  return (x as number) < (y as number) ? -1 : 1;
}

function matches(actual: unknown, op: Op, expected: unknown): boolean {
  if (expected === null) return op === '=' ? actual === null : op === '!=' ? actual !== null : false;
  if (actual === null || actual === undefined) return op === '!=';
  const c = compare(actual, expected);
  switch (op) {
    case '=':
      return c === 0;
    case '!=':
      return c !== 0;
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '>=':
      return c >= 0;
  }
}
