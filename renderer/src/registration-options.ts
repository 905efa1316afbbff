// The registrations import as the Settings page edits it: the data source
// choices and the start date. Pure, so the choices can be tested without a page.
import type { ConnectorType, DataSourceView, RegistrationSettings } from '../../preload/contract';

export interface DataSourceChoice {
  /** What is saved as `registrations.dataSource`: a title, or the uuid an admin saved before. */
  value: string;
  label: string;
}

const UUID = /^[0-9a-f]{32}$/i;

/** What each connector imports, in words, and which field names a new data source gets. */
export const RECORDS_OF: Record<ConnectorType, { what: string; owner: string; fields: string }> = {
  intercom: { what: 'conversations', owner: 'the assigned admin', fields: 'state, team_assignee_id, title' },
  salesforce: { what: 'opportunities', owner: 'the opportunity owner', fields: 'Name, StageName, Amount, IsWon, IsClosed' },
  enreach: { what: 'calls', owner: 'the user who made or took the call', fields: 'Direction, DurationSeconds' },
};

/**
 * Plecto's data sources by title, plus "Create new: <title>" for the default
 * when Plecto has no data source of that title. The saved value is always one
 * of the choices, spelled as saved: the engine restarts the import when the
 * saved text changes, so a save without a change must not rewrite it.
 */
export function dataSourceChoices(existing: DataSourceView[], defaultTitle: string, saved: string | null): DataSourceChoice[] {
  const key = (title: string) => title.trim().toLowerCase();
  const savedKey = saved === null ? null : key(saved);
  const choices: DataSourceChoice[] = [];
  const seen = new Set<string>();
  for (const source of existing) {
    if (seen.has(key(source.title))) continue; // the engine finds by title: one choice per title
    seen.add(key(source.title));
    const isSaved = savedKey !== null && (savedKey === key(source.title) || savedKey === source.uuid.toLowerCase());
    choices.push({ value: isSaved ? saved! : source.title, label: source.title });
  }
  if (!seen.has(key(defaultTitle)) && savedKey !== key(defaultTitle)) {
    choices.push({ value: defaultTitle, label: `Create new: ${defaultTitle}` });
  }
  if (saved !== null && !choices.some((c) => c.value === saved)) {
    choices.push(
      UUID.test(saved)
        ? { value: saved, label: `Data source ${saved} (not found in Plecto)` }
        : { value: saved, label: `Create new: ${saved}` },
    );
  }
  return choices;
}

/** yyyy-mm-dd of a saved `since`, for the date input. */
export function dateOf(since: string): string {
  return since.slice(0, 10);
}

/** The `since` to save: the saved text when the date did not change (so the import does not restart), else midnight UTC. */
export function sinceFor(date: string, saved: string | null): string {
  if (saved !== null && dateOf(saved) === date) return saved;
  return `${date}T00:00:00Z`;
}

/** January 1st of this year: where a first import starts unless an admin picks another date. */
export function defaultStartDate(now = new Date()): string {
  return `${now.getUTCFullYear()}-01-01`;
}
