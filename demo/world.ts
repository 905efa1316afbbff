// The simulated systems of the built-in demo: a fake Intercom with the demo
// company and an empty fake Plecto, both on 127.0.0.1.
import { startFakeIntercom, type FakeIntercom } from '../tests/fakes/intercom-server';
import { startFakePlecto, type FakePlecto } from '../tests/fakes/plecto-server';
import { DEMO_INTERCOM_TOKEN, seedDemoIntercom } from './company';

export interface DemoWorld {
  plecto: FakePlecto;
  intercom: FakeIntercom;
  /** A profile (contracts/cli.md) pointing at both, with secrets read from the environment. */
  profile: Record<string, unknown>;
  /** The environment the profile's secrets come from. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startDemoWorld(): Promise<DemoWorld> {
  const plecto = await startFakePlecto({ email: 'directory-sync@northwind.example', password: 'demo-plecto-password' });
  const intercom = await startFakeIntercom({ token: DEMO_INTERCOM_TOKEN });
  seedDemoIntercom(intercom);
  return {
    plecto,
    intercom,
    profile: {
      plecto: {
        baseUrl: plecto.baseUrl,
        email: plecto.email,
        password: { env: 'PLECTO_PASSWORD' },
        requestsPerHour: 3600,
      },
      connections: [
        {
          id: 'intercom',
          type: 'intercom',
          baseUrl: intercom.baseUrl,
          providerLabel: 'Intercom',
          credentials: { accessToken: { env: 'INTERCOM_TOKEN' } },
          settings: { automaticSync: true, syncTeams: true, syncEmployees: true, onlySelectedTeams: false, selectedTeams: [] },
          safeguards: { maxDeactivations: 25, maxDeactivationPercent: 20 },
        },
      ],
    },
    env: { PLECTO_PASSWORD: plecto.password, INTERCOM_TOKEN: DEMO_INTERCOM_TOKEN },
    async close() {
      await Promise.all([plecto.close(), intercom.close()]);
    },
  };
}
