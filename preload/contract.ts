// The one typed contract between the renderer and the main process. The
// preload exposes exactly these named async methods as `window.plectoApi`
// (never ipcRenderer itself); the test bridge serves the same methods over
// HTTP, so the renderer cannot tell the two apart.
//
// Secrets travel one way only: the renderer may send a secret once (a
// password, a token); nothing here ever returns one. Connections report which
// secret fields are saved (`savedSecrets`), never their values.
import type { Change, ChangeKind, ConnectorType, SafeguardSettings, SkippedItem, SourceTeam, SyncSettings } from '../main/domain/model';
import type { ApplyProgress, RegistrationCounts, RunRecord, RunStatus, RunTrigger } from '../main/domain/run';
import type { RegistrationSettings } from '../main/config/profile';

// ---------------------------------------------------------------- views

/** Plecto settings as the renderer sees them: no password, only whether one is saved. */
export interface PlectoSettingsView {
  baseUrl: string;
  email: string;
  requestsPerHour: number;
  hasPassword: boolean;
}

export interface PlectoSettingsInput {
  baseUrl: string;
  email: string;
  requestsPerHour?: number;
  /** Sent once to be saved in the keychain; omit to keep the saved one. */
  password?: string;
}

/** A run without its plan: what lists, the tray and events need. */
export type RunSummary = Omit<RunRecord, 'plan'> & {
  providerLabel: string;
  /** Number of changes in the plan (0 when there is none). */
  changeCount: number;
  /** An apply of this run is writing right now in this app (an 'applying' run that is not is interrupted). */
  inProgress?: boolean;
  /** R14: the run this one undoes; null for an ordinary run. */
  undoOf?: number | null;
};

export interface ScheduleView {
  /** Epoch ms of the next automatic run, null when none is planned. */
  nextRunAt: number | null;
  paused: boolean;
}

export interface ConnectionView {
  id: string;
  type: ConnectorType;
  providerLabel: string;
  baseUrl?: string;
  loginUrl?: string;
  /** Salesforce: the sign-in callback port, when not the default 7890. */
  callbackPort?: number;
  /** Plain (non-secret) credential values, e.g. clientId, username. */
  credentials: Record<string, string>;
  /** Names of the secret fields saved in the keychain, e.g. ["accessToken"]. */
  savedSecrets: string[];
  settings: SyncSettings;
  safeguards: SafeguardSettings;
  lastRun: RunSummary | null;
  /** The last apply (a sync), with its outcome; a preview is not a sync. Null when never applied. */
  lastSync: RunSummary | null;
  /** The newest preview or held plan waiting for approval, null when none (it survives reloads and restarts). */
  waiting: RunSummary | null;
  /** Until an admin applies one preview by hand, automatic runs and "Sync now" only make previews. */
  appliedByHand: boolean;
  schedule: ScheduleView;
  /** The registrations import (R9); null until it was set up once. */
  registrations: RegistrationSettings | null;
  /** The data source title this connector creates when none is picked, e.g. "Intercom conversations". */
  defaultDataSource: string;
}

export interface Overview {
  /** Null until Plecto is set up. */
  plecto: PlectoSettingsView | null;
  connections: ConnectionView[];
  /** Global pause of automatic sync (tray "Pause"). */
  automaticSyncPaused: boolean;
  startAtLogin: boolean;
}

export interface ConnectionInput {
  /** Stable id, e.g. "intercom"; letters, digits, "-" and "_". */
  id: string;
  type: ConnectorType;
  providerLabel?: string;
  baseUrl?: string;
  loginUrl?: string;
  /** Salesforce: the fixed port of the sign-in callback http://localhost:PORT/callback (default 7890). */
  callbackPort?: number;
  /** Plain (non-secret) credential values only; secrets go in the second argument of saveConnection. */
  credentials?: Record<string, string>;
  settings?: Partial<SyncSettings>;
  safeguards?: Partial<SafeguardSettings>;
}

export interface SettingsPatch {
  settings?: Partial<SyncSettings>;
  safeguards?: Partial<SafeguardSettings>;
  /** Replaces the connection's registrations block (contracts/cli.md); `since` is ISO 8601. */
  registrations?: RegistrationSettings;
}

/** A Plecto data source as the picker lists it. */
export interface DataSourceView {
  uuid: string;
  title: string;
}

/**
 * What the next registrations import would do (R9), counted from the source
 * without writing anything. Best effort: when the source cannot be read the
 * counts are null and `error` says why; the directory preview is unaffected.
 */
export interface RegistrationPreviewView {
  /** The data source title or uuid the records would go to. */
  dataSource: string;
  toImport: number | null;
  /** Records whose owner is outside the selected teams (R9). */
  skippedOutOfScope: number | null;
  error: string | null;
}

/** A planned run as the preview shows it: the run plus, when the import is on, its registration counts. */
export type PreviewRun = RunRecord & { registrationPreview: RegistrationPreviewView | null; scope?: ScopeView | null };

/** What "Only sync data for selected teams" leaves out of a plan (R8); null when the scope is off. */
export interface ScopeView {
  teamsLeftOut: number;
  peopleLeftOut: number;
}

export interface TestResult {
  ok: boolean;
  /** What was checked and what came back, or what failed and where. Never a secret. */
  message: string;
}

export interface SourceTeamView extends SourceTeam {
  memberCount: number;
}

export interface SourceTeamsView {
  teams: SourceTeamView[];
  /** When the source was last read (epoch ms), null when never. */
  readAt: number | null;
  /** Why a refresh failed, when it did (the last snapshot is still returned). */
  error: string | null;
}

export interface JournalEntryView {
  opKey: string;
  changeIds: string[];
  description: string;
  state: 'sending' | 'done' | 'failed';
  error: string | null;
  updatedAt: number;
}

export interface RunDetail {
  run: RunRecord & { providerLabel: string; inProgress?: boolean };
  /** For a preview or held plan: what the scope leaves out (R8), from the source as last read. */
  scope?: ScopeView | null;
  /** The run's change log: every write as sent to Plecto. */
  journal: JournalEntryView[];
}

export interface EmployeeView {
  uuid: string;
  name: string;
  email: string | null;
  title: string | null;
  isActive: boolean;
  /** Plecto team names. */
  teams: string[];
  /** The connection that manages this employee, null when none does. */
  connectionId: string | null;
  /** The provider label shown as the employee's source ("Intercom"), null when not synced. */
  source: string | null;
  sourceId: string | null;
  /** Marked "Manage this employee manually" in this app (R7). */
  managedManually: boolean;
  /** Marked managed manually in Plecto itself (R7); the app switch cannot clear it. */
  managedManuallyInPlecto: boolean;
  deactivatedBySync: boolean;
}

export interface ApplyRequest {
  excludeChangeIds?: string[];
  /** Approve a plan a safeguard holds (R10). */
  force?: boolean;
}

/**
 * What leaving changes out of a preview takes with it (R13), before the admin applies: the changes
 * left out only because of the ones chosen, and kept team changes written without their parent.
 * Each reason is the line the preview shows, e.g. "left out because 'Link employee Ann Lee' is left out (R13)".
 */
export interface LeaveOutView {
  dependents: { changeId: string; reason: string }[];
  withoutParent: { changeId: string; reason: string }[];
}

export interface ListRunsQuery {
  connectionId?: string;
  limit?: number;
}

export interface ImportResult {
  /** Connection ids imported (created or replaced). */
  connections: string[];
  plecto: boolean;
}

// ---------------------------------------------------------------- compatibility check (issue 10)

/** One contract item as `check` saw it. */
export interface CompatibilityItemView {
  item: string;
  status: 'ok' | 'differs' | 'not seen';
  detail: string;
  /** The sync writes through it: while it differs, plan and apply refuse to write. */
  guardsWrites: boolean;
}

/** The compatibility report of Plecto or one connection: counts and field names only, never a secret or a person. */
export interface CompatibilityReportView {
  system: string;
  type: string;
  account: string;
  checkedAt: string;
  error?: string;
  items: CompatibilityItemView[];
  /** Read, and nothing the sync needs differs. */
  passed: boolean;
  /** The report as a JSON file (the command line's `check --json`), for the admin to save and send to support. */
  file: string;
}

// ---------------------------------------------------------------- the API

export interface DirectorySyncApi {
  getOverview(): Promise<Overview>;

  savePlectoSettings(input: PlectoSettingsInput): Promise<PlectoSettingsView>;
  testPlecto(): Promise<TestResult>;

  /** Creates or replaces a connection; `secrets` (field → value) go to the keychain. Empty secrets keep the saved ones. */
  saveConnection(input: ConnectionInput, secrets: Record<string, string>): Promise<ConnectionView>;
  /** Changes settings/safeguards (and the team selection) of a saved connection. */
  saveSettings(connectionId: string, patch: SettingsPatch): Promise<ConnectionView>;
  /** Removes the connection and its keychain entries. */
  deleteConnection(connectionId: string): Promise<void>;
  testConnection(connectionId: string): Promise<TestResult>;
  /** Tests the values of a connection form without saving anything; empty secrets use the saved ones for the same host. */
  testConnectionSettings(input: ConnectionInput, secrets: Record<string, string>): Promise<TestResult>;
  /** Tests the values of the Plecto form without saving anything. */
  testPlectoSettings(input: PlectoSettingsInput): Promise<TestResult>;
  /** Salesforce authorization code + PKCE in the browser; saves the refresh token in the keychain. */
  signInSalesforce(connectionId: string): Promise<TestResult>;
  /** Read-only compatibility check of Plecto (`target` "plecto") or a saved connection (its id). */
  checkCompatibility(target: string): Promise<CompatibilityReportView>;

  /** Source teams of the last snapshot with member counts; `refresh` reads the source first (a plan read). */
  listSourceTeams(connectionId: string, options?: { refresh?: boolean }): Promise<SourceTeamsView>;

  /** Plans a connection (reads source and Plecto, writes nothing); counts the registrations it would import when that is on. */
  preview(connectionId: string): Promise<PreviewRun>;
  /** Applies a planned or held run; progress arrives as `run-progress` events. */
  apply(runId: number, request: ApplyRequest): Promise<RunRecord>;
  /** Plans and applies unless held, for one or every connection (tray "Sync now"). */
  syncNow(connectionId?: string): Promise<RunSummary[]>;
  /** R13: what leaving `excludeChangeIds` out of a planned run also leaves out, and why (nothing is written). */
  explainLeaveOut(runId: number, excludeChangeIds: string[]): Promise<LeaveOutView>;
  /** Discards a preview or held plan: nothing of it is applied. */
  discardRun(runId: number): Promise<RunRecord>;
  /** A partial run's failed changes again: a fresh preview with every other change left out, applied unless a safeguard holds it. */
  retryFailed(runId: number): Promise<RunRecord>;
  /** R14: the undo plan of an applied run, as a preview (Plecto read fresh, nothing written); approve it with apply(). */
  previewUndo(runId: number): Promise<PreviewRun>;

  listRuns(query?: ListRunsQuery): Promise<RunSummary[]>;
  getRun(runId: number): Promise<RunDetail | null>;
  exportRunCsv(runId: number): Promise<string>;

  /** Plecto's data sources, for the registrations picker. */
  listDataSources(): Promise<DataSourceView[]>;

  listEmployees(query?: { search?: string }): Promise<EmployeeView[]>;
  setManuallyManaged(uuid: string, on: boolean): Promise<void>;

  setAutomaticSyncPaused(paused: boolean): Promise<void>;
  setStartAtLogin(on: boolean): Promise<void>;

  /** The contracts/cli.md profile, secrets as {"keychain": ...} references. */
  exportProfile(): Promise<string>;
  /** Validates and imports a profile; plain secrets are refused. */
  importProfile(text: string): Promise<ImportResult>;
}

export const API_METHODS = [
  'getOverview',
  'savePlectoSettings',
  'testPlecto',
  'saveConnection',
  'saveSettings',
  'deleteConnection',
  'testConnection',
  'testConnectionSettings',
  'testPlectoSettings',
  'signInSalesforce',
  'checkCompatibility',
  'listSourceTeams',
  'preview',
  'apply',
  'explainLeaveOut',
  'syncNow',
  'discardRun',
  'retryFailed',
  'previewUndo',
  'listRuns',
  'getRun',
  'exportRunCsv',
  'listDataSources',
  'listEmployees',
  'setManuallyManaged',
  'setAutomaticSyncPaused',
  'setStartAtLogin',
  'exportProfile',
  'importProfile',
] as const satisfies readonly (keyof DirectorySyncApi)[];

// Compile-time check that API_METHODS lists every method.
type MissingMethods = Exclude<keyof DirectorySyncApi, (typeof API_METHODS)[number]>;
const everyMethodListed: MissingMethods extends never ? true : never = true;
void everyMethodListed;

export type ApiMethod = (typeof API_METHODS)[number];

/** IPC channel of one method: `api:<method>`. */
export function channelOf(method: ApiMethod): string {
  return `api:${method}`;
}

// ---------------------------------------------------------------- events

export const EVENT_CHANNEL = 'api:event';

export type DirectorySyncEvent =
  | ({ type: 'run-progress' } & ApplyProgress & ChangeProgress)
  | { type: 'run-finished'; run: RunSummary };

/** Apply progress as an admin counts it: changes (not writes), and the time left at Plecto's pace. */
export interface ChangeProgress {
  changesDone?: number;
  changesTotal?: number;
  secondsLeft?: number | null;
}

export type EventListener = (event: DirectorySyncEvent) => void;

/** What `window.plectoApi` is: the API plus event subscription. */
export interface PlectoApiBridge extends DirectorySyncApi {
  /** Subscribes to main-process events; returns the unsubscribe function. */
  onEvent(listener: EventListener): () => void;
}

// Re-exported so the renderer imports types from this one file.
export type {
  ApplyProgress,
  Change,
  ChangeKind,
  ConnectorType,
  RegistrationCounts,
  RegistrationSettings,
  RunRecord,
  RunStatus,
  RunTrigger,
  SafeguardSettings,
  SkippedItem,
  SyncSettings,
};
