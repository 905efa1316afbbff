// `plan --undo RUN` / `apply --undo RUN` (contracts/cli.md, sync-rules R14):
// the undo plan of an applied run, previewed or applied like any plan — held
// by the safeguards unless --force, journaled, resumable — with `undoOf` and
// `conflicts` in the JSON.
import type { Clock } from '../common/clock';
import type { Logger } from '../common/logger';
import type { Profile } from '../config/profile';
import type { RunRecord } from '../domain/run';
import { ConfigError } from '../engine/errors';
import { createSyncEngine, type SyncEngineDeps } from '../engine/sync-engine';
import { createUndoPlanner } from '../engine/undo/undo-run';
import type { FetchFn } from '../http/http';
import type { SecretStore } from '../secrets/secret-store';
import type { Mirror } from '../store/mirror';
import { changeJson, runJson, runText } from './output';

export interface UndoCommandInput {
  command: string;
  /** The --undo value: a run number from `history`. */
  runArg: string;
  /** --connection, if given: must be the run's connection. */
  connection: string | undefined;
  force: boolean;
  json: boolean;
  profile: Profile;
  mirror: Mirror;
  secrets: SecretStore;
  env: Record<string, string | undefined>;
  fetch: FetchFn;
  clock: Clock;
  logger: Logger;
  importRegistrations?: SyncEngineDeps['importRegistrations'];
  firstUseCheck?: boolean;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** Plans (and with apply, applies) the undo; returns the undo run for the exit code, like any run. */
export async function runUndoCommand(input: UndoCommandInput): Promise<RunRecord> {
  const { profile, mirror } = input;
  if (input.command !== 'plan' && input.command !== 'apply') throw new ConfigError('--undo goes with plan or apply only');
  if (!/^#?\d+$/.test(input.runArg.trim())) {
    throw new ConfigError(`--undo needs a run number from history (e.g. --undo 12); "${input.runArg}" is not one`);
  }
  const runId = Number(input.runArg.trim().replace('#', ''));
  const original = mirror.getRun(runId);
  if (!original) throw new ConfigError(`There is no run #${runId}; see history for the run numbers`);
  // Run numbers are unique in a mirror; --connection only guards against undoing the wrong one.
  if (input.connection && input.connection !== original.connectionId) {
    throw new ConfigError(`Run #${runId} belongs to connection "${original.connectionId}", not "${input.connection}"`);
  }
  if (!profile.connections.some((c) => c.id === original.connectionId)) {
    throw new ConfigError(`Run #${runId} belongs to connection "${original.connectionId}", which the profile does not have`);
  }
  const deps: SyncEngineDeps = {
    mirror,
    secrets: input.secrets,
    env: input.env,
    fetch: input.fetch,
    clock: input.clock,
    logger: input.logger,
    plecto: () => profile.plecto,
    connection: (id) => profile.connections.find((c) => c.id === id) ?? null,
    connections: () => profile.connections,
    importRegistrations: input.importRegistrations,
    firstUseCheck: input.firstUseCheck,
  };
  const engine = createSyncEngine(deps);
  const human = input.json ? input.stderr : input.stdout;
  if (input.command === 'apply') {
    // An interrupted apply of the connection (an undo too) is finished first, as `apply` does (R12);
    // the undo is then planned from Plecto as that left it.
    for (const unfinished of mirror.unfinishedRuns(original.connectionId)) {
      const finished = await engine.apply(unfinished.id);
      human(`Finished interrupted run #${finished.id} first: ${finished.status}.\n`);
    }
  }
  let run = await createUndoPlanner(deps).planUndo(runId, 'cli');
  const apply = input.command === 'apply' && (run.status === 'planned' || (run.status === 'held' && input.force));
  if (apply) run = await engine.apply(run.id, { force: input.force });

  human(undoText(run, runId, profile.plecto.requestsPerHour, input.command === 'plan' ? 50 : 10));
  if (input.json) input.stdout(JSON.stringify([undoJson(run, runId, input.command === 'apply')], null, 2) + '\n');
  return run;
}

/** The run's JSON of cli.md plus `undoOf` and `conflicts`. */
export function undoJson(run: RunRecord, undoneRunId: number, withRegistrations: boolean) {
  return {
    ...runJson(run, withRegistrations),
    undoOf: undoneRunId,
    conflicts: (run.plan?.conflicts ?? []).map((c) => ({ change: changeJson(c.change), now: c.now })),
  };
}

function undoText(run: RunRecord, undoneRunId: number, requestsPerHour: number, maxListed: number): string {
  const lines = [`Undo of run #${undoneRunId} (R14):`, runText(run, requestsPerHour, maxListed).trimEnd()];
  for (const conflict of run.plan?.conflicts ?? []) {
    const c = conflict.change;
    const item = c.employee ? c.employee.name : c.team ? `team "${c.team.name}"` : c.kind;
    lines.push(`  conflict, not undone: ${c.kind} ${item} — ${conflict.now}`);
  }
  return lines.join('\n') + '\n';
}
