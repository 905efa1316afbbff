// Quick start 1: the command line planning and applying a sync from the demo
// company's simulated Intercom into a simulated, empty Plecto — then the next
// day's incremental sync. Runs the real CLI code path on a fresh mirror.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../main/cli/run-cli';
import { demoNextDay } from './company';
import { startDemoWorld } from './world';

const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);

async function main() {
  const world = await startDemoWorld();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plecto-dirsync-demo-'));
  const profileFile = path.join(dir, 'profile.json');
  fs.writeFileSync(profileFile, JSON.stringify(world.profile, null, 2));
  const io = {
    stdout: (t: string) => process.stdout.write(t),
    stderr: (t: string) => process.stderr.write(t),
    env: { ...process.env, ...world.env },
  };
  const cli = async (...args: string[]) => {
    console.log(bold(`\n$ plecto-dirsync ${args.join(' ')}`));
    const code = await runCli([...args, '--profile', profileFile, '--data-dir', dir], io);
    console.log(`(exit code ${code})`);
    return code;
  };
  try {
    console.log(bold('Plecto Directory Sync — demo'));
    console.log(`Simulated Intercom (Northwind Support, ${world.intercom.admins.length} admins, ${world.intercom.teams.length} teams) at ${world.intercom.baseUrl}`);
    console.log(`Simulated, empty Plecto at ${world.plecto.baseUrl}`);
    console.log(`Profile ${profileFile}, mirror in ${dir}`);

    await cli('plan');
    const applied = await cli('apply');
    console.log(`\nPlecto now has ${world.plecto.teams.size} teams and ${world.plecto.members.size} employees (${world.plecto.writes()} writes sent).`);

    console.log(bold('\nThe next day in Intercom:'));
    for (const line of demoNextDay(world.intercom)) console.log(`  - ${line}`);
    const before = world.plecto.writes();
    await cli('apply');
    console.log(`\nThat sync sent ${world.plecto.writes() - before} writes to Plecto.`);
    const again = world.plecto.writes();
    await cli('apply');
    console.log(`A sync with nothing to do sent ${world.plecto.writes() - again} writes (R11).`);
    await cli('history');
    process.exitCode = applied;
  } finally {
    await world.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
