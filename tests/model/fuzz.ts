// `npm run fuzz -- --runs N [--seed S] [--path P --replay R] [--commands M] [--verbose]`, or `--cases`:
// the model-based test of the engine for longer than CI runs it. --seed (and
// --path and --replay, printed with a failure) replays one failing history exactly.
import { CASES } from './cases';
import { describeFailure, runCase, runModel } from './property';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** --cases: every kept case (./cases.ts), open ones too, with its outcome — to see whether a fix landed. */
async function runCases(): Promise<number> {
  let failures = 0;
  for (const c of CASES) {
    try {
      await runCase(c.directory, c.steps(), c.after);
      console.log(`pass  ${c.finding}${c.open ? ' (listed open: its fix seems to have landed)' : ''}  ${c.name}`);
    } catch (error) {
      failures++;
      console.log(`FAIL  ${c.finding}${c.open ? ' (open)' : ' (REGRESSION)'}  ${c.name}\n      ${(error as Error).message}`);
    }
  }
  return failures > 0 ? 1 : 0;
}

async function main(): Promise<number> {
  if (process.argv.includes('--cases')) return runCases();
  const runs = Number(option('runs') ?? (option('path') ? 1 : 500));
  const seed = option('seed') !== undefined ? Number(option('seed')) : undefined;
  const started = Date.now();
  const details = await runModel({
    numRuns: runs,
    seed,
    path: option('path'),
    replayPath: option('replay'),
    maxCommands: option('commands') ? Number(option('commands')) : undefined,
    verbose: process.argv.includes('--verbose'),
  });
  console.log(describeFailure(details));
  console.log(`${details.numRuns} run(s) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return details.failed ? 1 : 0;
}

// Exit explicitly: a "killed" apply leaves a request that never settles.
main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
