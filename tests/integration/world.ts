// A fresh world per test, of any mix of connections: fake Plecto plus one
// fake source per connection (Salesforce, Intercom, Enreach) on 127.0.0.1, a
// real SQLite mirror in a temp folder, and the real engine and CLI on top.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../../main/common/logger';
import { runCli } from '../../main/cli/run-cli';
import type { ConnectionConfig, PlectoConfig } from '../../main/config/profile';
import {
  DEFAULT_PROVIDER_LABEL,
  DEFAULT_SAFEGUARDS,
  DEFAULT_SETTINGS,
  type ConnectorType,
  type SafeguardSettings,
  type SyncSettings,
} from '../../main/domain/model';
import type { RunRecord } from '../../main/domain/run';
import { createSyncEngine } from '../../main/engine/sync-engine';
import { MemorySecretStore } from '../../main/secrets/secret-store';
import { Mirror } from '../../main/store/mirror';
import { startFakeEnreach, type FakeEnreach } from '../fakes/enreach-server';
import { startFakeIntercom, type FakeIntercom } from '../fakes/intercom-server';
import { startFakePlecto, type FakePlecto, type FakePlectoOptions } from '../fakes/plecto-server';
import { startFakeSalesforce, type FakeSalesforce } from '../fakes/salesforce-server';
import type { Clock } from '../../main/common/clock';

/** Real time, but waits (Retry-After, backoff) shortened 100-fold so retries stay fast. */
export const fastClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms / 100, 50))),
};

interface CommonSpec {
  /** Default: the type ("salesforce"), then "salesforce2", ... for more of the same type. */
  id?: string;
  providerLabel?: string;
  settings?: Partial<SyncSettings>;
  safeguards?: Partial<SafeguardSettings>;
}

export type ConnectionSpec =
  | (CommonSpec & { type: 'intercom' })
  | (CommonSpec & {
      type: 'salesforce';
      /** Records per query batch (default 2,000, Salesforce's maximum). */
      batchSize?: number;
      /** Headless sign-in of cli.md: refresh token (default) or client credentials. */
      grant?: 'refresh_token' | 'client_credentials';
    })
  | (CommonSpec & { type: 'enreach'; caseStyle?: 'pascal' | 'camel' });

type AnyFake = FakeIntercom | FakeSalesforce | FakeEnreach;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** One connection's object of `plan --json` / `apply --json` (contracts/cli.md). */
export interface CliConnectionJson {
  connection: string;
  status: 'planned' | 'applied' | 'held' | 'failed';
  holdReason: string | null;
  summary: Record<string, number>;
  changes: { kind: string; rule: string; employee?: { name: string }; team?: { name: string } }[];
  skipped: { reason: string }[];
  failed: { description: string; error: string }[];
  notes?: string[];
  error?: string;
}

export interface MixedWorld {
  dir: string;
  plecto: FakePlecto;
  mirror: Mirror;
  env: Record<string, string>;
  plectoConfig: PlectoConfig;
  /** In profile order; tests may change settings before the next run. */
  connections: ConnectionConfig[];
  engine: ReturnType<typeof createSyncEngine>;
  /** The profile file (contracts/cli.md) for this world; `cli` rewrites it before each call. */
  profileFile: string;
  writeProfile(): void;
  /** The fake source behind each connection id. */
  fakes: Map<string, AnyFake>;
  salesforce(id?: string): FakeSalesforce;
  intercom(id?: string): FakeIntercom;
  enreach(id?: string): FakeEnreach;
  /** Called with every URL the engine or the CLI fetches, before it is sent (e.g. to expire a session mid-read). */
  beforeFetch: ((url: string) => void) | null;
  /** Plan and apply one connection through the engine. */
  sync(id: string, force?: boolean): Promise<RunRecord>;
  /** The command line on this world's profile and data dir. */
  cli(...args: string[]): Promise<CliResult>;
  /** `apply --json` (or another command with --json) parsed. */
  cliJson(...args: string[]): Promise<{ code: number; results: CliConnectionJson[]; stderr: string }>;
  close(): Promise<void>;
}

export async function startMixedWorld(specs: ConnectionSpec[], options: { plecto?: FakePlectoOptions } = {}): Promise<MixedWorld> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dirsync-mixed-'));
  const plecto = await startFakePlecto(options.plecto);
  const env: Record<string, string> = { PLECTO_PASSWORD: plecto.password };
  const fakes = new Map<string, AnyFake>();
  const connections: ConnectionConfig[] = [];
  const seen = new Map<ConnectorType, number>();

  for (const spec of specs) {
    const n = (seen.get(spec.type) ?? 0) + 1;
    seen.set(spec.type, n);
    const id = spec.id ?? (n === 1 ? spec.type : `${spec.type}${n}`);
    const envName = (field: string) => `${id.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_${field}`;
    const base = {
      id,
      providerLabel: spec.providerLabel ?? (n === 1 ? DEFAULT_PROVIDER_LABEL[spec.type] : `${DEFAULT_PROVIDER_LABEL[spec.type]} ${n}`),
      settings: { ...DEFAULT_SETTINGS, ...spec.settings },
      safeguards: { ...DEFAULT_SAFEGUARDS, ...spec.safeguards },
    };
    if (spec.type === 'intercom') {
      const token = `token-${id}-${Math.random().toString(36).slice(2)}`;
      const fake = await startFakeIntercom({ token });
      fakes.set(id, fake);
      env[envName('TOKEN')] = token;
      connections.push({ ...base, type: 'intercom', baseUrl: fake.baseUrl, credentials: { accessToken: { env: envName('TOKEN') } } });
    } else if (spec.type === 'salesforce') {
      const fake = await startFakeSalesforce({ batchSize: spec.batchSize });
      fakes.set(id, fake);
      env[envName('CLIENT_SECRET')] = fake.clientSecret;
      const credentials: ConnectionConfig['credentials'] = {
        clientId: fake.clientId,
        clientSecret: { env: envName('CLIENT_SECRET') },
      };
      if ((spec.grant ?? 'refresh_token') === 'refresh_token') {
        env[envName('REFRESH_TOKEN')] = fake.refreshToken;
        credentials.refreshToken = { env: envName('REFRESH_TOKEN') };
      }
      connections.push({ ...base, type: 'salesforce', loginUrl: fake.loginUrl, credentials });
    } else {
      const fake = await startFakeEnreach({ caseStyle: spec.caseStyle });
      fakes.set(id, fake);
      env[envName('SECRET_KEY')] = fake.secretKey;
      connections.push({
        ...base,
        type: 'enreach',
        baseUrl: fake.baseUrl,
        credentials: { username: fake.username, secretKey: { env: envName('SECRET_KEY') } },
      });
    }
  }

  const plectoConfig: PlectoConfig = {
    baseUrl: plecto.baseUrl,
    email: plecto.email,
    password: { env: 'PLECTO_PASSWORD' },
    // Far above any quota: tests measure behaviour, not pacing (pacing has its own unit test).
    requestsPerHour: 100_000_000,
  };
  const mirror = Mirror.open(path.join(dir, 'mirror.db'));
  const profileFile = path.join(dir, 'profile.json');

  const fakeOf = <T extends AnyFake>(id: string, type: ConnectorType): T => {
    const config = connections.find((c) => c.id === id);
    if (!config || config.type !== type) throw new Error(`the world has no ${type} connection "${id}"`);
    return fakes.get(id) as T;
  };

  const fetchWithHook: typeof fetch = (input, init) => {
    world.beforeFetch?.(String(input));
    return fetch(input, init);
  };

  const world: MixedWorld = {
    dir,
    plecto,
    mirror,
    env,
    plectoConfig,
    connections,
    profileFile,
    fakes,
    beforeFetch: null,
    engine: createSyncEngine({
      mirror,
      secrets: new MemorySecretStore(),
      env,
      fetch: (input, init) => fetchWithHook(input, init),
      clock: fastClock,
      logger: silentLogger,
      plecto: () => plectoConfig,
      connection: (id) => connections.find((c) => c.id === id) ?? null,
    }),
    salesforce: (id = 'salesforce') => fakeOf<FakeSalesforce>(id, 'salesforce'),
    intercom: (id = 'intercom') => fakeOf<FakeIntercom>(id, 'intercom'),
    enreach: (id = 'enreach') => fakeOf<FakeEnreach>(id, 'enreach'),
    sync: (id, force = false) => world.engine.sync(id, 'manual', { force }),
    writeProfile() {
      fs.writeFileSync(profileFile, JSON.stringify({ plecto: plectoConfig, connections }, null, 2));
    },
    async cli(...args) {
      // The CLI opens the data dir's mirror itself: same file as world.mirror (contracts/cli.md).
      world.writeProfile();
      let stdout = '';
      let stderr = '';
      const code = await runCli([...args, '--profile', profileFile, '--data-dir', dir], {
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
        env,
        fetch: (input, init) => fetchWithHook(input, init),
        clock: fastClock,
        secrets: new MemorySecretStore(),
      });
      return { code, stdout, stderr };
    },
    async cliJson(...args) {
      const { code, stdout, stderr } = await world.cli(...args, '--json');
      let results: CliConnectionJson[];
      try {
        results = JSON.parse(stdout) as CliConnectionJson[];
      } catch {
        throw new Error(`CLI (exit ${code}) printed no JSON. stderr:\n${stderr}`);
      }
      return { code, results, stderr };
    },
    async close() {
      mirror.close();
      await Promise.all([plecto.close(), ...[...fakes.values()].map((f) => f.close())]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return world;
}

/** The Plecto member carrying `provider` + `providerId`, if any. */
export function memberByProvider(plecto: FakePlecto, provider: string, providerId: string) {
  return [...plecto.members.values()].find((m) => m.api_providers.some((p) => p.provider === provider && p.provider_id === providerId));
}

export function memberNamed(plecto: FakePlecto, name: string) {
  const found = [...plecto.members.values()].filter((m) => m.name === name);
  if (found.length !== 1) throw new Error(`expected one Plecto member named "${name}", found ${found.length}`);
  return found[0];
}

export function teamNamed(plecto: FakePlecto, name: string) {
  const found = [...plecto.teams.values()].filter((t) => t.name === name);
  if (found.length !== 1) throw new Error(`expected one Plecto team named "${name}", found ${found.length}`);
  return found[0];
}
