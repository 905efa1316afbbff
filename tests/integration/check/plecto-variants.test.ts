// Plecto answers the contract allows or warns about (issue 10, point 4): a data
// source that answers `id` instead of `uuid` is read either way; and the fake's
// `twinOnEmailPost` switch makes a member POST by email create a second member,
// the case the applier must catch after each link_employee write.
import { afterEach, describe, expect, it } from 'vitest';
import { PlectoClient } from '../../../main/plecto/client';
import { startFakePlecto, type FakePlecto } from '../../fakes/plecto-server';
import { httpDeps } from '../../support/test-kit';

let plecto: FakePlecto;
afterEach(async () => plecto?.close());

const clientFor = (fake: FakePlecto) => new PlectoClient({ baseUrl: fake.baseUrl, email: fake.email, password: fake.password }, httpDeps());

describe('Plecto answers that differ from the contract', () => {
  it('a data source created or listed with `id` instead of `uuid` is read either way', async () => {
    plecto = await startFakePlecto({ dataSourceIdField: 'id' });
    const client = clientFor(plecto);
    const created = await client.createDataSource('Calls', ['Direction']);
    expect(plecto.dataSources.has(created.uuid)).toBe(true);
    expect(plecto.log.at(-1)?.status).toBe(201);
    const listed = await client.listDataSources();
    expect(listed).toEqual([{ uuid: created.uuid, title: 'Calls', fields: ['Direction'] }]);
  });

  it('twinOnEmailPost: a member POST with a known email answers a new member (201), leaving two with that email', async () => {
    plecto = await startFakePlecto({ twinOnEmailPost: true });
    const jane = plecto.addMember({ name: 'Jane Doe', email: 'jane@acme.com' });
    const client = clientFor(plecto);
    const answer = await client.upsertMember({ provider: 'Intercom', providerId: '42', providerEmail: 'jane@acme.com', name: 'Jane Doe', isActive: true, teams: [] });
    expect(answer.created).toBe(true);
    expect(answer.member.uuid).not.toBe(jane.uuid);
    expect([...plecto.members.values()].filter((m) => m.email === 'jane@acme.com')).toHaveLength(2);
    expect(jane.api_providers).toEqual([]);
  });

  it('without the switch the same POST attaches the provider to the member with that email (200)', async () => {
    plecto = await startFakePlecto();
    const jane = plecto.addMember({ name: 'Jane Doe', email: 'jane@acme.com' });
    const answer = await clientFor(plecto).upsertMember({ provider: 'Intercom', providerId: '42', providerEmail: 'jane@acme.com', name: 'Jane Doe', isActive: true, teams: [] });
    expect(answer).toMatchObject({ created: false, member: { uuid: jane.uuid } });
    expect(plecto.members.size).toBe(1);
  });
});
