// SalesforceApi (the reusable query client) against the fake: the SOQL subset
// the registrations reader will rely on (WHERE / ORDER BY / LIMIT, nested
// relationships) and the query paging contract.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSalesforceClient } from '../../main/connectors/salesforce';
import { SourceReadError } from '../../main/domain/model';
import { systemClock } from '../../main/common/clock';
import { silentLogger } from '../../main/common/logger';
import type { HttpDeps } from '../../main/http/http';
import { startFakeSalesforce, type FakeSalesforce, type SObjectRecord } from '../fakes/salesforce-server';

const deps: HttpDeps = { fetch: (input, init) => fetch(input, init), clock: systemClock, logger: silentLogger };

describe('Salesforce API client and fake query engine', () => {
  let fake: FakeSalesforce;

  beforeEach(async () => {
    fake = await startFakeSalesforce({ batchSize: 3 });
  });
  afterEach(async () => {
    await fake.close();
  });

  const client = () => createSalesforceClient({ loginUrl: fake.loginUrl, clientId: fake.clientId, refreshToken: fake.refreshToken }, deps);

  it('query() follows nextRecordsUrl until done; queryPages() yields each batch', async () => {
    for (let i = 0; i < 7; i++) fake.addUser({ Name: `User ${i}` });
    const { api } = client();

    const pages: number[] = [];
    for await (const page of api.queryPages<{ Id: string }>('SELECT Id FROM User')) pages.push(page.length);
    const all = await api.query<{ Id: string }>('SELECT Id FROM User');

    expect(pages).toEqual([3, 3, 1]);
    expect(all.map((r) => r.Id)).toEqual(fake.users.map((u) => u.Id));
  });

  it('nested relationships come as an object with attributes, or null without a related record', async () => {
    const role = fake.addRole({ Name: 'Sales EMEA' });
    fake.addUser({ Name: 'With Role', UserRoleId: role.Id });
    fake.addUser({ Name: 'Without Role' });

    const rows = await client().api.query<SObjectRecord>('SELECT Id, UserRole.Name FROM User');

    expect(rows[0].UserRole).toEqual({ attributes: { type: 'UserRole', url: `/services/data/v62.0/sobjects/UserRole/${role.Id}` }, Name: 'Sales EMEA' });
    expect(rows[1].UserRole).toBeNull();
    expect(rows[0].attributes).toMatchObject({ type: 'User' });
  });

  it('WHERE (including datetimes in either notation), ORDER BY and LIMIT work on any registered object', async () => {
    const opportunities: SObjectRecord[] = [
      { Id: '006A', Name: 'Late', Amount: 10, SystemModstamp: '2026-03-01T10:00:00.000+0000' },
      { Id: '006B', Name: 'Early', Amount: 20, SystemModstamp: '2025-12-31T23:59:59.000+0000' },
      { Id: '006C', Name: 'Middle', Amount: 30, SystemModstamp: '2026-02-01T00:00:00.000+0000' },
    ];
    fake.sobjects.set('Opportunity', { fields: ['Id', 'Name', 'Amount', 'SystemModstamp'], records: () => opportunities });
    const { api } = client();

    const since = await api.query<SObjectRecord>(
      'SELECT Id, Name FROM Opportunity WHERE SystemModstamp > 2026-01-01T00:00:00Z ORDER BY SystemModstamp',
    );
    const top = await api.query<SObjectRecord>("SELECT Id FROM Opportunity WHERE Name != 'Late' ORDER BY Amount DESC LIMIT 1");

    expect(since.map((r) => r.Name)).toEqual(['Middle', 'Late']);
    expect(top.map((r) => r.Id)).toEqual(['006C']);
  });

  it('an unknown field is 400 INVALID_FIELD and malformed SOQL is MALFORMED_QUERY, both as SourceReadErrors', async () => {
    const { api } = client();

    await expect(api.query('SELECT Id, Title FROM User')).rejects.toThrow(/INVALID_FIELD: No such column 'Title'/);
    const malformed = await api.query('SELEKT Id FROM User').catch((e: unknown) => e);
    expect(malformed).toBeInstanceOf(SourceReadError);
    expect((malformed as Error).message).toContain('MALFORMED_QUERY');
  });

  it('every answer carries Sforce-Limit-Info, and the token endpoint does not count against the allowance', async () => {
    const { api, meter } = client();
    await api.query('SELECT Id FROM UserRole');
    await api.query('SELECT Id FROM UserRole');

    expect(fake.apiUsed).toBe(2);
    expect(meter.usage()).toEqual({ requests: 3, apiUsage: 'api-usage=2/100000' });
  });
});
