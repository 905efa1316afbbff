// Enreach calls as the contract documents them (issue 10, point 3): keyed by
// CallId (Id accepted), one registration per call event and user —
// external_id "CallId:UserId" — so a transferred call gives each user their part.
import { afterEach, describe, expect, it } from 'vitest';
import { EnreachApi } from '../../../main/connectors/enreach/api';
import { createEnreachRegistrationReader } from '../../../main/connectors/enreach/registrations';
import type { SourceRecord } from '../../../main/connectors/connector';
import { startFakeEnreach, type FakeEnreach } from '../../fakes/enreach-server';
import { addEnreachCalls } from '../../fakes/registration-routes';
import { httpDeps, virtualClock } from '../../support/test-kit';

let fake: FakeEnreach;
afterEach(async () => fake?.close());

const AT = Date.parse('2026-02-01T10:00:00Z');

async function readAll(callIdField: 'CallId' | 'Id'): Promise<SourceRecord[]> {
  fake = await startFakeEnreach();
  const calls = addEnreachCalls(fake, { callIdField });
  const ann = fake.addUser({ FirstName: 'Ann', LastName: 'Lee' });
  const bob = fake.addUser({ FirstName: 'Bob', LastName: 'Ray' });
  // A call transferred from Ann to Bob: two call events with one CallId.
  calls.add({ CallId: 'c-77', UserId: ann.Id, modifiedAt: AT });
  calls.add({ CallId: 'c-77', UserId: bob.Id, modifiedAt: AT + 5000, DurationSeconds: 40 });
  calls.add({ CallId: 'c-78', UserId: ann.Id, modifiedAt: AT + 9000 });
  const clock = virtualClock();
  clock.advance(Date.parse('2026-02-02T00:00:00Z') - clock.now());
  const api = new EnreachApi({ baseUrl: fake.baseUrl, username: fake.username, secretKey: fake.secretKey }, httpDeps(clock));
  const reader = createEnreachRegistrationReader(api, clock);
  const records: SourceRecord[] = [];
  for await (const page of reader.read(null, '2026-01-31T00:00:00Z')) records.push(...page.records);
  expect(records.map((r) => r.ownerSourceId)).toEqual([ann.Id, bob.Id, ann.Id]);
  return records.map((r) => ({ ...r, externalId: r.externalId.replace(ann.Id, 'ANN').replace(bob.Id, 'BOB') }));
}

describe('Enreach calls (registrations)', () => {
  it('a transferred call is one registration per user: external_id CallId:UserId', async () => {
    const records = await readAll('CallId');
    expect(records.map((r) => r.externalId)).toEqual(['c-77:ANN', 'c-77:BOB', 'c-78:ANN']);
    expect(records[1].fields).toEqual({ Direction: 'Outbound', DurationSeconds: 40 });
  });

  it('a call keyed Id instead of CallId is read the same way', async () => {
    const records = await readAll('Id');
    expect(records.map((r) => r.externalId)).toEqual(['c-77:ANN', 'c-77:BOB', 'c-78:ANN']);
  });
});
