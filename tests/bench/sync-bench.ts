// Plecto writes of real syncs over HTTP against the fake servers: an initial
// sync, a no-op re-sync, and changes touching k employees.
import { startWorld } from '../integration/harness';

const ADMINS = 2_000;
const TEAMS = 100;

async function main() {
  const world = await startWorld();
  const intercom = world.intercoms[0];
  for (let t = 1; t <= TEAMS; t++) intercom.addTeam({ id: String(t), name: `Team ${t}` });
  for (let a = 1; a <= ADMINS; a++) {
    const id = String(10_000 + a);
    intercom.addAdmin({ id, name: `Person ${a}`, email: `p${a}@bench.example`, job_title: null });
    intercom.join(id, String((a % TEAMS) + 1));
    if (a % 2 === 0) intercom.join(id, String(((a * 7) % TEAMS) + 1));
  }
  try {
    let start = performance.now();
    let before = world.plecto.writes();
    let run = await world.engine.sync('intercom', 'manual');
    console.log(`sync: ${ADMINS.toLocaleString('en')} Intercom admins, ${TEAMS} teams, over HTTP against the fake Plecto`);
    console.log(`  initial sync:   ${run.plan!.changes.length.toLocaleString('en')} changes, ${world.plecto.writes() - before} Plecto writes, ${(performance.now() - start).toFixed(0)} ms`);

    start = performance.now();
    before = world.plecto.writes();
    run = await world.engine.sync('intercom', 'manual');
    console.log(`  no-op re-sync:  ${run.plan!.changes.length} changes, ${world.plecto.writes() - before} Plecto writes, ${(performance.now() - start).toFixed(0)} ms`);

    for (const k of [1, 10, 100, 500]) {
      // k employees each move to another team and get a new title.
      for (let i = 0; i < k; i++) {
        const admin = intercom.admins[(i * 3 + k) % ADMINS];
        for (const team of intercom.teams) team.admin_ids = team.admin_ids.filter((id) => String(id) !== admin.id);
        admin.team_ids = [];
        intercom.join(admin.id, String(((i + k) % TEAMS) + 1));
        admin.job_title = `Title ${k}`;
      }
      before = world.plecto.writes();
      run = await world.engine.sync('intercom', 'manual');
      const writes = world.plecto.writes() - before;
      console.log(`  k = ${String(k).padStart(3)} employees changed: ${run.plan!.changes.length} changes, ${writes} Plecto writes (target ≤ k = ${k})`);
    }
    intercom.addTeam({ id: '999', name: 'New team' });
    for (let i = 0; i < 5; i++) intercom.join(intercom.admins[i].id, '999');
    intercom.teams[0].name = 'Renamed team';
    before = world.plecto.writes();
    await world.engine.sync('intercom', 'manual');
    console.log(`  1 team created + 1 renamed + 5 employees joining it: ${world.plecto.writes() - before} Plecto writes (target ≤ 5 + 2)`);
  } finally {
    await world.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
