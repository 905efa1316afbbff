// `check` for a Salesforce connection: signs in, lists the API versions,
// reads the first batch of the role and user queries the sync runs (and of
// opportunities), and reports them against SALESFORCE_CONTRACT. Reads only.
import { SourceReadError } from '../domain/model';
import type { HttpDeps } from '../http/http';
import { createSalesforceClient, type SalesforceConnectorOptions } from '../connectors/salesforce/connector';
import { SALESFORCE_CONTRACT as C } from '../connectors/salesforce/contract';
import { ROLE_QUERY, USER_QUERY } from '../connectors/salesforce/directory';
import { API_VERSION, type QueryAnswer } from '../connectors/salesforce/wire';
import { ItemList, type SystemReport } from './report';
import { ResponseTap } from './tap';

const MAX_BATCH = 2000;
const OPPORTUNITY_QUERY = 'SELECT Id, OwnerId, SystemModstamp FROM Opportunity ORDER BY SystemModstamp DESC LIMIT 1';

export async function checkSalesforce(
  target: { system: string; registrations: boolean } & SalesforceConnectorOptions,
  deps: HttpDeps,
  now: () => Date = () => new Date(),
): Promise<SystemReport> {
  const tap = new ResponseTap();
  const { api } = createSalesforceClient(target, tap.wrap(deps));
  const list = new ItemList();
  const report: SystemReport = { system: target.system, type: 'salesforce', account: '', checkedAt: now().toISOString(), items: list.items };
  const query = <T>(soql: string) => api.get<QueryAnswer<T>>(`/services/data/${API_VERSION}/query?q=${encodeURIComponent(soql)}`);
  let versions: unknown;
  try {
    report.account = new URL(await api.instanceUrl()).host;
    versions = await api.get<unknown>('/services/data/');
  } catch (error) {
    report.error = (error as Error).message;
    return report;
  }

  const wanted = API_VERSION.replace(/^v/, '');
  const listed = Array.isArray(versions) ? versions.map((v) => String((v as { version?: unknown })?.version)) : [];
  list.expect(
    listed.includes(wanted),
    C.apiVersion.item,
    `${API_VERSION} is served (newest: v${listed.at(-1)})`,
    listed.length ? `the org does not serve ${API_VERSION} (it serves v${listed[0]} to v${listed.at(-1)})` : 'GET /services/data/ did not list the API versions',
    true,
  );

  const batches: string[] = [];
  const batchProblems: string[] = [];
  const seeBatch = (what: string, answer: QueryAnswer<unknown>) => {
    if (!answer || !Array.isArray(answer.records) || typeof answer.done !== 'boolean') return batchProblems.push(`${what}: not a query result`);
    if (answer.records.length > MAX_BATCH) batchProblems.push(`${what}: a batch of ${answer.records.length} records (more than ${MAX_BATCH})`);
    if (!answer.done && typeof answer.nextRecordsUrl !== 'string') batchProblems.push(`${what}: more records but no nextRecordsUrl`);
    batches.push(`${what}: first batch ${answer.records.length} of ${answer.totalSize}`);
  };

  try {
    const roles = await query<Record<string, unknown>>(ROLE_QUERY);
    seeBatch('roles', roles);
    const records = Array.isArray(roles?.records) ? roles.records : [];
    const bad = records.filter((r) => typeof r.Id !== 'string' || typeof r.Name !== 'string' || !('ParentRoleId' in r)).length;
    list.expect(bad === 0, C.roles.item, `may read roles (${records.length} in the first batch)`, `${bad} of ${records.length} roles lack Id, Name or ParentRoleId`, true);
  } catch (error) {
    if (!(error instanceof SourceReadError) || error.kind === 'auth' || error.kind === 'network') return fail(report, error);
    list.differs(C.roles.item, `the user may not query UserRole (${error.message}); give it the "View Roles and Role Hierarchy" permission`, true);
  }

  try {
    const users = await query<Record<string, unknown>>(USER_QUERY);
    seeBatch('users', users);
    const records = Array.isArray(users?.records) ? users.records : [];
    const problems = [
      count(records, (u) => typeof u.Id !== 'string' || typeof u.Name !== 'string', 'lack Id or Name'),
      count(records, (u) => typeof u.IsActive !== 'boolean', 'have no IsActive true/false'),
      count(records, (u) => typeof u.UserType !== 'string', 'have no UserType'),
      count(records, (u) => u.UserRole !== null && (typeof u.UserRole !== 'object' || u.UserRole === undefined), 'have no nested UserRole (or null)'),
    ].filter(Boolean);
    const standard = records.filter((u) => u.UserType === 'Standard').length;
    list.expect(problems.length === 0, C.users.item, `as expected on ${records.length} users (${standard} Standard)`, problems.join('; '), true);
  } catch (error) {
    if (!(error instanceof SourceReadError) || error.kind === 'auth' || error.kind === 'network') return fail(report, error);
    list.differs(C.users.item, error.message, true);
  }
  list.expect(batchProblems.length === 0, C.batches.item, batches.join('; ') || 'no query answered', batchProblems.join('; '), true);

  try {
    const opportunities = await query<Record<string, unknown>>(OPPORTUNITY_QUERY);
    const records = Array.isArray(opportunities?.records) ? opportunities.records : [];
    if (records.length === 0) list.notSeen(C.opportunities.item, 'no opportunities to look at');
    else list.expect(records.every((r) => 'OwnerId' in r && 'SystemModstamp' in r), C.opportunities.item, 'Opportunity has OwnerId and SystemModstamp', 'Opportunity lacks OwnerId or SystemModstamp');
  } catch (error) {
    const message = (error as Error).message;
    if (target.registrations) list.differs(C.opportunities.item, message);
    else list.notSeen(C.opportunities.item, `not readable (registrations are off): ${message}`);
  }

  const usage = tap.header('sforce-limit-info');
  const missing = tap.answers.filter((a) => a.path.startsWith('/services/data/') && a.status === 200 && !a.headers.has('sforce-limit-info')).length;
  list.expect(missing === 0 && usage !== null, C.apiUsage.item, `Sforce-Limit-Info: ${usage?.value}`, `${missing} answers carried no Sforce-Limit-Info: the app cannot report the org's API usage`);
  return report;
}

function fail(report: SystemReport, error: unknown): SystemReport {
  report.error = (error as Error).message;
  return report;
}

function count(records: Record<string, unknown>[], bad: (r: Record<string, unknown>) => boolean, what: string): string {
  const n = records.filter(bad).length;
  return n ? `${n} of ${records.length} ${what}` : '';
}
