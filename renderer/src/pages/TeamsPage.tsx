// The team selector (R8): source teams with member counts, a search, select
// all / none. A selection can be saved before the scope is turned on (so the
// scope never starts empty); it takes effect with "Only sync data for selected
// teams". Reading teams is not a run (issue 11, point 3).
import { useEffect, useId, useMemo, useState } from 'react';
import type { SourceTeamsView } from '../../../preload/contract';
import { api, errorText } from '../api';
import { Banner } from '../components/Banner';
import { ConnectionPicker } from '../components/ConnectionPicker';
import { EmptyState } from '../components/EmptyState';
import { NeedsConnection } from '../components/NeedsConnection';
import { PageHeader } from '../components/PageHeader';
import { plural, when } from '../format';
import { useApp, useCurrentConnection } from '../store/app-store';
import { useSettingsDraft } from '../store/settings-draft';

export function TeamsPage() {
  const connection = useCurrentConnection();
  const refresh = useApp((s) => s.refresh);
  const go = useApp((s) => s.go);
  const goKeepingDraft = useApp((s) => s.goKeepingDraft);
  const setUnsaved = useApp((s) => s.setUnsaved);
  const settingsDraft = useSettingsDraft((s) => s.draft);
  const searchId = useId();
  const [data, setData] = useState<SourceTeamsView | null>(null);
  const [loading, setLoading] = useState(false);
  const [search, setSearch] = useState('');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);

  async function load(refreshSource: boolean) {
    if (!connection) return;
    setLoading(true);
    setStatus(null);
    try {
      setData(await api().listSourceTeams(connection.id, { refresh: refreshSource }));
    } catch (e) {
      setStatus({ ok: false, text: errorText(e) });
    } finally {
      setLoading(false);
    }
  }

  useEffect(() => {
    if (!connection) return;
    setSelected(new Set(connection.settings.selectedTeams));
    setData(null);
    void load(false);
  }, [connection?.id]);

  const dirtySelection = connection !== null && [...selected].sort().join('\n') !== [...connection.settings.selectedTeams].sort().join('\n');
  useEffect(() => {
    setUnsaved(dirtySelection ? 'the team selection' : null);
  }, [dirtySelection]);
  useEffect(() => () => setUnsaved(null), []);

  const visible = useMemo(() => {
    const needle = search.trim().toLowerCase();
    return (data?.teams ?? []).filter((t) => !needle || t.name.toLowerCase().includes(needle));
  }, [data, search]);

  if (!connection) {
    return (
      <>
        <PageHeader title="Teams" />
        <NeedsConnection />
      </>
    );
  }
  const draftForThis = settingsDraft?.connectionId === connection.id ? settingsDraft : null;
  const enabled = connection.settings.onlySelectedTeams;
  const scopeComing = !enabled && draftForThis?.settings.onlySelectedTeams === true;
  const dirty = dirtySelection;

  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  };
  const setAll = (on: boolean) => {
    const next = new Set(selected);
    for (const t of visible) {
      if (on) next.add(t.sourceId);
      else next.delete(t.sourceId);
    }
    setSelected(next);
  };

  async function save() {
    if (enabled && selected.size === 0) {
      setStatus({ ok: false, text: 'Pick at least one team: only selected teams are synced (R8). Nothing was saved.' });
      return;
    }
    try {
      await api().saveSettings(connection!.id, { settings: { selectedTeams: [...selected].sort() } });
      await refresh();
      setUnsaved(null);
      setStatus({ ok: true, text: `Selection saved: ${plural(selected.size, 'team')}.` });
    } catch (e) {
      setStatus({ ok: false, text: errorText(e) });
    }
  }

  return (
    <>
      <PageHeader
        title={`Teams · ${connection.providerLabel}`}
        subtitle={data?.readAt ? `Teams as read from ${connection.providerLabel} on ${when(data.readAt)}.` : `Read ${connection.providerLabel} to list its teams.`}
        actions={
          <>
            <ConnectionPicker />
            <button type="button" className="btn" disabled={loading} onClick={() => void load(true)}>
              {loading ? 'Reading…' : `Read teams from ${connection.providerLabel}`}
            </button>
          </>
        }
      />
      {draftForThis && (
        <Banner tone="info" title="Your Settings changes are not saved yet">
          <p>
            Pick the teams and save the selection, then go{' '}
            <button type="button" className="link" onClick={() => goKeepingDraft('settings')}>
              back to Settings
            </button>{' '}
            to save the rest.
          </p>
        </Banner>
      )}
      {!enabled && !scopeComing && (
        <Banner tone="info" title="All teams are synced">
          <p>
            You can pick teams now; they are used once “Only sync data for selected teams” is on in{' '}
            <button type="button" className="link" onClick={() => go('settings')}>
              Settings
            </button>
            .
          </p>
        </Banner>
      )}
      {data?.error && (
        <Banner tone="bad" title={`Could not read ${connection.providerLabel}`} urgent>
          {data.error}
        </Banner>
      )}
      {data && data.teams.length === 0 && !data.error && (
        <EmptyState title="No teams read yet">
          <p>Read the source once to see its teams and how many people each has.</p>
        </EmptyState>
      )}
      {data && data.teams.length > 0 && (
        <section className="card" aria-labelledby="teams-title">
          <div className="toolbar">
            <h2 id="teams-title" className="visually-hidden">
              Source teams
            </h2>
            <label htmlFor={searchId} className="visually-hidden">
              Search teams
            </label>
            <input id={searchId} type="search" placeholder="Search teams" value={search} onChange={(e) => setSearch(e.target.value)} />
            <button type="button" className="btn" onClick={() => setAll(true)}>
              Select all
            </button>
            <button type="button" className="btn" onClick={() => setAll(false)}>
              Select none
            </button>
            <span className="muted small push">
              {selected.size} of {plural(data.teams.length, 'team')} selected
            </span>
          </div>
          <fieldset className="team-list">
            <legend className="visually-hidden">Teams to sync</legend>
            {visible.length === 0 && <p className="muted">No team matches “{search}”.</p>}
            {visible.map((team) => (
              <label key={team.sourceId} className="team-row">
                <input type="checkbox" checked={selected.has(team.sourceId)} onChange={() => toggle(team.sourceId)} />
                <span className="team-name">{team.name}</span>
                <span className="muted small">{plural(team.memberCount, 'member')}</span>
              </label>
            ))}
          </fieldset>
          <div className="form-actions">
            <button type="button" className="btn btn-primary" disabled={!dirty} onClick={() => void save()}>
              Save selection
            </button>
            <p role="status" className={status ? (status.ok ? 'text-ok' : 'text-bad') : ''}>
              {status?.text}
            </p>
          </div>
        </section>
      )}
      {!data && status && !status.ok && (
        <Banner tone="bad" title="Could not load teams" urgent>
          {status.text}
        </Banner>
      )}
    </>
  );
}
