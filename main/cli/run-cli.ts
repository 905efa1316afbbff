// The command line of contracts/cli.md as a function, so tests can run it
// in-process as well as through the real `npm run cli`.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { systemClock, type Clock } from '../common/clock';
import { scrubCredentials, streamLogger, type Logger } from '../common/logger';
import { MIRROR_FILE, defaultDataDir } from '../config/paths';
import type { Profile } from '../config/profile';
import { readProfile } from '../config/profile-parse';
import { resolveCredentials, resolveSecret, type SecretSources } from '../config/secrets';
import { missingCredentials } from '../connectors/registry';
import { ConfigError } from '../engine/errors';
import type { RunRecord } from '../domain/run';
import { wasBusy } from '../engine/apply-lease';
import { createSyncEngine, type SyncEngineDeps } from '../engine/sync-engine';
import { importRegistrations } from '../engine/registrations';
import type { FetchFn } from '../http/http';
import type { SecretStore } from '../secrets/secret-store';
import { DataFolderError, DatabaseFromFutureError, NotADatabaseError } from '../store/errors';
import { Mirror } from '../store/mirror';
import { historyJson, historyText, runJson, runText } from './output';
import { runUndoCommand } from './undo-command';
import { undoOf } from '../engine/undo/undo-index';
import { runCheckCommand } from './check-command';

export const EXIT = { ok: 0, internal: 1, usage: 2, held: 3, partial: 4, unreadable: 5, busy: 6 } as const;
/** Most severe first (contracts/cli.md). */
const SEVERITY = [EXIT.internal, EXIT.unreadable, EXIT.busy, EXIT.partial, EXIT.held, EXIT.ok];

export const USAGE = `Usage: plecto-dirsync <plan|apply|history|check> [options]

  plan       read the sources and Plecto, store the snapshots, print the plan (changes nothing in Plecto)
  apply      plan and apply, unless a safeguard holds the plan (R10); --force applies a held plan
  history    the recorded runs, newest first
  check      read-only compatibility check of Plecto and each connection's account (exit 5 if something differs)

Options:
  --profile FILE      the profile (required for plan and apply)
  --data-dir DIR      where the SQLite mirror lives (default: $PLECTO_DIRSYNC_DATA_DIR, else the desktop app's folder)
  --connection ID     act on one connection of the profile (default: all, in profile order)
  --json              machine-readable output on stdout (human text goes to stderr)
  --force             with apply: apply a plan that a safeguard holds
  --undo RUN          with plan or apply: the undo plan of applied run RUN from history (R14)
  --out FILE          with check: also save the report (JSON, no secrets) to FILE for support
`;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  fetch?: FetchFn;
  clock?: Clock;
  /** The keychain; the OS keychain (keytar) by default, loaded only when a profile refers to it. */
  secrets?: SecretStore;
  importRegistrations?: SyncEngineDeps['importRegistrations'];
  /** A quick compatibility check on an account's first use before writing (issue 10); main/cli.ts turns it on. */
  firstUseCheck?: boolean;
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (error) {
    io.stderr(`${(error as Error).message}\n\n${USAGE}`);
    return EXIT.usage;
  }
  if (args.values.help) {
    io.stdout(USAGE);
    return EXIT.ok;
  }
  const command = args.positionals[0];
  if (args.positionals.length !== 1 || !['plan', 'apply', 'history', 'check'].includes(command)) {
    io.stderr(`${command ? `Unknown command "${args.positionals.join(' ')}"` : 'No command given'}.\n\n${USAGE}`);
    return EXIT.usage;
  }
  if (args.values.force && command !== 'apply') {
    io.stderr(`--force goes with apply only.\n`);
    return EXIT.usage;
  }
  if (args.values.out !== undefined && command !== 'check') {
    io.stderr(`--out goes with check only.\n`);
    return EXIT.usage;
  }
  if (args.values['data-dir'] !== undefined && args.values['data-dir'].trim() === '') {
    // An empty --data-dir (an unset shell variable) would put the mirror in whatever folder the job runs in.
    io.stderr(`--data-dir needs a folder; it was given an empty value.\n\n${USAGE}`);
    return EXIT.usage;
  }
  const json = Boolean(args.values.json);
  const human = json ? io.stderr : io.stdout;
  const logger = streamLogger(io.stderr);
  const quietLogger: Logger = { info() {}, warn: logger.warn, error() {} };

  let mirror: Mirror | undefined;
  try {
    // Everything that can make the call wrong is checked before anything runs (exit 2).
    let profile: Profile | undefined;
    if (command !== 'history' || args.values.profile) {
      if (!args.values.profile) throw new ConfigError(`${command} needs --profile FILE`);
      profile = readProfile(args.values.profile);
    }
    const connections = profile ? selectConnections(profile, args.values.connection) : [];
    const secrets = io.secrets ?? (await lazyKeychain());
    const sources: SecretSources = { secrets, env: io.env };
    if (profile) await checkSecrets(profile, connections, sources);
    const dataDir = args.values['data-dir'] ?? defaultDataDir(io.env);
    mirror = openMirror(path.join(dataDir, MIRROR_FILE));

    if (args.values.undo !== undefined) {
      const io2 = { ...io, fetch: io.fetch ?? ((input: string, init?: RequestInit) => fetch(input, init)), clock: io.clock ?? systemClock };
      const undo = { command, runArg: args.values.undo, connection: args.values.connection, force: Boolean(args.values.force), json };
      return exitCodeOf(await runUndoCommand({ ...io2, ...undo, profile: profile!, mirror, secrets, logger: quietLogger }));
    }

    if (command === 'history') {
      const runs = mirror.listRuns({ connectionId: args.values.connection, limit: 1000 });
      const undone = (id: number) => undoOf(mirror!, id); // R14: an undo run names the run it undid
      if (json) io.stdout(JSON.stringify(runs.map((r) => historyJson(r, undone(r.id))), null, 2) + '\n');
      else io.stdout(historyText(runs, undone));
      return EXIT.ok;
    }

    if (command === 'check') {
      const http = { fetch: io.fetch ?? ((input: string, init?: RequestInit) => fetch(input, init)), clock: io.clock ?? systemClock, logger: quietLogger };
      return await runCheckCommand({ profile: profile!, connections, sources, http, mirror, json, out: args.values.out, stdout: io.stdout, stderr: io.stderr });
    }

    const engine = createSyncEngine({
      mirror,
      secrets,
      env: io.env,
      fetch: io.fetch ?? ((input, init) => fetch(input, init)),
      clock: io.clock ?? systemClock,
      logger: quietLogger,
      plecto: () => profile!.plecto,
      connection: (id) => profile!.connections.find((c) => c.id === id) ?? null,
      connections: () => profile!.connections,
      // A connection whose profile enables registrations imports them after its apply (cli.md).
      importRegistrations: io.importRegistrations ?? importRegistrations,
      firstUseCheck: io.firstUseCheck,
    });
    const results: Record<string, unknown>[] = [];
    const codes: number[] = [];
    for (const connection of connections) {
      let run: RunRecord;
      try {
        run =
          command === 'plan'
            ? await engine.plan(connection.id, 'cli')
            : await engine.sync(connection.id, 'cli', { force: Boolean(args.values.force) });
      } catch (error) {
        // Scrubbed like every other error path: an unexpected error may quote a server's answer.
        const message = scrubCredentials((error as Error).message);
        human(`${connection.id}: internal error: ${message}\n`);
        results.push({ connection: connection.id, status: 'failed', error: message, changes: [], skipped: [], failed: [] });
        codes.push(EXIT.internal);
        continue;
      }
      // After an apply the plan was already seen: list fewer changes, and every failure.
      human(runText(run, profile!.plecto.requestsPerHour, command === 'plan' ? 50 : 10));
      results.push(runJson(run, command === 'apply'));
      codes.push(exitCodeOf(run));
    }
    if (json) io.stdout(JSON.stringify(results, null, 2) + '\n');
    return SEVERITY.find((code) => codes.includes(code)) ?? EXIT.ok;
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr(`${error.message}\n`);
      return EXIT.usage;
    }
    io.stderr(`Internal error: ${scrubCredentials(String((error as Error).stack ?? error))}\n`);
    return EXIT.internal;
  } finally {
    mirror?.close();
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      profile: { type: 'string' },
      'data-dir': { type: 'string' },
      connection: { type: 'string' },
      json: { type: 'boolean' },
      force: { type: 'boolean' },
      undo: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function selectConnections(profile: Profile, id: string | undefined) {
  if (!id) return profile.connections;
  const found = profile.connections.filter((c) => c.id === id);
  if (found.length === 0) {
    throw new ConfigError(`The profile has no connection "${id}" (it has: ${profile.connections.map((c) => c.id).join(', ')})`);
  }
  return found;
}

async function checkSecrets(profile: Profile, connections: Profile['connections'], sources: SecretSources) {
  await resolveSecret(profile.plecto.password, sources, 'plecto.password', profile.plecto.baseUrl);
  for (const connection of connections) {
    const missing = missingCredentials(connection);
    if (missing) throw new ConfigError(`Connection "${connection.id}" (${connection.type}) needs credentials ${missing}`);
    await resolveCredentials(connection, sources);
  }
}

/** A mirror that cannot be used is exit 2, with the store's own line (unwritable folder, damaged file, newer version). */
function openMirror(file: string): Mirror {
  try {
    return Mirror.open(file);
  } catch (error) {
    if (error instanceof DataFolderError || error instanceof NotADatabaseError || error instanceof DatabaseFromFutureError) {
      throw new ConfigError(error.message);
    }
    throw new ConfigError(`Cannot open the mirror ${file}: ${(error as Error).message}`);
  }
}

function exitCodeOf(run: RunRecord): number {
  if (wasBusy(run)) return EXIT.busy;
  switch (run.status) {
    case 'failed':
      return EXIT.unreadable;
    case 'partial':
      return EXIT.partial;
    case 'held':
      return EXIT.held;
    default:
      return EXIT.ok;
  }
}

/** The OS keychain, loaded on first use so servers without a Secret Service can use {"env"} secrets. */
async function lazyKeychain(): Promise<SecretStore> {
  let store: SecretStore | undefined;
  const load = async () => {
    if (!store) {
      const { KeytarSecretStore } = await import('../secrets/keytar-store');
      store = new KeytarSecretStore();
    }
    return store;
  };
  return {
    get: async (account) => (await load()).get(account),
    set: async (account, secret) => (await load()).set(account, secret),
    delete: async (account) => (await load()).delete(account),
    accounts: async () => (await load()).accounts(),
  };
}
