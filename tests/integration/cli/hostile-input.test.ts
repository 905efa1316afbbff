// Issue 9 end to end, through the real command line (`node --import tsx
// main/cli.ts`, what `npm run cli` runs) as an attacker and a careless admin
// would use it: echoing servers, misspelt keys, hostile URLs, unusable data
// folders, a killed apply re-run at once, two applies started together, and a
// long Retry-After outliving the lease. Each case checks the exit code
// (contracts/cli.md), the message, and what reached Plecto.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../main/cli/run-cli';
import { LEASE_MS } from '../../../main/engine/apply-lease';
import { MemorySecretStore } from '../../../main/secrets/secret-store';
import { startJsonServer, type JsonServer } from '../../fakes/http-server';
import { seedSmallCompany, startWorld, writesTo, type World } from '../harness';

const ROOT = path.resolve(__dirname, '../../..');
const CLI = ['--import', 'tsx', path.join(ROOT, 'main/cli.ts')];

let world: World;
let echo: JsonServer | null = null;
const cleanups: (() => void)[] = [];

/**
 * Lets another user reach `dir` (search permission on it and every folder above it), as a
 * checkout in a private temp folder would not; put back as it was after the test.
 */
function letOthersReach(dir: string): void {
  const changed: [string, number][] = [];
  for (let at = dir; ; at = path.dirname(at)) {
    const mode = fs.statSync(at).mode & 0o777;
    if ((mode & 0o005) !== 0o005) {
      fs.chmodSync(at, mode | 0o005);
      changed.push([at, mode]);
    }
    if (path.dirname(at) === at) break;
  }
  cleanups.push(() => {
    for (const [at, mode] of changed) fs.chmodSync(at, mode);
  });
}
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  await echo?.close();
  echo = null;
  await world?.close();
});

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The real CLI in its own process; asynchronous, so this process's fake servers keep answering. */
function cli(args: string[], options: { dataDir?: string; uid?: number; profileFile?: string } = {}): Promise<Result> {
  world.writeProfile();
  const full = [...CLI, ...args, '--profile', options.profileFile ?? world.profileFile, '--data-dir', options.dataDir ?? world.dir];
  // As another user (the tests run as root, for whom no folder is unwritable): setpriv drops to it.
  const [command, argv] = options.uid !== undefined
    ? ['setpriv', [`--reuid=${options.uid}`, `--regid=${options.uid}`, '--clear-groups', process.execPath, ...full]]
    : [process.execPath, full];
  return new Promise((resolve) => {
    const child = spawn(command, argv as string[], { cwd: ROOT, env: { ...process.env, ...world.env, TSX_DISABLE_CACHE: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Every file of the data folder as text: the mirror and its WAL must hold no secret. */
function dataFolderText(dir: string): string {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => path.join(dir, f))
    .filter((f) => fs.statSync(f).isFile())
    .map((f) => fs.readFileSync(f).toString('latin1'))
    .join('\n');
}

const teamNames = () => [...world.plecto.teams.values()].map((t) => t.name).sort();

describe('hostile input through the real command line (issue 9)', () => {
  it('a Plecto and a source that echo the Authorization header: exit 5, and no secret on stdout, stderr or in the mirror', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercoms[0]);
    echo = await startJsonServer((request) => ({
      status: 401,
      body: { detail: `Invalid credentials: ${request.headers.authorization}`, message: String(request.headers.authorization) },
    }));
    const secrets = [world.plecto.password, Buffer.from(`${world.plecto.email}:${world.plecto.password}`).toString('base64'), world.env.INTERCOM_TOKEN];

    world.plectoConfig.baseUrl = `${echo.origin}/api/v2/`;
    const plecto = await cli(['apply', '--json']);
    expect(plecto.code).toBe(5);
    expect(JSON.parse(plecto.stdout)[0]).toMatchObject({ status: 'failed', error: expect.stringContaining('Plecto rejected the credentials of') });

    world.plectoConfig.baseUrl = world.plecto.baseUrl;
    world.connections[0].baseUrl = echo.origin;
    const source = await cli(['apply']);
    expect(source.code).toBe(5);
    expect(source.stdout).toMatch(/Intercom rejected the access token at http:\/\/127\.0\.0\.1:\d+/);

    const history = await cli(['history', '--json']);
    const everything = [plecto.stdout, plecto.stderr, source.stdout, source.stderr, history.stdout, dataFolderText(world.dir)].join('\n');
    for (const secret of secrets) expect(everything).not.toContain(secret);
    expect(world.plecto.writes()).toBe(0);
  });

  it('R8 a misspelt key ("onlySelectedTeam") is exit 2 naming it and the nearest known key; nothing is read or written', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercoms[0]);
    (world.connections[0].settings as unknown as Record<string, unknown>).onlySelectedTeam = true;
    const result = await cli(['apply']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('connections[0].settings.onlySelectedTeam is not a known field; did you mean "onlySelectedTeams"?');
    expect(world.plecto.log).toHaveLength(0);
    expect(world.intercoms[0].log).toHaveLength(0);
  });

  it('hostile URLs and sizes: plain http to another host, a password in a URL, a 5 MB label — exit 2, nothing sent, no mirror bloat', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercoms[0]);
    world.plectoConfig.baseUrl = 'http://plecto.example.com/api/v2/';
    const plain = await cli(['plan']);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toContain('plecto.baseUrl must use https://');

    world.plectoConfig.baseUrl = world.plecto.baseUrl;
    world.connections[0].baseUrl = world.intercoms[0].baseUrl.replace('http://', 'http://admin:hunter2hunter2@');
    const userInfo = await cli(['plan']);
    expect(userInfo.code).toBe(2);
    expect(userInfo.stderr).toContain('must not contain a user name or password');
    expect(userInfo.stderr).not.toContain('hunter2hunter2');

    world.connections[0].baseUrl = world.intercoms[0].baseUrl;
    world.connections[0].providerLabel = 'x'.repeat(5 * 1024 * 1024);
    const huge = await cli(['plan']);
    expect(huge.code).toBe(2);
    expect(huge.stderr).toMatch(/providerLabel is 5242880 characters long; at most 100/);
    expect(huge.stderr.length).toBeLessThan(5000);
    expect(world.plecto.log).toHaveLength(0);
    expect(world.intercoms[0].log).toHaveLength(0);
    expect(fs.statSync(path.join(world.dir, 'mirror.db')).size).toBeLessThan(1024 * 1024);
  });

  it('data folders: "" is a usage error; an unwritable folder says so (not "corrupt"); a damaged mirror is exit 2; a new folder is 0700 and its files 0600', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercoms[0]);
    const empty = await cli(['plan'], { dataDir: '' });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('--data-dir needs a folder');

    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'dirsync-hostile-'));
    cleanups.push(() => fs.rmSync(base, { recursive: true, force: true }));
    fs.chmodSync(base, 0o755);
    const locked = path.join(base, 'locked');
    fs.mkdirSync(locked, { mode: 0o555 });
    fs.chmodSync(locked, 0o555);
    const asRoot = process.getuid?.() === 0;
    if (asRoot) letOthersReach(ROOT); // the other user runs this checkout's command line
    world.writeProfile();
    const readable = path.join(base, 'profile.json'); // the other user must be able to read the profile
    fs.copyFileSync(world.profileFile, readable);
    fs.chmodSync(readable, 0o644);
    const unwritable = await cli(['plan'], { dataDir: locked, uid: asRoot ? 65534 : undefined, profileFile: readable });
    expect(unwritable.code).toBe(2);
    expect(unwritable.stderr).toContain(`The data folder ${locked} cannot be written by this user (permission denied)`);
    expect(unwritable.stderr).not.toMatch(/not a SQLite database|Move the file aside/);

    const damaged = path.join(base, 'damaged');
    fs.mkdirSync(damaged);
    fs.writeFileSync(path.join(damaged, 'mirror.db'), 'this is not a database, just text long enough to have a header'.repeat(20));
    const corrupt = await cli(['plan'], { dataDir: damaged });
    expect(corrupt.code).toBe(2);
    expect(corrupt.stderr).toMatch(/mirror database .*mirror\.db is not a SQLite database .*Move the file aside/);

    const fresh = path.join(base, 'fresh', 'data');
    const planned = await cli(['plan'], { dataDir: fresh });
    expect(planned.code).toBe(0);
    expect(fs.statSync(fresh).mode & 0o777).toBe(0o700);
    for (const file of fs.readdirSync(fresh).filter((f) => f.startsWith('mirror.db'))) {
      expect(fs.statSync(path.join(fresh, file)).mode & 0o777, file).toBe(0o600);
    }
    expect(world.plecto.writes()).toBe(0);
  });

  it('R12 an apply killed mid-write (left a zombie whose pid still answers) is re-run at once and finishes without twins', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercoms[0]);
    world.writeProfile();
    // The second team create waits 60 s on a Retry-After: the apply is killed during that wait.
    world.plecto.failNext(1, 429, { retryAfter: 60, path: /\/teams\/$/, method: 'POST' });
    const log = path.join(world.dir, 'killed.log');
    const args = ['apply', '--profile', world.profileFile, '--data-dir', world.dir].map((a) => `'${a}'`).join(' ');
    // `exec sleep` makes the shell a parent that never reaps: the killed CLI stays a zombie.
    const parent = spawn('sh', ['-c', `'${process.execPath}' ${CLI.join(' ')} ${args} >'${log}' 2>&1 & echo $!; exec sleep 120`], {
      cwd: ROOT,
      env: { ...process.env, ...world.env },
    });
    cleanups.push(() => parent.kill('SIGKILL'));
    const pid = await new Promise<number>((resolve) => parent.stdout.once('data', (d) => resolve(Number(String(d).trim()))));
    await until(() => world.plecto.log.some((e) => e.status === 429), 'the apply to wait on Retry-After');
    expect(world.plecto.teams.size).toBe(0);
    process.kill(pid, 'SIGKILL');
    await until(() => fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z'), 'the killed CLI to be a zombie');
    expect(() => process.kill(pid, 0)).not.toThrow(); // its pid still answers

    const rerun = await cli(['apply', '--json']);
    expect(rerun.stderr).not.toContain('Internal error');
    expect(rerun.code).toBe(0);
    expect(JSON.parse(rerun.stdout)[0].status).toBe('applied');
    expect(teamNames()).toEqual(['Sales', 'Support']);
    expect(world.plecto.members.size).toBe(4);
  });

  it('two applies started together on a new data folder: one applies, the other is "busy" (exit 6) naming the holder; never SQLITE_BUSY', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercoms[0]);
    world.plecto.delay(300); // the apply takes seconds: both processes meet however the two start-ups vary
    const dataDir = path.join(world.dir, 'shared');
    const [a, b] = await Promise.all([cli(['apply', '--json'], { dataDir }), cli(['apply', '--json'], { dataDir })]);
    const results = [a, b].sort((x, y) => (x.code ?? 99) - (y.code ?? 99));
    expect(results.map((r) => r.code)).toEqual([0, 6]);
    expect(JSON.parse(results[0].stdout)[0].status).toBe('applied');
    const busy = JSON.parse(results[1].stdout)[0];
    expect(busy.status).toBe('busy');
    expect(busy.error).toMatch(/Another Plecto Directory Sync \(.+ pid \d+\) is applying connection "intercom"; nothing was done/);
    for (const r of results) expect(r.stderr).not.toMatch(/SQLITE_BUSY|database is locked|Internal error/);
    expect(teamNames()).toEqual(['Sales', 'Support']);
    expect(world.plecto.members.size).toBe(4);
  });

  it('R12 a Retry-After that outlives the lease: a second apply (its clock past the lease time) is refused (exit 6); no twin teams', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercoms[0]);
    world.plecto.failNext(1, 429, { retryAfter: 3, path: /\/teams\/$/, method: 'POST' });
    const holder = cli(['apply', '--json']);
    await until(() => world.plecto.log.some((e) => e.status === 429), 'the holder to wait on Retry-After');
    // The second process sees the world as it is twice the lease time later: a time-based lease would have expired.
    let stdout = '';
    const code = await runCli(['apply', '--json', '--profile', world.profileFile, '--data-dir', world.dir], {
      stdout: (t) => (stdout += t),
      stderr: () => {},
      env: world.env,
      clock: { now: () => Date.now() + 2 * LEASE_MS, sleep: async () => {} },
      secrets: new MemorySecretStore(),
    });
    expect(code).toBe(6);
    expect(JSON.parse(stdout)[0]).toMatchObject({ status: 'busy', error: expect.stringMatching(/pid \d+\) is applying connection "intercom"/) });
    const first = await holder;
    expect(first.code).toBe(0);
    expect(teamNames()).toEqual(['Sales', 'Support']);
    expect(writesTo(world.plecto, '/teams/')).toBe(2);
  });
});
