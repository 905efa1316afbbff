// "Import data (registrations)" for one connection: on/off, the Plecto data
// source, the start date (R9). The page saves it with the other settings.
import { useEffect, useId, useState } from 'react';
import type { ConnectionView, DataSourceView } from '../../../preload/contract';
import { api, errorText } from '../api';
import { plural } from '../format';
import { RECORDS_OF, dataSourceChoices } from '../registration-options';
import { Field } from './Field';
import { Switch } from './Switch';

export interface RegistrationDraft {
  enabled: boolean;
  dataSource: string;
  /** yyyy-mm-dd */
  date: string;
}

interface Props {
  connection: ConnectionView;
  draft: RegistrationDraft;
  onlySelectedTeams: boolean;
  onChange(draft: RegistrationDraft): void;
}

export function RegistrationSettings({ connection, draft, onlySelectedTeams, onChange }: Props) {
  const selectId = useId();
  const [sources, setSources] = useState<DataSourceView[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const records = RECORDS_OF[connection.type];
  const set = (patch: Partial<RegistrationDraft>) => onChange({ ...draft, ...patch });

  // Plecto's data sources are read once the import is on (one request; nothing is written).
  useEffect(() => {
    if (!draft.enabled || sources !== null) return;
    let current = true;
    api()
      .listDataSources()
      .then((list) => {
        if (current) setSources(list);
      })
      .catch((e) => {
        if (current) setListError(errorText(e));
      });
    return () => {
      current = false;
    };
  }, [draft.enabled, sources === null]);

  const saved = connection.registrations?.dataSource ?? null;
  const choices = dataSourceChoices(sources ?? [], connection.defaultDataSource, saved);
  const selectedTeams = connection.settings.selectedTeams.length;

  return (
    <section className="card" aria-labelledby="import-title">
      <h2 id="import-title">Import data</h2>
      <Switch
        label="Import data (registrations)"
        checked={draft.enabled}
        onChange={(enabled) => set({ enabled })}
        description={
          <>
            After each sync, {connection.providerLabel} {records.what} become Plecto registrations, each credited to {records.owner}. With
            “Only sync data for selected teams” on, only records owned by employees of the selected teams are imported (R9).
          </>
        }
      />
      {draft.enabled && (
        <>
          <p className={`small scope-note ${onlySelectedTeams ? 'scope-on' : ''}`}>
            {onlySelectedTeams
              ? `Scope is on: records owned by people outside the ${plural(selectedTeams, 'selected team')} are skipped and counted (R9).`
              : 'Scope is off: records of every employee are imported (R9).'}
          </p>
          <div className="grid-2">
            <div className="field">
              <label htmlFor={selectId}>Data source</label>
              <select
                id={selectId}
                value={draft.dataSource}
                aria-describedby={`${selectId}-hint`}
                aria-busy={sources === null && !listError}
                onChange={(e) => set({ dataSource: e.target.value })}
              >
                {choices.map((choice) => (
                  <option key={choice.value} value={choice.value}>
                    {choice.label}
                  </option>
                ))}
              </select>
              <p id={`${selectId}-hint`} className="hint">
                {listError
                  ? `Could not list Plecto's data sources: ${listError}`
                  : sources === null
                    ? 'Reading the data sources in Plecto…'
                    : `A new data source is created on the first import, with the fields ${records.fields}.`}
              </p>
            </div>
            <Field
              label="Start date"
              type="date"
              required
              value={draft.date}
              onChange={(date) => set({ date })}
              hint="The first import brings records changed since this day; later ones continue where the last stopped."
            />
          </div>
          <p className="muted small">
            Changing the data source or the start date starts the import over from the start date. Records already in Plecto are updated, never
            duplicated. Preview shows how many records an apply would import.
          </p>
        </>
      )}
    </section>
  );
}
