#!/usr/bin/env node
// Entry point of the command line (contracts/cli.md). All logic is in cli/run-cli.ts.
import { runCli } from './cli/run-cli';
import { scrubCredentials } from './common/logger';

runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  firstUseCheck: true,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`Internal error: ${scrubCredentials(String(error?.stack ?? error))}\n`);
    process.exitCode = 1;
  },
);
