// The app's local SQLite mirror (sync-rules.md "Mirror"): connections, the
// last source and Plecto snapshots, links, runs, the write journal (R12),
// schedules, registration cursors and app settings. One class so the engine,
// the CLI and the desktop share one entry point; each area lives in its own repo.
import type { ConnectionConfig } from '../config/profile';
import type { EmployeeLink, PlectoDirectory, SourceDirectory, TeamLink } from '../domain/model';
import type { RunRecord, RunTrigger } from '../domain/run';
import { AppStateRepo, type ApplyLease, type ImportState, type Schedule } from './app-state-repo';
import { CheckResultsRepo, type StoredCheck } from './check-results-repo';
import { ConnectionsRepo } from './connections-repo';
import { openDatabase, type SqliteDatabase } from './database';
import { JournalRepo, type JournalEntry } from './journal-repo';
import { LinksRepo } from './links-repo';
import { RunsRepo, type RunPatch } from './runs-repo';
import { SnapshotsRepo } from './snapshots-repo';
import { StatementCache } from './statements';

export { DatabaseFromFutureError, NotADatabaseError, PlainSecretError, TeamLinkConflictError, MirrorStateError } from './errors';
export type { JournalEntry, JournalState } from './journal-repo';
export type { RunPatch } from './runs-repo';
export type { ApplyLease, Schedule, ImportState } from './app-state-repo';
export type { StoredCheck } from './check-results-repo';

export interface MirrorOptions {
  /** Clock for journal timestamps; Date.now by default. */
  now?: () => number;
}

export class Mirror {
  private readonly sql: StatementCache;
  private readonly connections: ConnectionsRepo;
  private readonly snapshots: SnapshotsRepo;
  private readonly links: LinksRepo;
  private readonly runs: RunsRepo;
  private readonly journalRepo: JournalRepo;
  private readonly appState: AppStateRepo;
  private readonly checks: CheckResultsRepo;

  private constructor(
    private readonly db: SqliteDatabase,
    options: MirrorOptions,
  ) {
    this.sql = new StatementCache(db);
    this.connections = new ConnectionsRepo(this.sql);
    this.snapshots = new SnapshotsRepo(this.sql);
    this.links = new LinksRepo(this.sql);
    this.runs = new RunsRepo(this.sql);
    this.journalRepo = new JournalRepo(this.sql, options.now ?? Date.now);
    this.appState = new AppStateRepo(this.sql);
    this.checks = new CheckResultsRepo(this.sql);
  }

  /** Opens (creating folder and file if needed) and migrates. ':memory:' for tests. */
  static open(file: string, options: MirrorOptions = {}): Mirror {
    return new Mirror(openDatabase(file), options);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** False once closed: an apply lock held for a closed mirror can write nothing more (engine/apply-lease.ts). */
  get isOpen(): boolean {
    return this.db.open;
  }

  /** The SQLite file (':memory:' in tests); the apply lock files live beside it. */
  get file(): string {
    return this.db.name;
  }

  /** Runs fn atomically; nested calls become savepoints. fn must be synchronous. */
  transaction<T>(fn: () => T): T {
    return this.sql.transaction(fn);
  }

  // ------------------------------------------------------------ connections
  upsertConnection(config: ConnectionConfig): void {
    this.connections.upsert(config);
  }
  getConnection(id: string): ConnectionConfig | null {
    return this.connections.get(id);
  }
  listConnections(): ConnectionConfig[] {
    return this.connections.list();
  }
  deleteConnection(id: string): void {
    this.connections.delete(id);
  }

  // ------------------------------------------------------------ snapshots
  saveSourceSnapshot(connectionId: string, dir: SourceDirectory, readAt: number): void {
    this.snapshots.saveSource(connectionId, dir, readAt);
  }
  loadSourceSnapshot(connectionId: string): { dir: SourceDirectory; readAt: number } | null {
    return this.snapshots.loadSource(connectionId);
  }
  savePlectoSnapshot(dir: PlectoDirectory, readAt: number): void {
    this.snapshots.savePlecto(dir, readAt);
  }
  loadPlectoSnapshot(): { dir: PlectoDirectory; readAt: number } | null {
    return this.snapshots.loadPlecto();
  }

  // ------------------------------------------------------------ links
  teamLinks(connectionId: string): TeamLink[] {
    return this.links.teamLinks(connectionId);
  }
  allTeamLinks(): (TeamLink & { connectionId: string })[] {
    return this.links.allTeamLinks();
  }
  linkTeam(connectionId: string, sourceId: string, plectoUuid: string): void {
    this.links.linkTeam(connectionId, sourceId, plectoUuid);
  }
  moveTeamLink(connectionId: string, sourceId: string, plectoUuid: string): void {
    this.links.moveTeamLink(connectionId, sourceId, plectoUuid);
  }
  employeeLinks(connectionId: string): EmployeeLink[] {
    return this.links.employeeLinks(connectionId);
  }
  allEmployeeLinks(): (EmployeeLink & { connectionId: string })[] {
    return this.links.allEmployeeLinks();
  }
  linkEmployee(connectionId: string, sourceId: string, plectoUuid: string): void {
    this.links.linkEmployee(connectionId, sourceId, plectoUuid);
  }
  setDeactivatedBySync(connectionId: string, plectoUuid: string, value: boolean): void {
    this.links.setDeactivatedBySync(connectionId, plectoUuid, value);
  }

  // ------------------------------------------------------------ R7
  setManuallyManaged(plectoUuid: string, value: boolean): void {
    this.links.setManuallyManaged(plectoUuid, value);
  }
  manuallyManaged(): string[] {
    return this.links.manuallyManaged();
  }

  // ------------------------------------------------------------ runs
  createRun(r: { connectionId: string; trigger: RunTrigger; startedAt: number }): RunRecord {
    return this.runs.create(r);
  }
  updateRun(id: number, patch: RunPatch): RunRecord {
    return this.runs.update(id, patch);
  }
  getRun(id: number): RunRecord | null {
    return this.runs.get(id);
  }
  listRuns(options?: { connectionId?: string; limit?: number }): RunRecord[] {
    return this.runs.list(options);
  }
  unfinishedRuns(connectionId: string): RunRecord[] {
    return this.runs.unfinished(connectionId);
  }
  /** The writes an apply prepared, kept until it finishes (R12 resume); null drops them. */
  setApplyWrites(runId: number, writes: unknown): void {
    this.runs.setApplyWrites(runId, writes);
  }
  applyWrites(runId: number): unknown {
    return this.runs.applyWrites(runId);
  }

  // ------------------------------------------------------------ journal (R12)
  journalBegin(runId: number, opKey: string, entry: { changeIds: string[]; description: string; request: unknown }): void {
    this.journalRepo.begin(runId, opKey, entry);
  }
  journalDone(runId: number, opKey: string, result: unknown): void {
    this.journalRepo.done(runId, opKey, result);
  }
  journalFailed(runId: number, opKey: string, error: string): void {
    this.journalRepo.failed(runId, opKey, error);
  }
  journal(runId: number): JournalEntry[] {
    return this.journalRepo.list(runId);
  }

  // ------------------------------------------------------------ schedule
  getSchedule(connectionId: string): Schedule {
    return this.appState.getSchedule(connectionId);
  }
  setSchedule(connectionId: string, s: { nextRunAt?: number | null; paused?: boolean }): void {
    this.appState.setSchedule(connectionId, s);
  }

  // ------------------------------------------------------------ registrations
  getImportState(connectionId: string): ImportState {
    return this.appState.getImportState(connectionId);
  }
  setImportState(connectionId: string, s: Partial<ImportState>): void {
    this.appState.setImportState(connectionId, s);
  }

  // ------------------------------------------------------------ compatibility checks (issue 10)
  saveCheckResult(check: StoredCheck): void {
    this.checks.save(check);
  }
  lastCheckResult(system: string): StoredCheck | null {
    return this.checks.get(system);
  }

  // ------------------------------------------------------------ app settings
  getLease(connectionId: string): ApplyLease | null {
    return this.appState.getLease(connectionId);
  }
  setLease(connectionId: string, lease: ApplyLease | null): void {
    this.appState.setLease(connectionId, lease);
  }
  getSetting(key: string): string | null {
    return this.appState.getSetting(key);
  }
  setSetting(key: string, value: string | null): void {
    this.appState.setSetting(key, value);
  }
}
