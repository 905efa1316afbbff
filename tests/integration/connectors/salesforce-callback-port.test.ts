// The Salesforce sign-in's callback port is a connection setting (issue 10,
// point 1): saved through the desktop API, shown on the connection, used for
// http://localhost:PORT/callback, and read from a profile (`callbackPort`).
import fs from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDesktopServices } from '../../../main/app/desktop-services';
import { systemClock } from '../../../main/common/clock';
import { silentLogger } from '../../../main/common/logger';
import { parseProfile } from '../../../main/config/profile-parse';
import { validateApiArgs } from '../../../main/ipc/validate';
import { MemorySecretStore } from '../../../main/secrets/secret-store';
import { Mirror } from '../../../main/store/mirror';
import type { DirectorySyncApi } from '../../../preload/contract';
import { startFakeSalesforce, type FakeSalesforce } from '../../fakes/salesforce-server';

let dir: string;
let mirror: Mirror;
let salesforce: FakeSalesforce;
let api: DirectorySyncApi;
let opened: string[];

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sf-port-'));
  mirror = Mirror.open(path.join(dir, 'mirror.db'));
  salesforce = await startFakeSalesforce();
  opened = [];
  api = createDesktopServices({
    mirror,
    secrets: new MemorySecretStore(),
    fetch: (input, init) => fetch(input, init),
    clock: systemClock,
    logger: silentLogger,
    env: {},
    openBrowser: async (url) => {
      opened.push(url);
      void (async () => {
        const authorize = await fetch(url, { redirect: 'manual' });
        await (await fetch(authorize.headers.get('location')!)).text();
      })();
    },
  }).api;
});

afterEach(async () => {
  mirror.close();
  await salesforce.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('Salesforce callback port (a connection setting)', () => {
  it('a saved port is shown on the connection and used for http://localhost:PORT/callback', async () => {
    const port = await freePort();
    const view = await api.saveConnection(
      { id: 'salesforce', type: 'salesforce', loginUrl: salesforce.loginUrl, callbackPort: port, credentials: { clientId: salesforce.clientId } },
      {},
    );
    expect(view.callbackPort).toBe(port);
    const result = await api.signInSalesforce('salesforce');
    expect(result.ok).toBe(true);
    expect(new URL(opened[0]).searchParams.get('redirect_uri')).toBe(`http://localhost:${port}/callback`);
  });

  it('the port is validated (IPC) and read from a profile', () => {
    expect(() => validateApiArgs('saveConnection', [{ id: 's', type: 'salesforce', callbackPort: 80 }, {}])).toThrow(/callbackPort/);
    const profile = parseProfile(
      JSON.stringify({
        plecto: { baseUrl: 'https://app.plecto.com/api/v2/', email: 'a@b.co', password: { env: 'P' } },
        connections: [{ id: 'sf', type: 'salesforce', callbackPort: 8123, credentials: { clientId: 'x', refreshToken: { env: 'R' } } }],
      }),
      'profile.json',
    );
    expect(profile.connections[0].callbackPort).toBe(8123);
  });
});
