// Enreach calls as registrations (contracts/enreach-api.md, "Registrations"):
// GET /calls?ModifiedAfter=…&ModifiedBefore=… in windows of at most 31 days
// from the cursor up to now (UTC, "yyyy-MM-dd HH:mm:ss"), owner = UserId.
// Whether the bounds are inclusive is not documented, so each window starts
// one second before the last one ended and the cursor lists the calls already
// handled in that second: nothing is lost and nothing is posted twice.
//
// One call id appears in several call events (a transferred call is an event
// per user): each user's part is one registration, external_id "CallId:UserId",
// so a re-read overwrites it (contracts/enreach-api.md).
//
// Cursor: "<ISO second>|<CallId:UserId>@<Modified ms>,…" — the time up to which
// every call event is handled, and the events handled in the second before it.
// "" = not started.
import type { Clock } from '../../common/clock';
import { SourceReadError } from '../../domain/model';
import type { RegistrationPage, RegistrationReader, SourceRecord } from '../connector';
import type { EnreachApi } from './api';
import { badAnswer, ENREACH_SYSTEM } from './errors';
import { idOf, pascalKeys, textOf } from './normalise';

export const ENREACH_REGISTRATION_FIELDS = ['Direction', 'DurationSeconds'];
/** The API's limit per request. */
export const ENREACH_WINDOW_MS = 31 * 24 * 3600 * 1000;
/** Each window re-reads this much before the cursor. */
const OVERLAP_MS = 1000;
/** Records per yielded page: how far back an interrupted import may have to go. */
const RESUME_STEP = 100;

export function createEnreachRegistrationReader(api: EnreachApi, clock: Clock): RegistrationReader {
  return {
    fields: ENREACH_REGISTRATION_FIELDS,
    defaultDataSource: 'Enreach calls',
    read: (cursor, since) => readCalls(api, clock, cursor, since),
  };
}

interface Call {
  /** CallId (or Id). */
  id: string;
  /** `CallId:UserId`: one call event of one user. */
  key: string;
  userId: string | null;
  modified: number;
  startTime: number;
  direction: string | null;
  durationSeconds: number | null;
}

/** Where the import stands: everything up to `upTo` is handled; `recent` are the calls handled in the overlap before it. */
class Progress {
  constructor(
    public upTo: number,
    private readonly recent: Map<string, number>,
  ) {}

  static parse(cursor: string | null): Progress | null {
    if (!cursor) return null;
    const [head, list = ''] = cursor.split('|');
    const upTo = Date.parse(head);
    if (Number.isNaN(upTo)) return null;
    const recent = new Map<string, number>();
    for (const entry of list.split(',').filter(Boolean)) {
      const at = entry.lastIndexOf('@');
      recent.set(entry.slice(0, at), Number(entry.slice(at + 1)));
    }
    return new Progress(upTo, recent);
  }

  handledBefore(call: Call): boolean {
    return this.recent.get(call.key) === call.modified;
  }

  handle(call: Call): void {
    this.recent.set(call.key, call.modified);
  }

  /** Everything up to `time` is handled now. */
  advance(time: number): void {
    this.upTo = Math.max(this.upTo, time);
    for (const [id, at] of this.recent) if (at < this.upTo - OVERLAP_MS) this.recent.delete(id);
  }

  encode(): string {
    return `${new Date(this.upTo).toISOString()}|${[...this.recent].map(([id, at]) => `${id}@${at}`).join(',')}`;
  }
}

async function* readCalls(api: EnreachApi, clock: Clock, cursor: string | null, since: string): AsyncGenerator<RegistrationPage> {
  const start = Progress.parse(cursor);
  const sinceMs = Date.parse(since);
  if (!start && Number.isNaN(sinceMs)) throw new SourceReadError(`The registrations start date "${since}" is not a date`, ENREACH_SYSTEM, 'bad_answer');
  const progress = start ?? new Progress(wholeSecond(sinceMs), new Map());
  const now = wholeSecond(clock.now());
  let from = start ? progress.upTo - OVERLAP_MS : progress.upTo;
  while (from < now) {
    const to = Math.min(from + ENREACH_WINDOW_MS, now);
    const path = `/calls?ModifiedAfter=${encodeURIComponent(enreachTime(from))}&ModifiedBefore=${encodeURIComponent(enreachTime(to))}`;
    const calls = parseCalls(await api.get(path), `GET /calls (${enreachTime(from)} to ${enreachTime(to)})`, await api.origin());
    // In Modified order, so that a cursor in the middle of a window is safe.
    calls.sort((a, b) => a.modified - b.modified || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    let pending: SourceRecord[] = [];
    let handled = 0;
    for (const call of calls) {
      if (progress.handledBefore(call)) continue;
      progress.handle(call);
      progress.advance(call.modified);
      handled++;
      if (call.userId) pending.push(toRecord(call));
      if (handled % RESUME_STEP === 0) {
        yield { records: pending, cursor: progress.encode() };
        pending = [];
      }
    }
    progress.advance(to);
    yield { records: pending, cursor: progress.encode() };
    from = to - OVERLAP_MS;
    if (to >= now) break;
  }
}

function wholeSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

/** "2026-11-25 00:00:00" (UTC), the API's format. */
export function enreachTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** "2026-11-24 10:03:02" (UTC) or ISO 8601 → ms; NaN when neither. */
function parseEnreachTime(value: unknown): number {
  if (typeof value !== 'string' || !value.trim()) return NaN;
  const text = value.trim().replace(' ', 'T');
  return Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(text) ? text : `${text}Z`);
}

function parseCalls(body: unknown, what: string, origin: string): Call[] {
  if (!Array.isArray(body)) throw badAnswer(what, origin, 'a list of calls');
  return body.map((entry) => {
    const call = pascalKeys(entry);
    // CallId is the documented key (public client code); Id is accepted too.
    const id = idOf(call?.CallId) ?? idOf(call?.Id);
    const startTime = parseEnreachTime(call?.StartTime);
    const modified = parseEnreachTime(call?.Modified);
    if (!call || !id || (Number.isNaN(modified) && Number.isNaN(startTime))) {
      throw badAnswer(what, origin, 'every call to have a CallId and a Modified or StartTime');
    }
    const duration = Number(call.DurationSeconds);
    const userId = idOf(call.UserId);
    return {
      id,
      key: `${id}:${userId ?? ''}`,
      userId,
      modified: Number.isNaN(modified) ? startTime : modified,
      startTime: Number.isNaN(startTime) ? modified : startTime,
      direction: textOf(call.Direction),
      durationSeconds: call.DurationSeconds === null || call.DurationSeconds === undefined || !Number.isFinite(duration) ? null : duration,
    };
  });
}

function toRecord(call: Call): SourceRecord {
  return {
    externalId: call.key,
    ownerSourceId: call.userId!,
    date: new Date(call.startTime).toISOString(),
    fields: { Direction: call.direction, DurationSeconds: call.durationSeconds },
  };
}
