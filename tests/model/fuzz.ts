// `npm run fuzz -- --runs N [--seed S] [--path P --replay R] [--commands M] [--verbose]`:
// the model-based test of the engine for longer than CI runs it. --seed (and
// --path and --replay, printed with a failure) replays one failing history exactly.
import { describeFailure, runModel } from './property';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<number> {
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
