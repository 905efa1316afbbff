// Wall time and peak memory of computing a plan in-process for 100,000
// employees, 5,000 teams and 250,000 memberships. Run alone (one process)
// so the peak RSS is this benchmark's own.
import { planSync } from '../../main/engine/planner';
import { buildWrites } from '../../main/engine/writes';
import { planInput, syncedState, syntheticSource } from './synthetic';

const PEOPLE = 100_000;
const TEAMS = 5_000;
const MEMBERSHIPS = 250_000;

function time<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const result = fn();
  return [result, performance.now() - start];
}

const source = syntheticSource(PEOPLE, TEAMS, MEMBERSHIPS);
const memberships = source.people.reduce((n, p) => n + p.teamSourceIds.length, 0);
const synced = syncedState(source);
const rssBefore = process.memoryUsage().rss;

const [initial, initialMs] = time(() => planSync(planInput(source, null)));
const [initialWrites, writesMs] = time(() => buildWrites(initial, { teams: [], members: [] }));
const [noop, noopMs] = time(() => planSync(planInput(source, synced)));

// k = 1,000 people change team; 10 teams renamed.
const changed = structuredClone(source);
for (let i = 0; i < 1000; i++) changed.people[i * 97].teamSourceIds = ['t1'];
for (let i = 0; i < 10; i++) changed.teams[i].name += ' (renamed)';
const [delta, deltaMs] = time(() => planSync(planInput(changed, synced)));
const deltaWrites = buildWrites(delta, synced.plecto).writes.length;

const peakMb = process.resourceUsage().maxRSS / 1024;
console.log(`plan: ${PEOPLE.toLocaleString('en')} employees, ${TEAMS.toLocaleString('en')} teams, ${memberships.toLocaleString('en')} memberships`);
console.log(`  initial plan (empty Plecto):  ${initialMs.toFixed(0)} ms, ${initial.changes.length.toLocaleString('en')} changes → ${initialWrites.writes.length.toLocaleString('en')} writes (grouped in ${writesMs.toFixed(0)} ms)`);
console.log(`  no-op plan (fully synced):    ${noopMs.toFixed(0)} ms, ${noop.changes.length} changes`);
console.log(`  1,000 moved + 10 renamed:     ${deltaMs.toFixed(0)} ms, ${delta.changes.length.toLocaleString('en')} changes → ${deltaWrites.toLocaleString('en')} writes`);
console.log(`  peak RSS: ${peakMb.toFixed(0)} MB (process, including the synthetic inputs; ${(rssBefore / 1048576).toFixed(0)} MB before planning)`);
