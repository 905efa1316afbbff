// Wall time and peak memory of computing a plan in-process for 100,000
// employees, 5,000 teams and 250,000 memberships. Each scenario runs in its
// own process, so each peak RSS is that scenario's own.
import { spawnSync } from 'node:child_process';
import { planSync } from '../../main/engine/plan';
import { buildWrites } from '../../main/engine/writes';
import { planInput, syncedState, syntheticSource } from './synthetic';

const PEOPLE = 100_000;
const TEAMS = 5_000;
const MEMBERSHIPS = 250_000;
const SCENARIOS = ['initial', 'noop', 'delta'] as const;
type Scenario = (typeof SCENARIOS)[number];

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;

function runScenario(scenario: Scenario) {
  const source = syntheticSource(PEOPLE, TEAMS, MEMBERSHIPS);
  const synced = scenario === 'initial' ? null : syncedState(source);
  if (scenario === 'delta') {
    // 1,000 people change team; 10 teams are renamed.
    for (let i = 0; i < 1000; i++) source.people[i * 97].teamSourceIds = ['t1'];
    for (let i = 0; i < 10; i++) source.teams[i].name += ' (renamed)';
  }
  const input = planInput(source, synced);
  global.gc?.();
  const inputsRss = process.memoryUsage().rss;
  const start = performance.now();
  const plan = planSync(input);
  const planMs = performance.now() - start;
  const writes = buildWrites(plan, input.plecto).writes.length;
  const peak = process.resourceUsage().maxRSS * 1024;
  const label = { initial: 'initial plan (empty Plecto)', noop: 'no-op plan (fully synced)', delta: '1,000 moved + 10 renamed' }[scenario];
  console.log(
    `  ${label.padEnd(28)} ${planMs.toFixed(0).padStart(5)} ms  ${plan.changes.length.toLocaleString('en').padStart(7)} changes → ${writes.toLocaleString('en').padStart(7)} writes   peak RSS ${mb(peak)} (inputs alone ${mb(inputsRss)})`,
  );
}

const scenario = process.argv[2] as Scenario | undefined;
if (scenario) {
  runScenario(scenario);
} else {
  console.log(`plan: ${PEOPLE.toLocaleString('en')} employees, ${TEAMS.toLocaleString('en')} teams, ${MEMBERSHIPS.toLocaleString('en')} memberships (targets: < 2 s, < 500 MB)`);
  for (const s of SCENARIOS) {
    spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', __filename, s], { stdio: 'inherit' });
  }
}
