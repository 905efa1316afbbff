// Intercom conversations as registrations (contracts/intercom-api.md,
// "Registrations"): POST /conversations/search on `updated_at`, cursor paging,
// owner = the admin assignee. Intercom's `>` means "greater or equal" and its
// index can lag, so every read starts OVERLAP seconds before the cursor; the
// cursor remembers which conversation versions in that window were already
// handled, so the overlap never posts anything twice.
//
// Cursor: "<unix seconds>|<id>@<updated_at>,…" — the newest updated_at handled
// and every conversation handled within OVERLAP seconds of it. "" = not started.
import { SourceReadError } from '../../domain/model';
import type { RegistrationPage, RegistrationReader, SourceRecord } from '../connector';
import { INTERCOM_SYSTEM, type IntercomApi } from './api';

export const INTERCOM_SEARCH_PAGE_SIZE = 150;
/** Seconds re-read before the cursor, for updates Intercom's search index shows late. */
export const INTERCOM_OVERLAP_SECONDS = 300;
export const INTERCOM_REGISTRATION_FIELDS = ['state', 'team_assignee_id', 'title'];
/** Records per yielded page: how far back an interrupted import may have to go. */
const RESUME_STEP = 100;

interface Conversation {
  id: string;
  createdAt: number;
  updatedAt: number;
  adminAssigneeId: string | null;
  state: string | null;
  teamAssigneeId: string | null;
  title: string | null;
}

export function createIntercomRegistrationReader(api: IntercomApi): RegistrationReader {
  return {
    fields: INTERCOM_REGISTRATION_FIELDS,
    defaultDataSource: 'Intercom conversations',
    read: (cursor, since) => readConversations(api, cursor, since),
  };
}

/** The handled conversations of the overlap window, and the newest updated_at handled. */
class HandledWindow {
  constructor(
    public newest: number | null,
    private readonly handled: Map<string, number>,
  ) {}

  static parse(cursor: string | null): HandledWindow | null {
    if (!cursor) return null;
    const [head, list = ''] = cursor.split('|');
    const newest = Number(head);
    if (!Number.isInteger(newest)) return null;
    const handled = new Map<string, number>();
    for (const entry of list.split(',').filter(Boolean)) {
      const at = entry.lastIndexOf('@');
      handled.set(entry.slice(0, at), Number(entry.slice(at + 1)));
    }
    return new HandledWindow(newest, handled);
  }

  has(c: Conversation): boolean {
    return this.handled.get(c.id) === c.updatedAt;
  }

  add(c: Conversation): void {
    this.handled.set(c.id, c.updatedAt);
    if (this.newest === null || c.updatedAt > this.newest) {
      this.newest = c.updatedAt;
      for (const [id, at] of this.handled) if (at < this.newest - INTERCOM_OVERLAP_SECONDS) this.handled.delete(id);
    }
  }

  encode(): string {
    if (this.newest === null) return '';
    return `${this.newest}|${[...this.handled].map(([id, at]) => `${id}@${at}`).join(',')}`;
  }
}

async function* readConversations(api: IntercomApi, cursor: string | null, since: string): AsyncGenerator<RegistrationPage> {
  const previous = HandledWindow.parse(cursor);
  const sinceSeconds = Math.floor(Date.parse(since) / 1000);
  if (!previous && !Number.isFinite(sinceSeconds)) {
    throw new SourceReadError(`The registrations start date "${since}" is not a date`, INTERCOM_SYSTEM, 'bad_answer');
  }
  const from = previous ? previous.newest! - INTERCOM_OVERLAP_SECONDS : sinceSeconds;
  const window = previous ?? new HandledWindow(null, new Map());
  // Mid-run cursors are only safe while answers come in updated_at order; after
  // a step back the last safe cursor is repeated until the search is complete.
  let ordered = true;
  let safeCursor = cursor ?? '';
  let lastSeen = -Infinity;
  let pending: SourceRecord[] = [];
  let handledSinceYield = 0;
  let startingAfter: string | undefined;
  const pagesSeen = new Set<string>();

  for (;;) {
    const body = await api.post('/conversations/search', searchRequest(from, startingAfter));
    const page = parseSearchPage(body, api.origin);
    for (const conversation of page.conversations) {
      if (conversation.updatedAt < lastSeen) ordered = false;
      lastSeen = Math.max(lastSeen, conversation.updatedAt);
      // Already handled: in the overlap window of the last import, or earlier in this run.
      if (window.has(conversation)) continue;
      window.add(conversation);
      handledSinceYield++;
      if (conversation.adminAssigneeId) pending.push(toRecord(conversation));
      if (handledSinceYield >= RESUME_STEP) {
        if (ordered) safeCursor = window.encode();
        yield { records: pending, cursor: safeCursor };
        pending = [];
        handledSinceYield = 0;
      }
    }
    if (!page.next) break;
    if (pagesSeen.has(page.next)) {
      throw new SourceReadError(
        `Intercom's conversation search at ${api.origin} sent the same next-page cursor twice; stopping instead of looping`,
        INTERCOM_SYSTEM,
        'bad_answer',
      );
    }
    pagesSeen.add(page.next);
    startingAfter = page.next;
  }
  // The search is complete: everything up to the newest conversation is handled.
  yield { records: pending, cursor: window.encode() };
}

function searchRequest(from: number, startingAfter: string | undefined) {
  return {
    query: {
      operator: 'AND',
      value: [
        { field: 'updated_at', operator: '>', value: from },
        { field: 'admin_assignee_id', operator: '!=', value: 0 },
      ],
    },
    pagination: { per_page: INTERCOM_SEARCH_PAGE_SIZE, ...(startingAfter ? { starting_after: startingAfter } : {}) },
    // Accepted by Intercom though missing from its OpenAPI description; the reader copes if it is ignored.
    sort: { field: 'updated_at', order: 'ascending' },
  };
}

function toRecord(c: Conversation): SourceRecord {
  return {
    externalId: c.id,
    ownerSourceId: c.adminAssigneeId!,
    date: new Date(c.createdAt * 1000).toISOString(),
    fields: { state: c.state, team_assignee_id: c.teamAssigneeId, title: c.title },
  };
}

function parseSearchPage(body: unknown, origin: string): { conversations: Conversation[]; next: string | null } {
  const bad = (expected: string) =>
    new SourceReadError(
      `Intercom gave an unexpected answer to POST /conversations/search at ${origin}: expected ${expected}`,
      INTERCOM_SYSTEM,
      'bad_answer',
    );
  const list = (body as { conversations?: unknown })?.conversations;
  if (!Array.isArray(list)) throw bad('a "conversations" list');
  const conversations = list.map((entry): Conversation => {
    const c = (entry ?? {}) as Record<string, unknown>;
    const id = idOf(c.id);
    if (!id || typeof c.updated_at !== 'number' || typeof c.created_at !== 'number') {
      throw bad('every conversation to have an id, created_at and updated_at');
    }
    const assignee = idOf(c.admin_assignee_id);
    return {
      id,
      createdAt: c.created_at,
      updatedAt: c.updated_at,
      adminAssigneeId: assignee && assignee !== '0' ? assignee : null,
      state: typeof c.state === 'string' ? c.state : null,
      teamAssigneeId: idOf(c.team_assignee_id),
      title: typeof c.title === 'string' ? c.title : null,
    };
  });
  const next = (body as { pages?: { next?: { starting_after?: unknown } | null } }).pages?.next?.starting_after;
  return { conversations, next: typeof next === 'string' && next ? next : null };
}

/** Intercom sends ids as strings or integers: always strings. */
function idOf(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string' && value.trim()) return value.trim();
  return null;
}
