// One world of the model-based test: fake Plecto (small pages, so paged reads
// can shift), fake Intercom, Enreach and Salesforce on 127.0.0.1, a real
// SQLite mirror and the real engine — whose fetch passes through a fault
// injector that can lose an answer, "kill" the process at a write, or let an
// admin edit Plecto right after one of its writes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Clock } from '../../main/common/clock';
import { silentLogger } from '../../main/common/logger';
import type { ConnectionConfig, PlectoConfig } from '../../main/config/profile';
import { DEFAULT_SAFEGUARDS, DEFAULT_SETTINGS } from '../../main/domain/model';
import { createSyncEngine, type DesktopEngine } from '../../main/engine/sync-engine';
import { MemorySecretStore } from '../../main/secrets/secret-store';
import { Mirror } from '../../main/store/mirror';
import { startFakeEnreach, type FakeEnreach } from '../fakes/enreach-server';
import { startFakeIntercom, type FakeIntercom } from '../fakes/intercom-server';
import { startFakePlecto, type FakePlecto } from '../fakes/plecto-server';
import { startFakeSalesforce, type FakeSalesforce } from '../fakes/salesforce-server';

export const CONNECTIONS = ['intercom', 'enreach', 'salesforce'] as const;
export type ConnectionId = (typeof CONNECTIONS)[number];
export const LABEL: Record<ConnectionId, string> = { intercom: 'Intercom', enreach: 'Enreach', salesforce: 'Salesforce' };

/** Plecto pages of 3: a directory of a dozen members is read in several pages, so a read can shift (R10). */
export const PLECTO_PAGE_SIZE = 3;

/** Real time; waits (Retry-After, backoff) shortened a thousand-fold and capped, so bursts stay cheap. */
const fastClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms / 1000, 5))),
};

/** What happens to the k-th Plecto write (non-GET request) of the next engine call. */
export type WriteFaultKind =
  | 'reset-after' // applied by Plecto, then the connection is reset: the answer is lost
  | 'gateway-after' // applied by Plecto, then a proxy answers 502
  | 'kill-before' // the process dies before the write leaves
  | 'kill-after' // the process dies right after Plecto applied the write
  // An admin edits Plecto as soon as this write was answered: the writes after it can still see the edit if
  // they look (an edit between a look-up and its write could not be seen by any client of this API).
  | 'edit-after';

export interface WriteFault {
  atWrite: number;
  kind: WriteFaultKind;
  edit?: () => void;
  /** edit-after: work done (awaited) before the engine gets the answer, e.g. another process previewing. */
  during?: () => Promise<void>;
}

export interface ModelWorld {
  plecto: FakePlecto;
  intercom: FakeIntercom;
  enreach: FakeEnreach;
  salesforce: FakeSalesforce;
  connections: ConnectionConfig[];
  /** The connections this case uses (the others stay empty and are never synced). */
  active: ConnectionId[];
  /** A command's connection, mapped onto the ones this case uses. */
  use(connection: ConnectionId): ConnectionId;
  mirror: Mirror;
  engine: DesktopEngine;
  /** Plecto teams an admin made while a step ran (not the engine's doing). */
  handMade: Set<string>;
  /** Set for the next engine call; cleared by clearFaults. */
  writeFault: WriteFault | null;
  /** Resolves when a kill fault fired (the engine call it interrupted never finishes). */
  killed: Promise<void>;
  /** Plecto writes sent through the engine's fetch since the fault was set. */
  writesSeen: number;
  /** The settings of a connection (the engine reads them at every call). */
  settings(connection: ConnectionId): ConnectionConfig['settings'];
  /** "Restart the process": a new engine on a new handle of the same mirror file (the old one, and its `killedCall`, are abandoned). */
  restart(killedCall?: Promise<unknown>): void;
  /** A second process on the same data folder (the desktop app beside a cron job): its own mirror handle and engine. */
  otherProcess(): { engine: DesktopEngine; mirror: Mirror };
  /** A new, empty data folder: a second machine, or `--data-dir` somewhere else (R3). */
  freshMirror(): void;
  clearFaults(): void;
  close(): Promise<void>;
}

/** One engine's "process": a killed one hangs at the write where it died until the case ends. */
interface Life {
  dead: boolean;
  hung: ((error: Error) => void)[];
}

/**
 * What a dead process's requests answer when the case ends and its abandoned engine is let unwind (so that its
 * apply lock and keep-alive timer are released): an error the HTTP layer takes as permanent (never retried).
 */
const gone = () => new TypeError('Invalid URL: this process was killed');

export async function startModelWorld(): Promise<ModelWorld> {
  // In memory where there is one: the mirror's journal is synchronous=FULL (R12), and an fsync per write on a
  // busy disk would make a hundred cases take minutes.
  const root = fs.mkdtempSync(path.join(fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir(), 'dirsync-model-'));
  let dataDir = '';
  let dirs = 0;
  const newDataDir = () => {
    dataDir = path.join(root, `data-${++dirs}`);
    fs.mkdirSync(dataDir);
  };
  newDataDir();

  const [plecto, intercom, enreach, salesforce] = await Promise.all([
    startFakePlecto({ pageSize: PLECTO_PAGE_SIZE }),
    startFakeIntercom(),
    startFakeEnreach(),
    startFakeSalesforce(),
  ]);
  const env: Record<string, string> = {
    PLECTO_PASSWORD: plecto.password,
    INTERCOM_TOKEN: intercom.token,
    ENREACH_KEY: enreach.secretKey,
    SF_SECRET: salesforce.clientSecret,
    SF_REFRESH: salesforce.refreshToken,
  };
  // Each connection its own settings object: the scope event changes one connection only.
  const common = () => ({ settings: { ...DEFAULT_SETTINGS }, safeguards: { ...DEFAULT_SAFEGUARDS } });
  const connections: ConnectionConfig[] = [
    { id: 'intercom', type: 'intercom', providerLabel: LABEL.intercom, baseUrl: intercom.baseUrl, credentials: { accessToken: { env: 'INTERCOM_TOKEN' } }, ...common() },
    {
      id: 'enreach',
      type: 'enreach',
      providerLabel: LABEL.enreach,
      baseUrl: enreach.baseUrl,
      credentials: { username: enreach.username, secretKey: { env: 'ENREACH_KEY' } },
      ...common(),
    },
    {
      id: 'salesforce',
      type: 'salesforce',
      providerLabel: LABEL.salesforce,
      loginUrl: salesforce.loginUrl,
      credentials: { clientId: salesforce.clientId, clientSecret: { env: 'SF_SECRET' }, refreshToken: { env: 'SF_REFRESH' } },
      ...common(),
    },
  ];
  const plectoConfig: PlectoConfig = { baseUrl: plecto.baseUrl, email: plecto.email, password: { env: 'PLECTO_PASSWORD' }, requestsPerHour: 100_000_000 };

  let signalKilled: () => void = () => {};
  const faultyFetch = async (input: Parameters<typeof fetch>[0], init: RequestInit | undefined, life: Life): Promise<Response> => {
    const hangForever = () => new Promise<never>((_, reject) => life.hung.push(reject));
    const url = String(input);
    const method = (init?.method ?? 'GET').toUpperCase();
    const fault = world.writeFault;
    if (!url.startsWith(plecto.origin) || method === 'GET' || !fault) return fetch(input, init);
    const n = ++world.writesSeen;
    if (n !== fault.atWrite) return fetch(input, init);
    switch (fault.kind) {
      case 'kill-before':
        signalKilled();
        return hangForever();
      case 'kill-after':
        await fetch(input, init).then((r) => r.arrayBuffer());
        signalKilled();
        return hangForever();
      case 'reset-after': {
        await fetch(input, init).then((r) => r.arrayBuffer());
        const cause = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
        throw new TypeError('fetch failed', { cause });
      }
      case 'gateway-after':
        await fetch(input, init).then((r) => r.arrayBuffer());
        return new Response('<html><body><h1>502 Bad Gateway</h1></body></html>', { status: 502, headers: { 'Content-Type': 'text/html' } });
      case 'edit-after': {
        const response = await fetch(input, init);
        const body = await response.arrayBuffer();
        fault.edit?.();
        await fault.during?.();
        return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
      }
    }
  };

  const lives = new Map<DesktopEngine, Life>();
  const makeEngine = (mirror: Mirror) => {
    const life: Life = { dead: false, hung: [] };
    const engine = createSyncEngine({
      mirror,
      secrets: new MemorySecretStore(),
      env,
      fetch: (input, init) => (life.dead ? Promise.reject(gone()) : faultyFetch(input, init, life)),
      clock: fastClock,
      logger: silentLogger,
      plecto: () => plectoConfig,
      connection: (id) => connections.find((c) => c.id === id) ?? null,
      // Every connection of the profile, as the command line and the desktop pass them (R6: who else manages a member).
      connections: () => connections.filter((c) => world.active.includes(c.id as ConnectionId)),
    });
    lives.set(engine, life);
    return engine;
  };

  const abandoned: Mirror[] = [];
  /** Engine calls that were killed: they settle once their process is let unwind at the end of the case. */
  const killedCalls: Promise<unknown>[] = [];
  const killedLives: Life[] = [];
  const resetKilled = () => {
    world.killed = new Promise<void>((resolve) => (signalKilled = resolve));
  };
  const mirror = Mirror.open(path.join(dataDir, 'mirror.db'));
  const world: ModelWorld = {
    plecto,
    intercom,
    enreach,
    salesforce,
    connections,
    active: [...CONNECTIONS],
    use: (c) => (world.active.includes(c) ? c : world.active[CONNECTIONS.indexOf(c) % world.active.length]),
    mirror,
    engine: makeEngine(mirror),
    handMade: new Set(),
    writeFault: null,
    killed: Promise.resolve(),
    writesSeen: 0,
    settings: (c) => connections.find((x) => x.id === c)!.settings,
    restart(killedCall) {
      // The abandoned engine still holds its handle (a call hung at the write where it died, its lease
      // keep-alive timer): both are let go when the case ends.
      abandoned.push(world.mirror);
      killedLives.push(lives.get(world.engine)!);
      if (killedCall) killedCalls.push(killedCall.catch(() => undefined));
      // A dead process's apply lock (an fcntl lock on locks/<connection>.lock) is dropped by the kernel; the
      // abandoned engine lives on in this process, so its lock files go instead (a new file is a free lock).
      fs.rmSync(path.join(dataDir, 'locks'), { recursive: true, force: true });
      world.mirror = Mirror.open(path.join(dataDir, 'mirror.db'));
      world.engine = makeEngine(world.mirror);
    },
    otherProcess() {
      const other = Mirror.open(path.join(dataDir, 'mirror.db'));
      abandoned.push(other);
      return { engine: makeEngine(other), mirror: other };
    },
    freshMirror() {
      abandoned.push(world.mirror);
      newDataDir();
      world.mirror = Mirror.open(path.join(dataDir, 'mirror.db'));
      world.engine = makeEngine(world.mirror);
    },
    clearFaults() {
      world.writeFault = null;
      world.writesSeen = 0;
      resetKilled();
      plecto.clearFailures();
      plecto.beforeAnswer = null;
      intercom.clearFailures();
      enreach.clearFailures();
      enreach.beforePage = null;
      salesforce.clearFailures();
    },
    async close() {
      // Killed engines unwind now (their requests fail at once), releasing their locks and timers; then
      // every handle is closed, so a long fuzz run does not keep thousands of them.
      for (const life of killedLives) {
        life.dead = true;
        for (const reject of life.hung.splice(0)) reject(gone());
      }
      await Promise.race([Promise.all(killedCalls), new Promise((resolve) => setTimeout(resolve, 2000))]);
      for (const m of [...abandoned, world.mirror]) if (m.isOpen) m.close();
      await Promise.all([plecto.close(), intercom.close(), enreach.close(), salesforce.close()]);
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
  resetKilled();
  return world;
}
