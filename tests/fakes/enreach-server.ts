// A fake Enreach API (contracts/enreach-api.md) on 127.0.0.1: seedable users
// and user groups served with skip/take paging (take ≤ 500), Basic auth,
// POST /authuser/{email} for the secret key, the discovery route on the same
// server, X-Rate-Limit-* headers and 429 with Retry-After. Field names in
// PascalCase or camelCase. More routes (e.g. GET /calls) plug in with addRoute().
import { router, startJsonServer, type JsonHandler, type JsonReply, type JsonRequest, type Route, FailureQueue } from './http-server';

export interface UserWire {
  Id: string;
  UserName: string;
  FirstName: string;
  LastName: string;
  Email: string;
  IsActive: boolean;
  GroupIds: string[];
}

export interface GroupWire {
  Id: string;
  Name: string;
  ParentId: string | null;
}

export interface EnreachLogEntry {
  method: string;
  /** Path with query string. */
  path: string;
  status: number;
  at: number;
}

export interface EnreachFailOptions {
  /** Seconds sent in Retry-After with a 429 (default 1). */
  retryAfter?: number;
  /** Only requests whose path (with query) matches. */
  path?: RegExp;
  /** Answer this body instead of {"Message": ...} (e.g. a 200 with a bad shape). */
  body?: unknown;
}

export interface FakeEnreach {
  /** API base URL, without trailing slash. */
  baseUrl: string;
  /** Discovery service URL (same server, GET /api/user?user=). */
  discoveryUrl: string;
  username: string;
  secretKey: string;
  password: string;
  caseStyle: 'pascal' | 'camel';
  users: UserWire[];
  groups: GroupWire[];
  /** X-Rate-Limit-Limit per minute. */
  rateLimit: number;
  /** Differs from the contract: answers carry no X-Rate-Limit-* headers. */
  omitRateHeaders: boolean;
  /** Allowed by the contract: lists ignore skip/take and answer the whole list every time. */
  ignoreSkipTake: boolean;
  /** Differs from the contract: users arrive with these fields renamed (e.g. {GroupIds: 'Groups'}). */
  renameUserFields: Record<string, string>;
  log: EnreachLogEntry[];
  /** The route table; routes added later (e.g. GET /calls) answer behind Basic auth and failNext. */
  routes: Route[];
  addRoute(method: string, path: string | RegExp, handle: JsonHandler): void;
  addUser(user: Partial<UserWire> & { FirstName: string; LastName: string }): UserWire;
  addGroup(group: Partial<GroupWire> & { Name: string }): GroupWire;
  removeUser(id: string): void;
  /** The next `count` matching requests answer `status` (429 with Retry-After). */
  failNext(count: number, status: number, opts?: EnreachFailOptions): void;
  /** Drops every failure still queued by failNext. */
  clearFailures(): void;
  /** Called before each paged list answer (skip, take): lets a test edit the list mid-read (R10). null turns it off. */
  beforePage: ((path: string, skip: number, take: number) => void) | null;
  /** A body as the fake would send it, in the current case style. */
  wire(value: unknown): unknown;
  close(): Promise<void>;
}

export const DEFAULT_ENREACH_USERNAME = 'api@acme.com';
export const DEFAULT_ENREACH_SECRET_KEY = 'fake-enreach-secret-key';
export const DEFAULT_ENREACH_PASSWORD = 'fake-enreach-password';
export const MAX_TAKE = 500;

const DENIED = { Message: 'Authorization has been denied for this request.' };

export async function startFakeEnreach(
  opts: { username?: string; secretKey?: string; password?: string; port?: number; caseStyle?: 'pascal' | 'camel' } = {},
): Promise<FakeEnreach> {
  let nextUser = 1;
  let nextGroup = 100;
  let failures = new FailureQueue<EnreachFailOptions>();
  const minute = { start: 0, used: 0 };

  const fake: FakeEnreach = {
    baseUrl: '',
    discoveryUrl: '',
    username: opts.username ?? DEFAULT_ENREACH_USERNAME,
    secretKey: opts.secretKey ?? DEFAULT_ENREACH_SECRET_KEY,
    password: opts.password ?? DEFAULT_ENREACH_PASSWORD,
    caseStyle: opts.caseStyle ?? 'pascal',
    users: [],
    groups: [],
    rateLimit: 6_000,
    omitRateHeaders: false,
    ignoreSkipTake: false,
    renameUserFields: {},
    log: [],
    routes: [],
    addRoute(method, path, handle) {
      fake.routes.push({ method: method.toUpperCase(), path, handle });
    },
    addUser(user) {
      const n = nextUser++;
      const userName = `${user.FirstName}.${user.LastName}`.toLowerCase().replace(/[^a-z0-9.]+/g, '') + '@acme.com';
      const wire: UserWire = {
        Id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
        UserName: userName,
        Email: userName,
        IsActive: true,
        GroupIds: [],
        ...user,
      };
      fake.users.push(wire);
      return wire;
    },
    addGroup(group) {
      const wire: GroupWire = { Id: `g-${nextGroup++}`, ParentId: null, ...group };
      fake.groups.push(wire);
      return wire;
    },
    removeUser(id) {
      fake.users = fake.users.filter((u) => u.Id !== id);
    },
    failNext(count, status, failOpts = {}) {
      failures.add(count, status, failOpts);
    },
    clearFailures() {
      failures = new FailureQueue<EnreachFailOptions>();
    },
    beforePage: null,
    wire: (value) => (fake.caseStyle === 'camel' ? camelKeys(value) : value),
    close: () => Promise.resolve(),
  };

  const authorized = (request: JsonRequest) =>
    request.headers.authorization === 'Basic ' + Buffer.from(`${fake.username}:${fake.secretKey}`).toString('base64');

  /** skip/take paging of one list; take above 500 is refused like a real limit. */
  const paged =
    (list: () => unknown[]): JsonHandler =>
    (request) => {
      const skip = Number(request.query.get('skip') ?? 0);
      const take = Number(request.query.get('take') ?? MAX_TAKE);
      if (!Number.isInteger(skip) || skip < 0 || !Number.isInteger(take) || take < 1 || take > MAX_TAKE)
        return { status: 400, body: { Message: `skip must be 0 or more and take between 1 and ${MAX_TAKE}.` } };
      fake.beforePage?.(request.path, skip, take);
      return { status: 200, body: fake.wire(fake.ignoreSkipTake ? list() : list().slice(skip, skip + take)) };
    };

  const renamed = (user: UserWire): Record<string, unknown> =>
    Object.fromEntries(Object.entries(user).map(([key, value]) => [fake.renameUserFields[key] ?? key, value]));
  fake.addRoute('GET', '/users', paged(() => fake.users.map(renamed)));
  fake.addRoute('GET', '/usergroups', paged(() => fake.groups));

  // Routes that need no secret key: discovery and the password exchange.
  const openRoutes: Route[] = [
    {
      method: 'GET',
      path: '/api/user',
      handle: (request) => {
        const user = (request.query.get('user') ?? '').toLowerCase();
        const known = user === fake.username.toLowerCase() || fake.users.some((u) => u.UserName.toLowerCase() === user);
        return { status: 200, body: known ? [{ apiEndpoint: fake.baseUrl + '/', userName: user }] : [] };
      },
    },
    {
      method: 'POST',
      path: /^\/authuser\/([^/]+)$/,
      handle: (request) => {
        const email = decodeURIComponent(request.params[0]).toLowerCase();
        const body = (request.body ?? {}) as Record<string, unknown>;
        const password = body.Password ?? body.password;
        if (email !== fake.username.toLowerCase() || password !== fake.password) return { status: 401, body: DENIED };
        return { status: 200, body: fake.wire({ SecretKey: fake.secretKey }) };
      },
    },
  ];
  const openRoute = router(openRoutes, () => ({ status: -1 }));
  const route = router(fake.routes, () => ({ status: 404, body: { Message: 'No HTTP resource was found that matches the request URI.' } }));

  async function answer(request: JsonRequest, pathWithQuery: string): Promise<JsonReply> {
    const failure = failures.take(pathWithQuery);
    if (failure) {
      const headers: Record<string, string> =
        failure.status === 429 ? { 'Retry-After': String(failure.opts.retryAfter ?? 1), 'X-Rate-Limit-Remaining': '0' } : {};
      const message = failure.status === 429 ? 'Rate limit exceeded.' : 'An error has occurred.';
      return { status: failure.status, body: failure.opts.body ?? { Message: message }, headers };
    }
    const open = await openRoute(request);
    if (open.status !== -1) return open;
    if (!authorized(request)) return { status: 401, body: DENIED };
    return route(request);
  }

  function rateLimitHeaders(now: number): Record<string, string> {
    const start = Math.floor(now / 60_000) * 60_000;
    if (start !== minute.start) Object.assign(minute, { start, used: 0 });
    minute.used++;
    return {
      'X-Rate-Limit-Limit': String(fake.rateLimit),
      'X-Rate-Limit-Remaining': String(Math.max(0, fake.rateLimit - minute.used)),
      'X-Rate-Limit-Reset': new Date(start + 60_000).toISOString(),
    };
  }

  const server = await startJsonServer(
    async (request) => {
      const now = Date.now();
      const pathWithQuery = request.path + (request.query.size ? `?${request.query}` : '');
      let result: JsonReply;
      try {
        result = await answer(request, pathWithQuery);
      } catch (error) {
        result = { status: 500, body: { Message: (error as Error).message } };
      }
      fake.log.push({ method: request.method, path: pathWithQuery, status: result.status, at: now });
      return { ...result, headers: { ...(fake.omitRateHeaders ? {} : rateLimitHeaders(now)), ...result.headers } };
    },
    { port: opts.port },
  );
  fake.baseUrl = server.origin;
  fake.discoveryUrl = server.origin;
  fake.close = () => server.close();
  return fake;
}

/** Lower-cases the first letter of every key, recursively ("GroupIds" → "groupIds"). */
function camelKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, field]) => [key.charAt(0).toLowerCase() + key.slice(1), camelKeys(field)]),
  );
}
