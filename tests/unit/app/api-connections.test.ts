// Connections as an IT admin edits them over time: shared keychain entries,
// the global pause, Enreach's password exchange, Salesforce's client secret.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INTERCOM_TOKEN, startApiWorld, type ApiWorld } from './api-world';
import { startFakeEnreach, type FakeEnreach } from '../../fakes/enreach-server';
import { startFakeSalesforce, type FakeSalesforce } from '../../fakes/salesforce-server';

let w: ApiWorld;
beforeEach(async () => {
  w = await startApiWorld();
  await w.setUp();
});
afterEach(async () => {
  await w.close();
});

describe('desktop API: removing a connection', () => {
  it('keeps a keychain entry that another connection still uses (a mirror from before imports were limited to their own entries)', async () => {
    const profile = JSON.parse(await w.api.exportProfile());
    profile.connections[0].id = 'intercom-copy';
    // An import may no longer borrow another connection's entry (issue 9); older mirrors may still share one.
    await expect(w.api.importProfile(JSON.stringify(profile))).rejects.toThrow(/may only be "intercom-copy\/accessToken"/);
    w.mirror.upsertConnection({ ...w.mirror.getConnection('intercom')!, id: 'intercom-copy' });
    expect(w.mirror.getConnection('intercom-copy')!.credentials.accessToken).toEqual({ keychain: 'intercom/accessToken' });

    await w.api.deleteConnection('intercom-copy');
    expect(await w.secrets.get('intercom/accessToken')).toBe(INTERCOM_TOKEN);
    expect(await w.api.testConnection('intercom')).toMatchObject({ ok: true });

    await w.api.deleteConnection('intercom');
    expect(await w.secrets.accounts()).toEqual(['plecto/password']);
  });

  it('keeps the Plecto password even when a connection points at it', async () => {
    const profile = JSON.parse(await w.api.exportProfile());
    profile.connections[0].credentials.accessToken = { keychain: 'plecto/password' };
    await expect(w.api.importProfile(JSON.stringify(profile))).rejects.toThrow(/may only be "intercom\/accessToken"/);
    w.mirror.upsertConnection({ ...w.mirror.getConnection('intercom')!, credentials: { accessToken: { keychain: 'plecto/password' } } });
    await w.api.deleteConnection('intercom');
    expect(await w.secrets.get('plecto/password')).toBe(w.plecto.password);
    expect(await w.api.testPlecto()).toMatchObject({ ok: true });
  });
});

describe('desktop API: pausing automatic sync', () => {
  it('pauses connections added, imported or re-added while automatic sync is paused, and resumes them all', async () => {
    await w.api.setAutomaticSyncPaused(true);
    await w.api.saveConnection({ id: 'second', type: 'intercom', baseUrl: w.intercom.baseUrl }, { accessToken: INTERCOM_TOKEN });
    await w.api.importProfile(JSON.stringify({ connections: [{ id: 'third', type: 'intercom', credentials: { accessToken: { keychain: 'third/accessToken' } } }] }));
    await w.api.deleteConnection('intercom');
    await w.api.saveConnection({ id: 'intercom', type: 'intercom', baseUrl: w.intercom.baseUrl }, { accessToken: INTERCOM_TOKEN });

    const paused = await w.api.getOverview();
    expect(paused.automaticSyncPaused).toBe(true);
    expect(paused.connections.map((c) => [c.id, c.schedule.paused])).toEqual([
      ['second', true],
      ['third', true],
      ['intercom', true],
    ]);
    for (const id of ['second', 'third', 'intercom']) expect(w.mirror.getSchedule(id).paused).toBe(true);

    await w.api.setAutomaticSyncPaused(false);
    const resumed = await w.api.getOverview();
    expect(resumed.connections.every((c) => !c.schedule.paused)).toBe(true);
    await w.api.saveConnection({ id: 'fourth', type: 'intercom' }, { accessToken: INTERCOM_TOKEN });
    expect(w.mirror.getSchedule('fourth').paused).toBe(false);
  });
});

describe('desktop API: Enreach with a password exchange', () => {
  let enreach: FakeEnreach;
  beforeEach(async () => {
    enreach = await startFakeEnreach();
    const agents = enreach.addGroup({ Name: 'Agents' });
    enreach.addUser({ FirstName: 'Ann', LastName: 'Lee', GroupIds: [agents.Id] });
    enreach.addUser({ FirstName: 'Bo', LastName: 'Berg', GroupIds: [agents.Id], IsActive: false });
  });
  afterEach(async () => {
    await enreach.close();
  });

  it('stores only the key, keeps it through edits without the password, and keeps it when a new password is wrong (R1)', async () => {
    const saved = await w.api.saveConnection(
      { id: 'enreach', type: 'enreach', baseUrl: enreach.baseUrl, credentials: { username: enreach.username } },
      { password: enreach.password },
    );
    expect(saved).toMatchObject({ savedSecrets: ['secretKey'], credentials: { username: enreach.username }, baseUrl: enreach.baseUrl });
    expect(await w.secrets.get('enreach/secretKey')).toBe(enreach.secretKey);

    // The form re-sent without the password: label changes, key, user and URL stay.
    const edited = await w.api.saveConnection({ id: 'enreach', type: 'enreach', providerLabel: 'Phones', credentials: { username: enreach.username } }, { password: '' });
    expect(edited).toMatchObject({ providerLabel: 'Phones', savedSecrets: ['secretKey'], baseUrl: enreach.baseUrl });
    expect(await w.api.testConnection('enreach')).toMatchObject({ ok: true });

    await expect(
      w.api.saveConnection({ id: 'enreach', type: 'enreach', credentials: { username: enreach.username } }, { password: 'wrong-enreach-password' }),
    ).rejects.toThrow(`Enreach rejected the password of ${enreach.username} at ${enreach.baseUrl}`);
    expect(await w.secrets.get('enreach/secretKey')).toBe(enreach.secretKey);
    expect(w.mirrorContains(enreach.password)).toBe(false);
    expect(w.mirrorContains(enreach.secretKey)).toBe(false);
    expect(w.logs.join('\n')).not.toContain('wrong-enreach-password');
  });

  it('lists Enreach user groups as teams only after a refresh, counting active users (R1)', async () => {
    await w.api.saveConnection({ id: 'enreach', type: 'enreach', baseUrl: enreach.baseUrl, credentials: { username: enreach.username } }, { password: enreach.password });
    expect(await w.api.listSourceTeams('enreach')).toEqual({ teams: [], readAt: null, error: null });
    const listed = await w.api.listSourceTeams('enreach', { refresh: true });
    expect(listed.error).toBeNull();
    expect(listed.teams.map((t) => [t.name, t.memberCount])).toEqual([['Agents', 1]]);
    expect((await w.api.listSourceTeams('enreach')).readAt).toBe(listed.readAt);
  });
});

describe('desktop API: Salesforce with a client secret instead of signing in', () => {
  let salesforce: FakeSalesforce;
  beforeEach(async () => {
    salesforce = await startFakeSalesforce();
    const sales = salesforce.addRole({ Name: 'Sales' });
    salesforce.addUser({ Name: 'Jo Doe', Email: 'jo@acme.com', UserType: 'Standard', IsActive: true, UserRoleId: sales.Id });
  });
  afterEach(async () => {
    await salesforce.close();
  });

  it('previews with the client-credentials grant; a wrong secret keeps the last team list and says why (R1 R3 R10)', async () => {
    const view = await w.api.saveConnection(
      { id: 'sf', type: 'salesforce', loginUrl: salesforce.loginUrl, credentials: { clientId: salesforce.clientId } },
      { clientSecret: salesforce.clientSecret },
    );
    expect(view).toMatchObject({ savedSecrets: ['clientSecret'], credentials: { clientId: salesforce.clientId }, loginUrl: salesforce.loginUrl });
    expect(await w.api.listSourceTeams('sf')).toMatchObject({ teams: [], readAt: null });
    const listed = await w.api.listSourceTeams('sf', { refresh: true });
    expect(listed.teams.map((t) => [t.name, t.memberCount])).toEqual([['Sales', 1]]);
    const preview = await w.api.preview('sf');
    expect(preview.plan!.changes.map((c) => c.kind)).toEqual(['create_team', 'create_employee', 'add_membership']);

    // Re-saved without re-typing the secret: the client id and secret stay.
    await w.api.saveConnection({ id: 'sf', type: 'salesforce', providerLabel: 'CRM', credentials: { clientId: salesforce.clientId } }, { clientSecret: '' });
    expect(await w.secrets.get('sf/clientSecret')).toBe(salesforce.clientSecret);

    const lastRead = (await w.api.listSourceTeams('sf')).readAt;
    await w.api.saveConnection({ id: 'sf', type: 'salesforce', credentials: { clientId: salesforce.clientId } }, { clientSecret: 'wrong-client-secret-0123' });
    const failed = await w.api.listSourceTeams('sf', { refresh: true });
    expect(failed.error).toMatch(/^Salesforce sign-in at http:\/\/127\.0\.0\.1:\d+ was refused \(invalid_client/);
    expect(failed.error).not.toContain('wrong-client-secret-0123');
    expect(failed.teams.map((t) => t.name)).toEqual(['Sales']);
    expect(failed.readAt).toBe(lastRead);
    expect(w.mirrorContains(salesforce.clientSecret)).toBe(false);
  });
});
