// The team selector (R8): source teams with member counts, a search, select
// all / none. Active only when "Only sync data for selected teams" is on.
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

export function TeamsPage() {
  const connection = useCurrentConnection();
  const refresh = useApp((s) => s.refresh);
  const go = useApp((s) => s.go);
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
  const enabled = connection.settings.onlySelectedTeams;
  const dirty = [...selected].sort().join('\n') !== [...connection.settings.selectedTeams].sort().join('\n');

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
    try {
      await api().saveSettings(connection!.id, { settings: { selectedTeams: [...selected].sort() } });
      await refresh();
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
      {!enabled && (
        <Banner tone="info" title="All teams are synced">
          Turn on “Only sync data for selected teams” in{' '}
          <button type="button" className="link" onClick={() => go('settings')}>
            Settings
          </button>{' '}
          to choose which teams and people this connection brings into Plecto.
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
            <button type="button" className="btn" disabled={!enabled} onClick={() => setAll(true)}>
              Select all
            </button>
            <button type="button" className="btn" disabled={!enabled} onClick={() => setAll(false)}>
              Select none
            </button>
            <span className="muted small push">
              {selected.size} of {plural(data.teams.length, 'team')} selected
            </span>
          </div>
          <fieldset disabled={!enabled} className="team-list">
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
            <button type="button" className="btn btn-primary" disabled={!enabled || !dirty} onClick={() => void save()}>
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
