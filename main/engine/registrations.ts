// Imports a connection's registrations into Plecto after its directory changes
// were applied (contracts/cli.md "Registrations", plecto-api.md
// "Registrations", rule R9). Records are buffered across source pages so that
// every batch holds 100 items when there is enough to send (pacing, not
// bandwidth, limits throughput); a source page's cursor is saved only once
// every record up to it is posted, so an interrupted import resumes without
// gaps, and `external_id` makes any overlap harmless.
import type { RegistrationSettings } from '../config/profile';
import type { RegistrationReader, SourceRecord } from '../connectors/connector';
import { createOnce } from '../plecto/create-once';
import { MAX_REGISTRATIONS_PER_REQUEST } from '../plecto/wire';
import type { Mirror } from '../store/mirror';
import type { RegistrationCounts } from '../domain/run';
import type { RegistrationContext } from './sync-engine';

const PLECTO_UUID = /^[0-9a-f]{32}$/i;

type Item = Record<string, unknown>;

/** The data source and start date a cursor belongs to; when either changes the import starts over at `since`. */
function importOrigin(reader: RegistrationReader, settings: RegistrationSettings): string {
  const dataSource = settings.dataSource.trim() || reader.defaultDataSource;
  return JSON.stringify({ dataSource: dataSource.toLowerCase(), since: settings.since });
}

export async function importRegistrations(ctx: RegistrationContext): Promise<RegistrationCounts> {
  const { config, connector, mirror, logger } = ctx;
  const counts: RegistrationCounts = { imported: 0, skippedOutOfScope: 0, failed: 0 };
  const settings = config.registrations;
  const reader = connector.registrations;
  if (!settings?.enabled) return counts;
  if (!reader) {
    logger.warn(`Connection ${config.id}: ${config.type} has no registrations to import`);
    return counts;
  }
  const where = `registrations of ${config.id} (${config.providerLabel})`;

  let dataSource: { uuid: string; remembered: boolean };
  try {
    dataSource = await resolveDataSource(ctx, reader, settings);
  } catch (error) {
    // Nothing could be imported: the run must not look complete.
    logger.error(`Import of ${where} did not start: ${(error as Error).message}`);
    counts.failed++;
    return counts;
  }

  const scope = registrationScope(config.id, config.settings, mirror);
  const toItem = (record: SourceRecord): Item => ({
    data_source: dataSource.uuid,
    member_api_provider: config.providerLabel,
    member_api_id: record.ownerSourceId,
    member_name: scope.names.get(record.ownerSourceId) ?? record.ownerSourceId,
    external_id: record.externalId,
    date: record.date,
    ...record.fields,
  });

  const buffer: Item[] = [];
  let queued = 0;
  let posted = 0;
  /** Page cursors waiting for their records to be posted: `cursor` may be saved once `posted >= upTo`. */
  const marks: { upTo: number; cursor: string }[] = [];
  const saveReachedCursor = () => {
    let cursor: string | undefined;
    while (marks.length > 0 && marks[0].upTo <= posted) cursor = marks.shift()!.cursor;
    if (cursor !== undefined) mirror.setImportState(config.id, { cursor });
  };
  /** Posts one batch; false when Plecto refused it after the client's retries (the import stops there). */
  const postBatch = async (size: number): Promise<boolean> => {
    const batch = buffer.splice(0, size);
    try {
      await ctx.plecto.postRegistrations(batch);
    } catch (error) {
      counts.failed += batch.length;
      logger.error(`Import of ${where} stopped: ${(error as Error).message}`, { failed: batch.length, imported: counts.imported });
      if (dataSource.remembered && /data_source/.test((error as Error).message)) {
        // The remembered data source is gone from Plecto: look it up (or create it) again next time.
        mirror.setImportState(config.id, { origin: null });
      }
      return false;
    }
    posted += batch.length;
    counts.imported += batch.length;
    saveReachedCursor();
    return true;
  };
  /** Posts what is buffered (the last batch may be smaller); false when a batch failed. */
  const flush = async (): Promise<boolean> => {
    while (buffer.length > 0) if (!(await postBatch(Math.min(MAX_REGISTRATIONS_PER_REQUEST, buffer.length)))) return false;
    saveReachedCursor();
    return true;
  };

  const { cursor } = mirror.getImportState(config.id);
  try {
    for await (const page of reader.read(cursor, settings.since)) {
      for (const record of page.records) {
        if (!scope.inScope(record.ownerSourceId)) {
          counts.skippedOutOfScope++;
          continue;
        }
        buffer.push(toItem(record));
        queued++;
      }
      marks.push({ upTo: queued, cursor: page.cursor });
      while (buffer.length >= MAX_REGISTRATIONS_PER_REQUEST) {
        if (!(await postBatch(MAX_REGISTRATIONS_PER_REQUEST))) return counts;
      }
      saveReachedCursor();
    }
  } catch (error) {
    // The source failed part-way: keep what was read, then report the import as incomplete.
    logger.error(`Reading ${where} failed; the import continues from here next time: ${(error as Error).message}`);
    await flush();
    counts.failed++;
    return counts;
  }
  await flush();
  logger.info(`Imported ${where}`, { ...counts });
  return counts;
}

/**
 * The data source uuid: the configured uuid, else the one remembered for this
 * title, else found by title (case-insensitive) or created with the reader's
 * fields. A different data source or start date than last time restarts the
 * import at `since`, so the new data source gets the whole history.
 */
async function resolveDataSource(
  ctx: RegistrationContext,
  reader: RegistrationReader,
  settings: RegistrationSettings,
): Promise<{ uuid: string; remembered: boolean }> {
  const { config, mirror, plecto, logger } = ctx;
  const wanted = settings.dataSource.trim() || reader.defaultDataSource;
  const origin = importOrigin(reader, settings);
  const state = mirror.getImportState(config.id);
  const sameOrigin = state.origin === origin;

  let uuid: string;
  let remembered = false;
  if (PLECTO_UUID.test(wanted)) {
    uuid = wanted.toLowerCase();
  } else if (sameOrigin && state.dataSourceUuid) {
    uuid = state.dataSourceUuid;
    remembered = true;
  } else {
    const title = wanted.toLowerCase();
    const byTitle = async () => (await plecto.listDataSources()).find((source) => source.title.trim().toLowerCase() === title);
    const found = await byTitle();
    if (found) {
      uuid = found.uuid;
    } else {
      // Never twice (R12): after a lost answer the title is looked up before another try.
      const created = await createOnce(
        () => plecto.createDataSource(wanted, reader.fields),
        byTitle,
        () => logger.warn(`Plecto: the answer to creating the data source "${wanted}" was lost; looking for it before trying again`),
      );
      uuid = created.value.uuid;
      logger.info(`Created the Plecto data source "${wanted}" for ${config.id}`, { fields: reader.fields });
    }
  }
  if (!sameOrigin || uuid !== state.dataSourceUuid) {
    mirror.setImportState(config.id, { cursor: null, dataSourceUuid: uuid, origin });
  }
  return { uuid, remembered };
}

export interface RegistrationScope {
  /** Owner source id → name, from the mirror's latest source snapshot. */
  names: Map<string, string>;
  inScope(ownerSourceId: string): boolean;
}

/**
 * R9, judged at import time from the mirror: with "Only sync data for selected
 * teams" on, an owner must be in at least one selected team of the latest
 * source snapshot (owners unknown to it are out of scope); with it off, every
 * record is imported and Plecto matches owners by member_api_*.
 */
export function registrationScope(
  connectionId: string,
  settings: { onlySelectedTeams: boolean; selectedTeams: string[] },
  mirror: Mirror,
): RegistrationScope {
  const people = mirror.loadSourceSnapshot(connectionId)?.dir.people ?? [];
  const names = new Map(people.map((p) => [p.sourceId, p.name]));
  if (!settings.onlySelectedTeams) return { names, inScope: () => true };
  const selected = new Set(settings.selectedTeams);
  const members = new Set(people.filter((p) => p.teamSourceIds.some((t) => selected.has(t))).map((p) => p.sourceId));
  return { names, inScope: (owner) => members.has(owner) };
}

export interface RegistrationPreview {
  /** Records the next import would send to Plecto. */
  toImport: number;
  /** Records it would skip because their owner is outside the selected teams (R9). */
  skippedOutOfScope: number;
}

/**
 * What the next import would do, for the preview: reads the source from the
 * stored cursor (or from `since` when the data source or start date changed)
 * and applies the scope, without any Plecto request and without moving the cursor.
 */
export async function previewRegistrations(
  ctx: Pick<RegistrationContext, 'config' | 'connector' | 'mirror'>,
): Promise<RegistrationPreview> {
  const { config, connector, mirror } = ctx;
  const preview: RegistrationPreview = { toImport: 0, skippedOutOfScope: 0 };
  const settings = config.registrations;
  const reader = connector.registrations;
  if (!settings || !reader) return preview;
  const state = mirror.getImportState(config.id);
  const cursor = state.origin === importOrigin(reader, settings) ? state.cursor : null;
  const scope = registrationScope(config.id, config.settings, mirror);
  for await (const page of reader.read(cursor, settings.since)) {
    for (const record of page.records) {
      if (scope.inScope(record.ownerSourceId)) preview.toImport++;
      else preview.skippedOutOfScope++;
    }
  }
  return preview;
}
