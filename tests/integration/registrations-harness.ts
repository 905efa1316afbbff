// A world for the registrations tests: fake Plecto plus one fake source (with
// the registration routes of tests/fakes/registration-routes.ts), a real
// SQLite mirror in a temp folder, and the real CLI (runCli) on top of it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../main/cli/run-cli';
import type { Clock } from '../../main/common/clock';
import type { RegistrationSettings } from '../../main/config/profile';
import { DEFAULT_SETTINGS, type SyncSettings } from '../../main/domain/model';
import type { FetchFn } from '../../main/http/http';
import { MemorySecretStore } from '../../main/secrets/secret-store';
import { Mirror, type ImportState } from '../../main/store/mirror';
import { startFakeEnreach, type FakeEnreach } from '../fakes/enreach-server';
import { startFakeIntercom, type FakeIntercom } from '../fakes/intercom-server';
import { startFakePlecto, type FakePlecto } from '../fakes/plecto-server';
import { startFakeSalesforce, type FakeSalesforce } from '../fakes/salesforce-server';

/** Virtual time: starts at `start`, and every sleep (backoff, Retry-After, pacing) just moves it on. */
export class VirtualClock implements Clock {
  constructor(private at: number) {}
  now = () => this.at;
  sleep = async (ms: number) => {
    this.at += Math.max(0, ms);
  };
  advance(ms: number) {
    this.at += ms;
  }
}

type Source =
  | { type: 'intercom'; fake: FakeIntercom }
  | { type: 'salesforce'; fake: FakeSalesforce }
  | { type: 'enreach'; fake: FakeEnreach };

export interface RegWorld<S extends Source['type']> {
  dir: string;
  plecto: FakePlecto;
  source: Extract<Source, { type: S }>['fake'];
  clock: VirtualClock;
  connection: Record<string, unknown> & { settings: SyncSettings; registrations: RegistrationSettings };
  /** Called before every request the CLI sends (fault injection). */
  beforeFetch: ((url: string, init?: RequestInit) => void) | null;
  cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  /** `apply --json` for the one connection, parsed. */
  apply(): Promise<{ code: number; result: Record<string, any> }>;
  /** Bodies of successful registration POSTs since the given log index. */
  registrationPosts(fromLogIndex?: number): Record<string, unknown>[][];
  openMirror(): Mirror;
  /** The connection's import state in the mirror (cursor, data source uuid). */
  importState(): ImportState;
  close(): Promise<void>;
}

export const START = Date.parse('2026-03-01T12:00:00Z');

export async function startRegWorld<S extends Source['type']>(
  type: S,
  options: {
    settings?: Partial<SyncSettings>;
    registrations?: Partial<RegistrationSettings>;
    requestsPerHour?: number;
    /** Real time instead of the virtual clock (benchmarks). */
    clock?: Clock;
  } = {},
): Promise<RegWorld<S>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dirsync-reg-'));
  const plecto = await startFakePlecto();
  const env: Record<string, string> = { PLECTO_PASSWORD: plecto.password };
  let source: Source;
  let connection: Record<string, unknown>;
  if (type === 'intercom') {
    const fake = await startFakeIntercom({ token: 'reg-intercom-token' });
    source = { type, fake };
    env.INTERCOM_TOKEN = fake.token;
    connection = { id: 'intercom', type, baseUrl: fake.baseUrl, credentials: { accessToken: { env: 'INTERCOM_TOKEN' } } };
  } else if (type === 'salesforce') {
    const fake = await startFakeSalesforce();
    source = { type, fake };
    env.SF_REFRESH_TOKEN = fake.refreshToken;
    connection = {
      id: 'salesforce',
      type,
      loginUrl: fake.loginUrl,
      credentials: { clientId: fake.clientId, refreshToken: { env: 'SF_REFRESH_TOKEN' } },
    };
  } else {
    const fake = await startFakeEnreach();
    source = { type, fake } as Source;
    env.ENREACH_SECRET_KEY = fake.secretKey;
    connection = {
      id: 'enreach',
      type,
      baseUrl: fake.baseUrl,
      credentials: { username: fake.username, secretKey: { env: 'ENREACH_SECRET_KEY' } },
    };
  }
  const full = {
    ...connection,
    settings: { ...DEFAULT_SETTINGS, ...options.settings },
    registrations: { enabled: true, dataSource: `${type} records`, since: '2026-01-01T00:00:00Z', ...options.registrations },
  };
  const clock = new VirtualClock(START);
  const profileFile = path.join(dir, 'profile.json');
  const world: RegWorld<S> = {
    dir,
    plecto,
    source: source.fake as RegWorld<S>['source'],
    clock,
    connection: full,
    beforeFetch: null,
    async cli(...args) {
      const profile = {
        plecto: { baseUrl: plecto.baseUrl, email: plecto.email, password: { env: 'PLECTO_PASSWORD' }, requestsPerHour: options.requestsPerHour ?? 3_600_000 },
        connections: [world.connection],
      };
      fs.writeFileSync(profileFile, JSON.stringify(profile, null, 2));
      const fetchFn: FetchFn = (url, init) => {
        world.beforeFetch?.(url, init);
        return fetch(url, init);
      };
      let stdout = '';
      let stderr = '';
      const code = await runCli([...args, '--profile', profileFile, '--data-dir', dir], {
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
        env,
        fetch: fetchFn,
        clock: options.clock ?? clock,
        secrets: new MemorySecretStore(),
      });
      return { code, stdout, stderr };
    },
    async apply() {
      const { code, stdout, stderr } = await world.cli('apply', '--json');
      if (!stdout.trim()) throw new Error(`apply printed nothing (exit ${code}): ${stderr}`);
      return { code, result: JSON.parse(stdout)[0] };
    },
    registrationPosts(fromLogIndex = 0) {
      return plecto.log
        .slice(fromLogIndex)
        .filter((e) => e.method === 'POST' && e.path.endsWith('/registrations/') && e.status === 201)
        .map((e) => e.body as Record<string, unknown>[]);
    },
    openMirror: () => Mirror.open(path.join(dir, 'mirror.db')),
    importState() {
      const mirror = world.openMirror();
      try {
        return mirror.getImportState(String(world.connection.id));
      } finally {
        mirror.close();
      }
    },
    async close() {
      await Promise.all([plecto.close(), source.fake.close()]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return world;
}

/** External ids stored in the fake Plecto's only data source (and how many data sources exist). */
export function storedExternalIds(plecto: FakePlecto): string[] {
  return [...plecto.registrations.values()].flatMap((bySource) => [...bySource.keys()]).sort();
}
