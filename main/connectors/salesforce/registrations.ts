// Salesforce opportunities as registrations (contracts/salesforce-api.md,
// "Registrations"): incremental on SystemModstamp, owner = OwnerId. The query
// uses `>=` on the cursor's second and skips the opportunities the cursor
// lists at that second: a plain `>` would lose the rest of a second whose
// records were split by an interruption, and `>=` alone would re-post them.
//
// Cursor: "<ISO second>|<Id>,<Id>,…" — the newest SystemModstamp second fully
// or partly handled and the ids handled at that second. "" = not started.
import { SourceReadError } from '../../domain/model';
import type { RegistrationPage, RegistrationReader, SourceRecord } from '../connector';
import type { SalesforceApi } from './api';
import { SALESFORCE } from './wire';

export const SALESFORCE_REGISTRATION_FIELDS = ['Name', 'StageName', 'Amount', 'IsWon', 'IsClosed'];
const SELECT = 'SELECT Id, Name, OwnerId, StageName, Amount, CloseDate, IsClosed, IsWon, SystemModstamp FROM Opportunity';
/** Records per yielded page: how far back an interrupted import may have to go. */
const RESUME_STEP = 100;

export interface OpportunityWire {
  Id: string;
  Name: string | null;
  OwnerId: string | null;
  StageName: string | null;
  Amount: number | null;
  CloseDate: string | null;
  IsClosed: boolean;
  IsWon: boolean;
  /** e.g. "2026-11-25T10:00:00.000+0000". */
  SystemModstamp: string;
}

export function createSalesforceRegistrationReader(api: SalesforceApi): RegistrationReader {
  return {
    fields: SALESFORCE_REGISTRATION_FIELDS,
    defaultDataSource: 'Salesforce opportunities',
    read: (cursor, since) => readOpportunities(api, cursor, since),
  };
}

interface Position {
  /** Milliseconds of a whole second. */
  second: number;
  ids: Set<string>;
}

function parseCursor(cursor: string | null): Position | null {
  if (!cursor) return null;
  const [head, list = ''] = cursor.split('|');
  const second = Date.parse(head);
  if (Number.isNaN(second)) return null;
  return { second, ids: new Set(list.split(',').filter(Boolean)) };
}

function encode(position: Position | null): string {
  return position ? `${isoSecond(position.second)}|${[...position.ids].join(',')}` : '';
}

/** SOQL datetime literal of a second: 2026-01-01T00:00:00Z. */
function isoSecond(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** "…+0000" → a JS-parsable offset. */
function parseStamp(value: string): number {
  return Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
}

async function* readOpportunities(api: SalesforceApi, cursor: string | null, since: string): AsyncGenerator<RegistrationPage> {
  const start = parseCursor(cursor);
  const from = start ? start.second : Math.floor(Date.parse(since) / 1000) * 1000;
  if (Number.isNaN(from)) throw new SourceReadError(`The registrations start date "${since}" is not a date`, SALESFORCE, 'bad_answer');
  let position: Position | null = start ? { second: start.second, ids: new Set(start.ids) } : null;
  let pending: SourceRecord[] = [];
  let handled = 0;

  for await (const batch of api.queryPages<OpportunityWire>(`${SELECT} WHERE SystemModstamp >= ${isoSecond(from)} ORDER BY SystemModstamp`)) {
    for (const row of batch) {
      const stamp = typeof row?.SystemModstamp === 'string' ? parseStamp(row.SystemModstamp) : NaN;
      if (typeof row?.Id !== 'string' || Number.isNaN(stamp)) {
        throw new SourceReadError(
          `Salesforce at ${await api.instanceUrl()} sent an opportunity without Id or SystemModstamp`,
          SALESFORCE,
          'bad_answer',
        );
      }
      const second = Math.floor(stamp / 1000) * 1000;
      if (position && second < position.second) {
        // ORDER BY SystemModstamp is what makes the cursor safe; refuse to guess without it.
        throw new SourceReadError(
          `Salesforce at ${await api.instanceUrl()} returned opportunities out of SystemModstamp order`,
          SALESFORCE,
          'bad_answer',
        );
      }
      if (position && second === position.second) {
        if (position.ids.has(row.Id)) continue; // handled by the last import
        position.ids.add(row.Id);
      } else {
        position = { second, ids: new Set([row.Id]) };
      }
      handled++;
      if (row.OwnerId) pending.push(toRecord(row, stamp));
      if (handled % RESUME_STEP === 0) {
        yield { records: pending, cursor: encode(position) };
        pending = [];
      }
    }
    // The end of each query batch is a resume point too, even with nothing new.
    yield { records: pending, cursor: encode(position) };
    pending = [];
  }
}

function toRecord(row: OpportunityWire, stamp: number): SourceRecord {
  return {
    externalId: row.Id,
    ownerSourceId: row.OwnerId!,
    // CloseDate is a date without time; fall back to the last change for the rare opportunity without one.
    date: row.CloseDate ? `${row.CloseDate}T00:00:00Z` : new Date(stamp).toISOString(),
    fields: {
      Name: row.Name ?? null,
      StageName: row.StageName ?? null,
      Amount: row.Amount ?? null,
      IsWon: row.IsWon ?? null,
      IsClosed: row.IsClosed ?? null,
    },
  };
}
