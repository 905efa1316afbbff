// A fresh world per test: fake Plecto and fake Intercom on 127.0.0.1, a real
// SQLite mirror in a temp folder, and the real engine or CLI on top.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Clock } from '../../main/common/clock';
import { silentLogger } from '../../main/common/logger';
import type { ConnectionConfig, PlectoConfig } from '../../main/config/profile';
import { runCli } from '../../main/cli/run-cli';
import { DEFAULT_SAFEGUARDS, DEFAULT_SETTINGS, type SyncSettings } from '../../main/engine/model';
import { createSyncEngine } from '../../main/engine/sync-engine';
import { MemorySecretStore } from '../../main/secrets/secret-store';
import { Mirror } from '../../main/store/mirror';
import { startFakeIntercom, type FakeIntercom } from '../fakes/intercom-server';
import { startFakePlecto, type FakePlecto } from '../fakes/plecto-server';

/** Real time, but waits (Retry-After, backoff) shortened 100-fold so retries stay fast. */
export const fastClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms / 100, 50))),
};

export interface World {
  dir: string;
  plecto: FakePlecto;
  intercoms: FakeIntercom[];
  mirror: Mirror;
  env: Record<string, string>;
  plectoConfig: PlectoConfig;
  connections: ConnectionConfig[];
  engine: ReturnType<typeof createSyncEngine>;
  /** The profile file (contracts/cli.md) for the same world. */
  profileFile: string;
  writeProfile(): void;
  cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  close(): Promise<void>;
}

export async function startWorld(
  options: { intercoms?: number; settings?: Partial<SyncSettings>[]; maxDeactivations?: number } = {},
): Promise<World> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dirsync-test-'));
  const plecto = await startFakePlecto();
  const intercoms: FakeIntercom[] = [];
  const env: Record<string, string> = { PLECTO_PASSWORD: plecto.password };
  const connections: ConnectionConfig[] = [];
  for (let i = 0; i < (options.intercoms ?? 1); i++) {
    const token = `token-${i}-${Math.random().toString(36).slice(2)}`;
    const intercom = await startFakeIntercom({ token });
    intercoms.push(intercom);
    env[`INTERCOM_TOKEN_${i}`] = token;
    connections.push({
      id: i === 0 ? 'intercom' : `intercom${i + 1}`,
      type: 'intercom',
      providerLabel: i === 0 ? 'Intercom' : `Intercom ${i + 1}`,
      baseUrl: intercom.baseUrl,
      credentials: { accessToken: { env: `INTERCOM_TOKEN_${i}` } },
      settings: { ...DEFAULT_SETTINGS, ...(options.settings?.[i] ?? {}) },
      safeguards: { ...DEFAULT_SAFEGUARDS, ...(options.maxDeactivations !== undefined ? { maxDeactivations: options.maxDeactivations } : {}) },
    });
  }
  const plectoConfig: PlectoConfig = {
    baseUrl: plecto.baseUrl,
    email: plecto.email,
    password: { env: 'PLECTO_PASSWORD' },
    // Far above any quota: tests measure behaviour, not pacing (pacing has its own unit test).
    requestsPerHour: 100_000_000,
  };
  const mirror = Mirror.open(path.join(dir, 'mirror.db'));
  const engine = createSyncEngine({
    mirror,
    secrets: new MemorySecretStore(),
    env,
    fetch: (input, init) => fetch(input, init),
    clock: fastClock,
    logger: silentLogger,
    plecto: () => plectoConfig,
    connection: (id) => connections.find((c) => c.id === id) ?? null,
  });
  const profileFile = path.join(dir, 'profile.json');
  const world: World = {
    dir,
    plecto,
    intercoms,
    mirror,
    env,
    plectoConfig,
    connections,
    engine,
    profileFile,
    writeProfile() {
      fs.writeFileSync(profileFile, JSON.stringify({ plecto: plectoConfig, connections }, null, 2));
    },
    async cli(...args) {
      world.writeProfile();
      let stdout = '';
      let stderr = '';
      const code = await runCli([...args, '--profile', profileFile, '--data-dir', dir], {
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
        env,
        clock: fastClock,
        secrets: new MemorySecretStore(),
      });
      return { code, stdout, stderr };
    },
    async close() {
      mirror.close();
      await Promise.all([plecto.close(), ...intercoms.map((i) => i.close())]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return world;
}

/** A small company in an Intercom fake: teams Support (1) and Sales (2), four admins. */
export function seedSmallCompany(intercom: FakeIntercom) {
  const support = intercom.addTeam({ id: '1', name: 'Support' });
  const sales = intercom.addTeam({ id: '2', name: 'Sales' });
  const ann = intercom.addAdmin({ id: '101', name: 'Ann Lee', email: 'ann@acme.com', job_title: 'Agent' });
  const bob = intercom.addAdmin({ id: '102', name: 'Bob Ray', email: 'bob@acme.com', job_title: 'Agent' });
  const cat = intercom.addAdmin({ id: '103', name: 'Cat Poe', email: 'cat@acme.com', job_title: 'Seller' });
  const dan = intercom.addAdmin({ id: '104', name: 'Dan Orr', email: 'dan@acme.com', job_title: null });
  intercom.join(ann.id, support.id);
  intercom.join(bob.id, support.id);
  intercom.join(cat.id, sales.id);
  intercom.join(dan.id, sales.id);
  intercom.join(dan.id, support.id);
  return { support, sales, ann, bob, cat, dan };
}

/** Plecto state as comparable data: team names, and per member name → sorted team names + active flag. */
export function plectoState(plecto: FakePlecto) {
  const teamName = new Map([...plecto.teams.values()].map((t) => [t.uuid, t.name]));
  const members = Object.fromEntries(
    [...plecto.members.values()]
      .map((m) => [m.name, { active: m.is_active, teams: m.teams.map((t) => teamName.get(t)).sort() }] as const)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
  return { teams: [...teamName.values()].sort(), members };
}

export function writesTo(plecto: FakePlecto, pathPart: string, method = 'POST') {
  return plecto.log.filter((e) => e.method === method && e.path.includes(pathPart) && e.status < 300).length;
}
