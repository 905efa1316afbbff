// Registrations import throughput: 50,000 Salesforce opportunities imported
// through the real CLI path (`apply`) against the fake Salesforce and the fake
// Plecto over HTTP, with requestsPerHour raised so pacing does not dominate.
// Prints requests per 1,000 records, wall time, and what the same import takes
// at Plecto's default 3,600 requests/hour. Asserts nothing.
import { systemClock } from '../../main/common/clock';
import { DEFAULT_BURST, DEFAULT_REQUESTS_PER_HOUR } from '../../main/plecto/client';
import { addSalesforceOpportunities } from '../fakes/registration-routes';
import { startRegWorld } from '../integration/registrations-harness';

const RECORDS = 50_000;

async function main() {
  const world = await startRegWorld('salesforce', { requestsPerHour: 100_000_000, clock: systemClock });
  try {
    const sf = world.source;
    const roles = [sf.addRole({ Name: 'Sales EMEA' }), sf.addRole({ Name: 'Sales US' })];
    const owners = Array.from({ length: 50 }, (_, i) => sf.addUser({ Name: `Seller ${i}`, UserRoleId: roles[i % 2].Id }));
    const opportunities = addSalesforceOpportunities(sf);
    const from = Date.parse('2026-01-02T00:00:00Z');
    for (let i = 0; i < RECORDS; i++) opportunities.add({ OwnerId: owners[i % owners.length].Id, modifiedAt: from + i * 1000 });

    let importStarted = 0;
    world.beforeFetch = (url) => {
      if (!importStarted && /\/(datasources|registrations)\//.test(url)) importStarted = performance.now();
    };
    const plectoBefore = world.plecto.log.length;
    const sfBefore = sf.log.length;
    const started = performance.now();
    const { code, result } = await world.apply();
    const ended = performance.now();
    const plectoLog = world.plecto.log.slice(plectoBefore);
    const importRequests = plectoLog.filter((e) => /\/(datasources|registrations)\/$/.test(e.path));
    const posts = importRequests.filter((e) => e.path.endsWith('/registrations/') && e.method === 'POST');
    const sizes = posts.map((e) => (e.body as unknown[]).length);
    const opportunityQueries = sf.log.slice(sfBefore).filter((e) => e.path.includes('/query')).length;
    const stored = [...world.plecto.registrations.values()].reduce((n, m) => n + m.size, 0);

    console.log(`registrations: ${RECORDS.toLocaleString('en')} Salesforce opportunities → fake Plecto over HTTP (CLI apply, exit ${code})`);
    console.log(`  counts: ${JSON.stringify(result.registrations)}; stored in Plecto: ${stored.toLocaleString('en')}`);
    console.log(`  Plecto import requests: ${importRequests.length} (${posts.length} registration POSTs of ${Math.min(...sizes)}–${Math.max(...sizes)} items, ${importRequests.length - posts.length} data source lookup/create)`);
    console.log(`  requests per 1,000 records: ${((importRequests.length / RECORDS) * 1000).toFixed(2)} Plecto (${((posts.length / RECORDS) * 1000).toFixed(2)} registration writes); ${((opportunityQueries / RECORDS) * 1000).toFixed(2)} Salesforce query pages (incl. the directory read)`);
    console.log(`  whole run (directory plan + apply + import): ${((ended - started) / 1000).toFixed(2)} s; import alone: ${((ended - importStarted) / 1000).toFixed(2)} s`);
    const paced = Math.max(0, importRequests.length - DEFAULT_BURST) / DEFAULT_REQUESTS_PER_HOUR;
    console.log(`  at Plecto's default ${DEFAULT_REQUESTS_PER_HOUR.toLocaleString('en')} requests/hour (burst ${DEFAULT_BURST}): the import takes about ${(paced * 60).toFixed(1)} min of pacing`);

    const mark = world.plecto.log.length;
    const again = performance.now();
    const rerun = await world.apply();
    const rerunWrites = world.plecto.log.slice(mark).filter((e) => e.method !== 'GET').length;
    console.log(`  re-run with nothing new: ${JSON.stringify(rerun.result.registrations)}, ${rerunWrites} Plecto writes, ${((performance.now() - again) / 1000).toFixed(2)} s`);
  } finally {
    await world.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
