// A fake Intercom REST API (contracts/intercom-api.md) on 127.0.0.1: seedable
// admins and teams, bearer-token check, required Intercom-Version, the
// X-RateLimit-* headers on every answer and a 429 that resets a second ahead.
// Used by the integration tests, the built-in demo and the benchmark. More
// routes (e.g. POST /conversations/search) plug in with addRoute().
import { router, startJsonServer, type JsonHandler, type JsonReply, type JsonRequest, type Route, FailureQueue } from './http-server';

export interface AdminWire {
  type: 'admin';
  id: string;
  name: string;
  email: string;
  job_title: string | null;
  away_mode_enabled: boolean;
  away_mode_reassign: boolean;
  has_inbox_seat: boolean;
  team_ids: number[];
  avatar: { image_url: string | null };
}

export interface TeamWire {
  type: 'team';
  id: string;
  name: string;
  admin_ids: number[];
  admin_priority_level: { primary_admin_ids: number[]; secondary_admin_ids: number[] };
}

export interface FakeLogEntry {
  method: string;
  /** Path with query string. */
  path: string;
  status: number;
  /** Milliseconds since the epoch when the request arrived. */
  at: number;
  /** Intercom-Version header as sent, or null. */
  intercomVersion: string | null;
  accept: string | null;
  /** Only the scheme of the Authorization header ("Bearer"), never the token. */
  authScheme: string | null;
}

export interface FailOptions {
  /** Only requests whose path (with query) matches. */
  path?: RegExp;
  /** Answer this body instead of an error.list (e.g. a 200 with a bad shape). */
  body?: unknown;
}

export interface FakeIntercom {
  baseUrl: string;
  token: string;
  admins: AdminWire[];
  teams: TeamWire[];
  /** When true, GET /admins also lists each team as an old-style {"type": "team"} entry. */
  mixLegacyTeamEntries: boolean;
  /** X-RateLimit-Limit per 10-second window. */
  rateLimit: number;
  /** Differs from the contract: answers carry no X-RateLimit-* headers. */
  omitRateHeaders: boolean;
  /** Differs from the contract: admins arrive with these fields renamed (e.g. {team_ids: 'teams'}). */
  renameAdminFields: Record<string, string>;
  log: FakeLogEntry[];
  /** The route table; routes added later (e.g. POST /conversations/search) answer behind auth and failNext. */
  routes: Route[];
  addRoute(method: string, path: string | RegExp, handle: JsonHandler): void;
  addAdmin(admin: Partial<AdminWire> & { name: string }): AdminWire;
  addTeam(team: Partial<TeamWire> & { name: string }): TeamWire;
  removeAdmin(id: string): void;
  removeTeam(id: string): void;
  /** Puts an admin in a team on both sides (admin.team_ids and team.admin_ids). */
  join(adminId: string, teamId: string): void;
  /** The next `count` matching requests answer `status` (429 carries X-RateLimit-Reset a second ahead). */
  failNext(count: number, status: number, opts?: FailOptions): void;
  /** Drops every failure still queued by failNext. */
  clearFailures(): void;
  close(): Promise<void>;
}

export const DEFAULT_INTERCOM_TOKEN = 'fake-intercom-token';

const ERROR_CODES: Record<number, [string, string]> = {
  400: ['bad_request', 'Bad request'],
  401: ['unauthorized', 'Access Token Invalid'],
  403: ['forbidden', 'Access to this resource is not allowed'],
  404: ['not_found', 'Resource Not Found'],
  429: ['rate_limit_exceeded', 'Exceeded rate limit of 167 in 10_seconds'],
  500: ['server_error', 'Server Error'],
  502: ['server_error', 'Bad Gateway'],
  503: ['service_unavailable', 'Service Unavailable'],
};

function errorList(status: number, code?: string, message?: string) {
  const [defaultCode, defaultMessage] = ERROR_CODES[status] ?? ['server_error', `Error ${status}`];
  return {
    type: 'error.list',
    request_id: `req-${Math.random().toString(36).slice(2, 10)}`,
    errors: [{ code: code ?? defaultCode, message: message ?? defaultMessage }],
  };
}

export async function startFakeIntercom(opts: { token?: string; port?: number } = {}): Promise<FakeIntercom> {
  let nextAdminId = 991267466;
  let nextTeamId = 814865;
  let failures = new FailureQueue<FailOptions>();
  const windowState = { start: 0, used: 0 };

  const fake: FakeIntercom = {
    baseUrl: '',
    token: opts.token ?? DEFAULT_INTERCOM_TOKEN,
    admins: [],
    teams: [],
    mixLegacyTeamEntries: false,
    rateLimit: 10_000,
    omitRateHeaders: false,
    renameAdminFields: {},
    log: [],
    routes: [],
    addRoute(method, path, handle) {
      fake.routes.push({ method: method.toUpperCase(), path, handle });
    },
    addAdmin(admin) {
      const wire: AdminWire = {
        type: 'admin',
        id: String(nextAdminId++),
        email: `${admin.name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@example.com`,
        job_title: null,
        away_mode_enabled: false,
        away_mode_reassign: false,
        has_inbox_seat: true,
        team_ids: [],
        avatar: { image_url: null },
        ...admin,
      };
      fake.admins.push(wire);
      return wire;
    },
    addTeam(team) {
      const wire: TeamWire = {
        type: 'team',
        id: String(nextTeamId++),
        admin_ids: [],
        admin_priority_level: { primary_admin_ids: [], secondary_admin_ids: [] },
        ...team,
      };
      fake.teams.push(wire);
      return wire;
    },
    removeAdmin(id) {
      fake.admins = fake.admins.filter((a) => a.id !== id);
      for (const team of fake.teams) team.admin_ids = team.admin_ids.filter((a) => String(a) !== id);
    },
    removeTeam(id) {
      fake.teams = fake.teams.filter((t) => t.id !== id);
      for (const admin of fake.admins) admin.team_ids = admin.team_ids.filter((t) => String(t) !== id);
    },
    join(adminId, teamId) {
      const admin = fake.admins.find((a) => a.id === adminId);
      const team = fake.teams.find((t) => t.id === teamId);
      if (!admin || !team) throw new Error(`fake Intercom: no admin ${adminId} or team ${teamId}`);
      if (!admin.team_ids.includes(Number(teamId))) admin.team_ids.push(Number(teamId));
      if (!team.admin_ids.includes(Number(adminId))) team.admin_ids.push(Number(adminId));
    },
    failNext(count, status, failOpts = {}) {
      failures.add(count, status, failOpts);
    },
    clearFailures() {
      failures = new FailureQueue<FailOptions>();
    },
    close: () => Promise.resolve(),
  };

  fake.addRoute('GET', '/admins', () => {
    const legacy = fake.mixLegacyTeamEntries
      ? fake.teams.map((t) => ({ type: 'team', id: t.id, name: t.name, email: null, team_ids: [] }))
      : [];
    const renamed = fake.admins.map((a) => Object.fromEntries(Object.entries(a).map(([k, v]) => [fake.renameAdminFields[k] ?? k, v])));
    return { status: 200, body: { type: 'admin.list', admins: [...renamed, ...legacy] } };
  });
  fake.addRoute('GET', '/teams', () => ({ status: 200, body: { type: 'team.list', teams: fake.teams } }));

  /** X-RateLimit-* of the current 10-second window, counting this request. */
  function rateLimitHeaders(now: number): Record<string, string> {
    const windowStart = Math.floor(now / 10_000) * 10_000;
    if (windowStart !== windowState.start) Object.assign(windowState, { start: windowStart, used: 0 });
    windowState.used++;
    return {
      'X-RateLimit-Limit': String(fake.rateLimit),
      'X-RateLimit-Remaining': String(Math.max(0, fake.rateLimit - windowState.used)),
      'X-RateLimit-Reset': String((windowStart + 10_000) / 1000),
    };
  }

  const route = router(fake.routes, () => ({ status: 404, body: errorList(404) }));

  async function answer(request: JsonRequest, pathWithQuery: string, now: number): Promise<JsonReply> {
    const auth = request.headers.authorization ?? '';
    if (auth !== `Bearer ${fake.token}`) return { status: 401, body: errorList(401) };
    if (!request.headers['intercom-version'])
      return { status: 400, body: errorList(400, 'intercom_version_missing', 'Send an Intercom-Version header') };
    const failure = failures.take(pathWithQuery);
    if (failure) {
      const headers: Record<string, string> =
        failure.status === 429
          ? { 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(Math.floor(now / 1000) + 1) }
          : {};
      return { status: failure.status, body: failure.opts.body ?? errorList(failure.status), headers };
    }
    return route(request);
  }

  const server = await startJsonServer(async (request) => {
    const now = Date.now();
    const pathWithQuery = request.path + (request.query.size ? `?${request.query}` : '');
    let result: JsonReply;
    try {
      result = await answer(request, pathWithQuery, now);
    } catch (error) {
      result = { status: 500, body: errorList(500, 'server_error', (error as Error).message) };
    }
    fake.log.push({
      method: request.method,
      path: pathWithQuery,
      status: result.status,
      at: now,
      intercomVersion: headerValue(request.headers['intercom-version']),
      accept: headerValue(request.headers.accept),
      authScheme: request.headers.authorization?.split(' ')[0] ?? null,
    });
    return { ...result, headers: { ...(fake.omitRateHeaders ? {} : rateLimitHeaders(now)), ...result.headers } };
  }, { port: opts.port });
  fake.baseUrl = server.origin;
  fake.close = () => server.close();
  return fake;
}

function headerValue(value: string | string[] | undefined): string | null {
  return Array.isArray(value) ? value.join(', ') : (value ?? null);
}
