// Per-connection sync settings (the four toggles of the product), the
// registrations import (R9) and the safeguard limits of R10; plus the
// app-wide switches.
import { useEffect, useState } from 'react';
import type { ConnectionView, RegistrationSettings, SafeguardSettings, SyncSettings } from '../../../preload/contract';
import { api, errorText } from '../api';
import { Banner } from '../components/Banner';
import { ConnectionPicker } from '../components/ConnectionPicker';
import { Field } from '../components/Field';
import { NeedsConnection } from '../components/NeedsConnection';
import { PageHeader } from '../components/PageHeader';
import { RegistrationSettings as ImportSettings, type RegistrationDraft } from '../components/RegistrationSettings';
import { Switch } from '../components/Switch';
import { dateOf, defaultStartDate, sinceFor } from '../registration-options';
import { useApp, useCurrentConnection } from '../store/app-store';

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
  const go = useApp((s) => s.go);
  const [settings, setSettings] = useState<SyncSettings | null>(null);
  const [maxCount, setMaxCount] = useState('');
  const [maxPercent, setMaxPercent] = useState('');
  const [importDraft, setImportDraft] = useState<RegistrationDraft | null>(null);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    if (!connection) return;
    setSettings(connection.settings);
    setMaxCount(String(connection.safeguards.maxDeactivations));
    setMaxPercent(String(connection.safeguards.maxDeactivationPercent));
    setImportDraft(draftOf(connection));
    setStatus(null);
  }, [connection?.id]);

  if (!connection || !settings || !importDraft) {
    return (
      <>
        <PageHeader title="Settings" />
        <NeedsConnection />
      </>
    );
  }

  const set = (patch: Partial<SyncSettings>) => setSettings({ ...settings, ...patch });

  async function save() {
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
      const { selectedTeams: _teams, ...toggles } = settings!;
      await api().saveSettings(connection!.id, { settings: toggles, safeguards, ...(registrations ? { registrations } : {}) });
      await refresh();
      setStatus({ ok: true, text: 'Settings saved.' });
    } catch (e) {
      setStatus({ ok: false, text: errorText(e) });
    }
  }

  async function appSwitch(kind: 'paused' | 'login', on: boolean) {
    try {
      if (kind === 'paused') await api().setAutomaticSyncPaused(on);
      else await api().setStartAtLogin(on);
      await refresh();
    } catch (e) {
      setStatus({ ok: false, text: errorText(e) });
    }
  }

  return (
    <>
      <PageHeader title={`Settings · ${connection.providerLabel}`} subtitle="What this connection keeps in step, and when it must stop and ask." actions={<ConnectionPicker />} />
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
                <button type="button" className="link" onClick={() => go('teams')}>
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
      <div className="form-actions sticky-actions">
        <button type="button" className="btn btn-primary" onClick={() => void save()}>
          Save settings
        </button>
        <p role="status" className={status ? (status.ok ? 'text-ok' : 'text-bad') : ''}>
          {status?.text}
        </p>
      </div>
      <section className="card" aria-labelledby="app-title">
        <h2 id="app-title">This computer</h2>
        <Switch
          label="Pause automatic sync"
          checked={overview?.automaticSyncPaused ?? false}
          onChange={(v) => void appSwitch('paused', v)}
          description="Stops scheduled runs of every connection until you resume. Also in the tray menu."
        />
        <Switch label="Start at login" checked={overview?.startAtLogin ?? false} onChange={(v) => void appSwitch('login', v)} description="Keeps the tray icon and the daily sync running after a restart." />
      </section>
    </>
  );
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
