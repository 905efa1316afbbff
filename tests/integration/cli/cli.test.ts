// The command line as contracts/cli.md fixes it: commands, options, exit
// codes, JSON. Most cases run runCli in-process; one runs the real
// `npm run --silent cli` to prove the documented invocation.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CHANGE_KINDS } from '../../../main/domain/model';
import { seedSmallCompany, startWorld, type World } from '../harness';

let world: World;
afterEach(async () => world?.close());

const ROOT = path.resolve(__dirname, '../../..');

describe('command line', () => {
  it('exit 0: plan prints the plan as JSON and changes nothing; apply applies it', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercoms[0]);
    const plan = await world.cli('plan', '--json');
    expect(plan.code).toBe(0);
    const [result] = JSON.parse(plan.stdout);
    expect(result).toMatchObject({ connection: 'intercom', status: 'planned', holdReason: null, failed: [] });
    expect(Object.keys(result.summary)).toEqual([...CHANGE_KINDS]);
    expect(result.summary).toMatchObject({ create_team: 2, create_employee: 4, add_membership: 5, deactivate_employee: 0 });
    expect(result.changes[0]).toMatchObject({ kind: 'create_team', rule: 'R1', team: { sourceId: '1', name: 'Support' } });
    const membership = result.changes.find((c: { kind: string }) => c.kind === 'add_membership');
    expect(membership).toMatchObject({
      rule: 'R4',
      employee: { sourceId: '101', name: 'Ann Lee', email: 'ann@acme.com', plectoUuid: null },
      team: { sourceId: '1', name: 'Support' },
    });
    expect(plan.stderr).toContain('intercom: planned');
    expect(world.plecto.writes()).toBe(0);

    const apply = await world.cli('apply', '--json');
    expect(apply.code).toBe(0);
    const [applied] = JSON.parse(apply.stdout);
    expect(applied.status).toBe('applied');
    expect(applied.registrations).toEqual({ imported: 0, skippedOutOfScope: 0, failed: 0 });
    expect(world.plecto.members.size).toBe(4);

    const history = await world.cli('history', '--json');
    expect(history.code).toBe(0);
    const runs = JSON.parse(history.stdout);
    expect(runs.map((r: { status: string }) => r.status)).toEqual(['applied', 'planned']);
  });

  it('exit 2: usage and profile errors are decided before anything runs', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercoms[0]);
    expect((await world.cli('frobnicate')).code).toBe(2);
    expect((await world.cli('plan', '--bogus')).code).toBe(2);
    expect((await world.cli('plan', '--force')).code).toBe(2);
    const unknown = await world.cli('plan', '--connection', 'nope');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no connection "nope"');

    delete world.env.INTERCOM_TOKEN;
    const missing = await world.cli('apply');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('INTERCOM_TOKEN');
    expect(world.plecto.log).toHaveLength(0);
    expect(world.intercoms[0].log).toHaveLength(0);
  });

  it('exit 2: a profile with a plain secret or a bad field names the file and the field', async () => {
    world = await startWorld();
    const file = path.join(world.dir, 'bad.json');
    const profile = {
      plecto: { email: 'a@b.c', password: 'hunter2' },
      connections: [{ id: 'x', type: 'intercom', credentials: { accessToken: { env: 'T' } } }],
    };
    fs.writeFileSync(file, JSON.stringify(profile));
    const io = { stdout: () => {}, stderr: (t: string) => (err += t), env: {} };
    let err = '';
    const { runCli } = await import('../../../main/cli/run-cli');
    expect(await runCli(['plan', '--profile', file, '--data-dir', world.dir], io)).toBe(2);
    expect(err).toContain(file);
    expect(err).toContain('plecto.password');
    expect(err).not.toContain('hunter2');
    profile.plecto.password = { env: 'P' } as never;
    (profile.connections[0] as Record<string, unknown>).type = 'workday';
    fs.writeFileSync(file, JSON.stringify(profile));
    err = '';
    expect(await runCli(['plan', '--profile', file], io)).toBe(2);
    expect(err).toContain('connections[0].type');
    expect(await runCli(['plan', '--profile', path.join(world.dir, 'missing.json')], io)).toBe(2);
  });

  it('exit 3: a plan held by a safeguard applies nothing; --force applies it', async () => {
    world = await startWorld({ maxDeactivations: 0 });
    seedSmallCompany(world.intercoms[0]);
    expect((await world.cli('apply')).code).toBe(0);
    world.intercoms[0].removeAdmin('104');
    const before = world.plecto.writes();
    const held = await world.cli('apply', '--json');
    expect(held.code).toBe(3);
    expect(JSON.parse(held.stdout)[0]).toMatchObject({ status: 'held', holdReason: expect.stringContaining('maxDeactivations') });
    expect(world.plecto.writes()).toBe(before);
    const forced = await world.cli('apply', '--force', '--json');
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.stdout)[0].status).toBe('applied');
  });

  it('exit 4: applied, but a change failed after retries; the failure is listed with its error', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercoms[0]);
    world.plecto.failNext(1000, 500, { path: /\/members\/$/, method: 'POST' });
    const result = await world.cli('apply', '--json');
    expect(result.code).toBe(4);
    const [run] = JSON.parse(result.stdout);
    expect(run.status).toBe('applied');
    expect(run.failed).toHaveLength(4);
    expect(run.failed[0].error).toMatch(/Plecto/);
    expect(world.plecto.teams.size).toBe(2);
  });

  it('exit 5: wrong source credentials or an unreachable Plecto, with one clear line and nothing applied', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercoms[0]);
    world.env.INTERCOM_TOKEN = 'wrong-token-value';
    const bad = await world.cli('apply');
    expect(bad.code).toBe(5);
    expect(bad.stdout).toMatch(/Intercom rejected the access token at http:\/\/127\.0\.0\.1:\d+/);
    expect(bad.stdout + bad.stderr).not.toContain('wrong-token-value');

    world.env.INTERCOM_TOKEN = world.intercoms[0].token;
    world.plectoConfig.baseUrl = 'http://127.0.0.1:9/api/v2/';
    const unreachable = await world.cli('apply', '--json');
    expect(unreachable.code).toBe(5);
    expect(JSON.parse(unreachable.stdout)[0]).toMatchObject({ status: 'failed', error: expect.stringContaining('127.0.0.1:9') });
    expect(world.plecto.writes()).toBe(0);
  });

  it('with several connections the exit code is the most severe (5 before 3 before 0)', async () => {
    world = await startWorld({ intercoms: 2 });
    seedSmallCompany(world.intercoms[0]);
    world.intercoms[1].failNext(100, 401);
    const result = await world.cli('plan', '--json');
    expect(result.code).toBe(5);
    expect(JSON.parse(result.stdout).map((r: { status: string }) => r.status)).toEqual(['planned', 'failed']);
    const one = await world.cli('plan', '--connection', 'intercom', '--json');
    expect(one.code).toBe(0);
    expect(JSON.parse(one.stdout)).toHaveLength(1);
  });

  it('runs as documented: npm run --silent cli -- plan --profile FILE --json', async () => {
    world = await startWorld();
    seedSmallCompany(world.intercoms[0]);
    world.writeProfile();
    const child = await new Promise<{ status: number | null; stdout: string }>((resolve) => {
      // Asynchronous, so this process's fake servers keep answering.
      const { spawn } = require('node:child_process') as typeof import('node:child_process');
      const proc = spawn('npm', ['run', '--silent', 'cli', '--', 'plan', '--profile', world.profileFile, '--json'], {
        cwd: ROOT,
        env: { ...process.env, ...world.env, PLECTO_DIRSYNC_DATA_DIR: world.dir },
      });
      let stdout = '';
      proc.stdout.on('data', (d) => (stdout += d));
      proc.on('close', (status) => resolve({ status, stdout }));
    });
    expect(child.status).toBe(0);
    expect(JSON.parse(child.stdout)[0].summary.create_employee).toBe(4);
    expect(fs.existsSync(path.join(world.dir, 'mirror.db'))).toBe(true);
    expect(spawnSync).toBeTypeOf('function');
  });
});
