// `npm run bench`: every benchmark, each in its own process so its figures
// (time, peak memory) are its own. Prints figures; asserts nothing.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const here = __dirname;
const benches = ['plan-bench.ts', 'sync-bench.ts', 'registrations.ts'].filter((f) => fs.existsSync(path.join(here, f)));
let failed = false;
for (const bench of benches) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, bench)], { stdio: 'inherit' });
  if (result.status !== 0) failed = true;
  console.log('');
}
process.exitCode = failed ? 1 : 0;
