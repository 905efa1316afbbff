// Per-connection sync settings (the four toggles of the product), the
// registrations import (R9) and the safeguard limits of R10; plus the
// app-wide switches. One save model: everything on the page is saved by
// "Save settings"; unsaved edits survive "Pick teams" and are never lost
// silently (issue 11, points 4 and 5).
import { useEffect, useState } from 'react';
import type { ConnectionView, RegistrationSettings, SafeguardSettings, SyncSettings } from '../../../preload/contract';
import { api, errorText } from '../api';
import { Banner } from '../components/Banner';
import { CompatibilityCheck } from '../components/CompatibilityCheck';
import { ConnectionPicker } from '../components/ConnectionPicker';
import { Field } from '../components/Field';
import { NeedsConnection } from '../components/NeedsConnection';
import { PageHeader } from '../components/PageHeader';
import { RegistrationSettings as ImportSettings, type RegistrationDraft } from '../components/RegistrationSettings';
import { Switch } from '../components/Switch';
import { dateOf, defaultStartDate, sinceFor } from '../registration-options';
import { useApp, useCurrentConnection } from '../store/app-store';
import { useSettingsDraft, type SettingsDraft } from '../store/settings-draft';

function draftOf(connection: ConnectionView): RegistrationDraft {
  const saved = connection.registrations;
  return {
    enabled: saved?.enabled ?? false,
    dataSource: saved?.dataSource ?? connection.defaultDataSource,
    date: saved ? dateOf(saved.since) : defaultStartDate(),
  };
}

export function SettingsPage() {
  const connection = useCurrentConnection();
  const overview = useApp((s) => s.overview);
  const refresh = useApp((s) => s.refresh);
  const goKeepingDraft = useApp((s) => s.goKeepingDraft);
  const setUnsaved = useApp((s) => s.setUnsaved);
  const kept = useSettingsDraft((s) => s.draft);
  const keep = useSettingsDraft((s) => s.set);
  const [status, setStatus] = useState<{ ok: boolean; text: string; pickTeams?: boolean } | null>(null);
  const savedDraft = connection && overview ? savedOf(connection, overview.automaticSyncPaused, overview.startAtLogin) : null;
  const draft = kept && kept.connectionId === connection?.id ? kept : savedDraft;
  const dirty = draft !== null && savedDraft !== null && JSON.stringify(draft) !== JSON.stringify(savedDraft);

  useEffect(() => {
    setUnsaved(dirty ? `the settings of ${connection?.providerLabel ?? 'this connection'}` : null);
  }, [dirty]);
  useEffect(() => () => setUnsaved(null), []);
  useEffect(() => setStatus(null), [connection?.id]);

  if (!connection || !draft) {
    return (
      <>
        <PageHeader title="Settings" />
        <NeedsConnection />
      </>
    );
  }

  const { settings, maxCount, maxPercent, importDraft } = draft;
  const change = (patch: Partial<SettingsDraft>) => keep({ ...draft, ...patch });
  const set = (patch: Partial<SyncSettings>) => change({ settings: { ...settings, ...patch } });
  const setMaxCount = (maxCount: string) => change({ maxCount });
  const setMaxPercent = (maxPercent: string) => change({ maxPercent });
  const setImportDraft = (importDraft: RegistrationDraft) => change({ importDraft });

  async function save() {
    // A scope with no team would make every preview say "Nothing to change" (R8).
    if (settings.onlySelectedTeams && connection!.settings.selectedTeams.length === 0) {
      setStatus({ ok: false, text: 'Pick at least one team before turning on “Only sync data for selected teams” (R8). Nothing was saved.', pickTeams: true });
      return;
    }
    const safeguards: SafeguardSettings = { maxDeactivations: Number(maxCount), maxDeactivationPercent: Number(maxPercent) };
    if (!Number.isInteger(safeguards.maxDeactivations) || safeguards.maxDeactivations < 0) {
      setStatus({ ok: false, text: 'Maximum deactivations must be a whole number, 0 or more.' });
      return;
    }
    if (!Number.isInteger(safeguards.maxDeactivationPercent) || safeguards.maxDeactivationPercent < 0 || safeguards.maxDeactivationPercent > 100) {
      setStatus({ ok: false, text: 'Maximum share must be a whole number from 0 to 100.' });
      return;
    }
    const registrations = registrationsToSave(connection!, importDraft!);
    if (registrations instanceof Error) {
      setStatus({ ok: false, text: registrations.message });
      return;
    }
    try {
      const { selectedTeams: _teams, ...toggles } = settings;
      await api().saveSettings(connection!.id, { settings: toggles, safeguards, ...(registrations ? { registrations } : {}) });
      if (draft!.paused !== overview!.automaticSyncPaused) await api().setAutomaticSyncPaused(draft!.paused);
      if (draft!.startAtLogin !== overview!.startAtLogin) await api().setStartAtLogin(draft!.startAtLogin);
      keep(null);
      setUnsaved(null);
      await refresh();
      setStatus({ ok: true, text: 'Settings saved.' });
    } catch (e) {
      setStatus({ ok: false, text: errorText(e) });
    }
  }

  const pickTeams = () => {
    keep(draft); // the unsaved toggles wait here while the admin picks teams
    goKeepingDraft('teams');
  };

  return (
    <>
      <PageHeader title={`Settings · ${connection.providerLabel}`} subtitle="What this connection keeps in step, and when it must stop and ask." actions={<ConnectionPicker />} />
      <CompatibilityCheck key={connection.id} target={connection.id} label={connection.providerLabel} />
      <section className="card" aria-labelledby="sync-title">
        <h2 id="sync-title">Directory sync</h2>
        <Switch
          label="Automatic sync"
          checked={settings.automaticSync}
          onChange={(v) => set({ automaticSync: v })}
          description="Sync every 24 hours. A plan a safeguard holds waits for your approval. You can always sync by hand from Preview."
        />
        <Switch label="Sync teams" checked={settings.syncTeams} onChange={(v) => set({ syncTeams: v })} description="Source teams become Plecto teams. Teams are never deleted in Plecto (R1, R2)." />
        <Switch
          label="Sync employees"
          checked={settings.syncEmployees}
          onChange={(v) => set({ syncEmployees: v })}
          description="Source people become Plecto employees; people who leave are deactivated, never deleted (R3, R5)."
        />
        <Switch
          label="Only sync data for selected teams"
          checked={settings.onlySelectedTeams}
          onChange={(v) => set({ onlySelectedTeams: v })}
          description={
            <>
              Only the teams you pick, and their people, are synced (R8).{' '}
              {settings.onlySelectedTeams && (
                <button type="button" className="link" onClick={pickTeams}>
                  Pick teams ({connection.settings.selectedTeams.length} selected)
                </button>
              )}
            </>
          }
        />
      </section>
      <ImportSettings connection={connection} draft={importDraft} onlySelectedTeams={settings.onlySelectedTeams} onChange={setImportDraft} />
      <section className="card" aria-labelledby="safeguards-title">
        <h2 id="safeguards-title">Safeguards</h2>
        <p className="muted small">A plan that deactivates more than this is held for your approval instead of applied, also when it runs on schedule (R10).</p>
        <div className="grid-2">
          <Field label="Maximum deactivations per run" type="number" min={0} value={maxCount} onChange={setMaxCount} />
          <Field label="Maximum share of managed employees (%)" type="number" min={0} max={100} value={maxPercent} onChange={setMaxPercent} hint="Applies to connections that manage 20 or more employees." />
        </div>
      </section>
      <section className="card" aria-labelledby="app-title">
        <h2 id="app-title">This computer</h2>
        <Switch
          label="Pause automatic sync"
          checked={draft.paused}
          onChange={(v) => change({ paused: v })}
          description="Stops scheduled runs of every connection until you resume. Also in the tray menu. Saved with “Save settings”."
        />
        <Switch label="Start at login" checked={draft.startAtLogin} onChange={(v) => change({ startAtLogin: v })} description="Keeps the tray icon and the daily sync running after a restart. Saved with “Save settings”." />
      </section>
      <div className="form-actions sticky-actions">
        <button type="button" className="btn btn-primary" onClick={() => void save()}>
          Save settings
        </button>
        {dirty && !status && <span className="muted small">Unsaved changes</span>}
        <p role="status" className={status ? (status.ok ? 'text-ok' : 'text-bad') : ''}>
          {status?.text}
        </p>
        {status?.pickTeams && (
          <button type="button" className="btn" onClick={pickTeams}>
            Pick teams
          </button>
        )}
      </div>
    </>
  );
}

/** The page's values as saved: what a draft is compared with. */
function savedOf(connection: ConnectionView, paused: boolean, startAtLogin: boolean): SettingsDraft {
  return {
    connectionId: connection.id,
    settings: connection.settings,
    maxCount: String(connection.safeguards.maxDeactivations),
    maxPercent: String(connection.safeguards.maxDeactivationPercent),
    importDraft: draftOf(connection),
    paused,
    startAtLogin,
  };
}

/** The registrations block to save: none while the import was never turned on, else the draft (or why it cannot be saved). */
function registrationsToSave(connection: ConnectionView, draft: RegistrationDraft): RegistrationSettings | null | Error {
  const saved = connection.registrations;
  if (!saved && !draft.enabled) return null;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(draft.date)) {
    if (!draft.enabled && saved) return { ...saved, enabled: false };
    return new Error('Pick the start date of the import.');
  }
  return { enabled: draft.enabled, dataSource: draft.dataSource, since: sinceFor(draft.date, saved?.since ?? null) };
}
