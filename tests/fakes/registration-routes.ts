// What each fake source produces for the registrations import, plugged into
// the existing fakes without changing them: Intercom's POST
// /conversations/search (addRoute), Salesforce's Opportunity object
// (sobjects), Enreach's GET /calls (addRoute). Each keeps a live, seedable
// list and answers the way its contract says.
import type { FakeEnreach } from './enreach-server';
import type { JsonReply, JsonRequest } from './http-server';
import type { FakeIntercom } from './intercom-server';
import type { FakeSalesforce, SObjectRecord } from './salesforce-server';

// ------------------------------------------------------------ Intercom

export interface ConversationWire {
  type: 'conversation';
  id: string;
  created_at: number;
  updated_at: number;
  state: 'open' | 'closed' | 'snoozed';
  admin_assignee_id: number | null;
  team_assignee_id: number | null;
  title: string | null;
}

export interface FakeConversations {
  list: ConversationWire[];
  add(c: Partial<ConversationWire> & { admin_assignee_id: number | null; updated_at: number }): ConversationWire;
  /** Bodies of every search request, in order. */
  searches: unknown[];
}

const INTERCOM_MAX_PER_PAGE = 150;

/**
 * POST /conversations/search: `updated_at` with `>` meaning "greater or equal"
 * (as the contract says), `admin_assignee_id != 0`, sort on updated_at when
 * asked (else by id), cursor paging with an opaque `starting_after`.
 */
export function addIntercomConversations(fake: FakeIntercom): FakeConversations {
  let nextId = 1000;
  const conversations: FakeConversations = {
    list: [],
    searches: [],
    add(c) {
      const wire: ConversationWire = {
        type: 'conversation',
        id: String(nextId++),
        created_at: c.updated_at - 60,
        state: 'closed',
        team_assignee_id: null,
        title: null,
        ...c,
      };
      conversations.list.push(wire);
      return wire;
    },
  };
  const bad = (message: string): JsonReply => ({
    status: 400,
    body: { type: 'error.list', request_id: 'req-fake', errors: [{ code: 'parameter_invalid', message }] },
  });
  fake.addRoute('POST', '/conversations/search', (request: JsonRequest) => {
    conversations.searches.push(request.body);
    const body = (request.body ?? {}) as {
      query?: { operator?: string; value?: { field: string; operator: string; value: unknown }[] };
      pagination?: { per_page?: number; starting_after?: string };
      sort?: { field?: string; order?: string };
    };
    const perPage = body.pagination?.per_page ?? 20;
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > INTERCOM_MAX_PER_PAGE) return bad(`per_page must be 1..${INTERCOM_MAX_PER_PAGE}`);
    const conditions = body.query?.operator === 'AND' ? (body.query.value ?? []) : body.query ? [body.query as never] : [];
    let rows = conversations.list.filter((c) =>
      conditions.every((cond) => {
        const actual = (c as unknown as Record<string, unknown>)[cond.field] ?? 0;
        switch (cond.operator) {
          case '>':
            return (actual as number) >= (cond.value as number); // Intercom's ">" includes the value
          case '<':
            return (actual as number) <= (cond.value as number);
          case '=':
            return actual === cond.value;
          case '!=':
            return actual !== cond.value;
          default:
            return false;
        }
      }),
    );
    const byUpdated = body.sort?.field === 'updated_at';
    const desc = body.sort?.order === 'descending';
    rows = [...rows].sort((a, b) => (byUpdated ? a.updated_at - b.updated_at : 0) * (desc ? -1 : 1) || Number(a.id) - Number(b.id));
    const offset = body.pagination?.starting_after ? Number(Buffer.from(body.pagination.starting_after, 'base64').toString().split(':')[1]) : 0;
    if (!Number.isInteger(offset) || offset < 0) return bad('starting_after is not a valid cursor');
    const page = rows.slice(offset, offset + perPage);
    const end = offset + page.length;
    return {
      status: 200,
      body: {
        type: 'conversation.list',
        total_count: rows.length,
        pages: {
          type: 'pages',
          page: Math.floor(offset / perPage) + 1,
          per_page: perPage,
          total_pages: Math.max(1, Math.ceil(rows.length / perPage)),
          ...(end < rows.length ? { next: { per_page: perPage, starting_after: Buffer.from(`offset:${end}`).toString('base64') } } : {}),
        },
        conversations: page,
      },
    };
  });
  return conversations;
}

// ------------------------------------------------------------ Salesforce

export interface OpportunityRow {
  Id: string;
  Name: string;
  OwnerId: string;
  StageName: string;
  Amount: number | null;
  CloseDate: string;
  IsClosed: boolean;
  IsWon: boolean;
  /** "2026-01-02T03:04:05.000+0000", as Salesforce sends it. */
  SystemModstamp: string;
}

export interface FakeOpportunities {
  list: OpportunityRow[];
  add(o: Partial<OpportunityRow> & { OwnerId: string; modifiedAt: number }): OpportunityRow;
}

/** The Opportunity object for SOQL queries (WHERE / ORDER BY / paging come from the fake). */
export function addSalesforceOpportunities(fake: FakeSalesforce): FakeOpportunities {
  let next = 1;
  const opportunities: FakeOpportunities = {
    list: [],
    add({ modifiedAt, ...o }) {
      const row: OpportunityRow = {
        Id: `006${String(next++).padStart(15, '0')}`,
        Name: `Deal ${next - 1}`,
        StageName: 'Closed Won',
        Amount: 1000,
        CloseDate: new Date(modifiedAt).toISOString().slice(0, 10),
        IsClosed: true,
        IsWon: true,
        SystemModstamp: salesforceStamp(modifiedAt),
        ...o,
      };
      opportunities.list.push(row);
      return row;
    },
  };
  fake.sobjects.set('Opportunity', {
    fields: ['Id', 'Name', 'OwnerId', 'StageName', 'Amount', 'CloseDate', 'IsClosed', 'IsWon', 'SystemModstamp'],
    records: () => opportunities.list as unknown as SObjectRecord[],
  });
  return opportunities;
}

export function salesforceStamp(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

// ------------------------------------------------------------ Enreach

export interface CallWire {
  /** The documented key; `callIdField: 'Id'` answers it as `Id` instead. */
  CallId: string;
  UserId: string;
  StartTime: string;
  DurationSeconds: number;
  Direction: 'Inbound' | 'Outbound';
  Modified: string;
}

export interface FakeCalls {
  list: CallWire[];
  add(c: Partial<CallWire> & { UserId: string; modifiedAt: number }): CallWire;
  /** [ModifiedAfter, ModifiedBefore] of every request, as sent. */
  windows: [string, string][];
}

const ENREACH_MAX_WINDOW_MS = 31 * 24 * 3600 * 1000;
const ENREACH_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/**
 * GET /calls?ModifiedAfter&ModifiedBefore: both bounds inclusive, at most 31 days, UTC "yyyy-MM-dd HH:mm:ss".
 * A call transferred between users is one event per user with the same CallId (add it twice with the same CallId).
 * `callIdField: 'Id'` differs from the contract: the key arrives as `Id`.
 */
export function addEnreachCalls(fake: FakeEnreach, options: { callIdField?: 'CallId' | 'Id' } = {}): FakeCalls {
  let next = 1;
  const calls: FakeCalls = {
    list: [],
    windows: [],
    add({ modifiedAt, ...c }) {
      const call: CallWire = {
        CallId: `c-${next++}`,
        StartTime: enreachTimeOf(modifiedAt - 200_000),
        DurationSeconds: 182,
        Direction: 'Outbound',
        Modified: enreachTimeOf(modifiedAt),
        ...c,
      };
      calls.list.push(call);
      return call;
    },
  };
  fake.addRoute('GET', '/calls', (request) => {
    const after = request.query.get('ModifiedAfter') ?? '';
    const before = request.query.get('ModifiedBefore') ?? '';
    calls.windows.push([after, before]);
    if (!ENREACH_TIME.test(after) || !ENREACH_TIME.test(before)) {
      return { status: 400, body: { Message: 'ModifiedAfter and ModifiedBefore must be yyyy-MM-dd HH:mm:ss.' } };
    }
    const from = parseEnreachTime(after);
    const to = parseEnreachTime(before);
    if (to < from || to - from > ENREACH_MAX_WINDOW_MS) return { status: 400, body: { Message: 'The time range may be at most 31 days.' } };
    const found = calls.list.filter((c) => parseEnreachTime(c.Modified) >= from && parseEnreachTime(c.Modified) <= to);
    const renamed = options.callIdField === 'Id' ? found.map(({ CallId, ...rest }) => ({ Id: CallId, ...rest })) : found;
    return { status: 200, body: fake.wire(renamed) };
  });
  return calls;
}

export function enreachTimeOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

function parseEnreachTime(text: string): number {
  return Date.parse(text.replace(' ', 'T') + 'Z');
}
