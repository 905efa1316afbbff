// The Intercom-only world most engine and CLI tests use, and helpers to read
// the fake Plecto's state. Worlds of other connection types: ./world.ts.
import type { SyncSettings } from '../../main/domain/model';
import type { FakeIntercom } from '../fakes/intercom-server';
import type { FakePlecto } from '../fakes/plecto-server';
import { startMixedWorld, type ConnectionSpec, type MixedWorld } from './world';

export { fastClock } from './world';

export interface World extends MixedWorld {
  /** The fake Intercom of each connection, in profile order ("intercom", "intercom2", ...). */
  intercoms: FakeIntercom[];
}

/** A world of `intercoms` Intercom connections (default 1) with optional settings per connection. */
export async function startWorld(
  options: { intercoms?: number; settings?: Partial<SyncSettings>[]; maxDeactivations?: number } = {},
): Promise<World> {
  const specs: ConnectionSpec[] = Array.from({ length: options.intercoms ?? 1 }, (_, i) => ({
    type: 'intercom',
    settings: options.settings?.[i],
    safeguards: options.maxDeactivations !== undefined ? { maxDeactivations: options.maxDeactivations } : undefined,
  }));
  const world = await startMixedWorld(specs);
  return Object.assign(world, { intercoms: world.connections.map((c) => world.intercom(c.id)) });
}

/** A small company in an Intercom fake: teams Support (1) and Sales (2), four admins. */
export function seedSmallCompany(intercom: FakeIntercom) {
  const support = intercom.addTeam({ id: '1', name: 'Support' });
  const sales = intercom.addTeam({ id: '2', name: 'Sales' });
  const ann = intercom.addAdmin({ id: '101', name: 'Ann Lee', email: 'ann@acme.com', job_title: 'Agent' });
  const bob = intercom.addAdmin({ id: '102', name: 'Bob Ray', email: 'bob@acme.com', job_title: 'Agent' });
  const cat = intercom.addAdmin({ id: '103', name: 'Cat Poe', email: 'cat@acme.com', job_title: 'Seller' });
  const dan = intercom.addAdmin({ id: '104', name: 'Dan Orr', email: 'dan@acme.com', job_title: null });
  intercom.join(ann.id, support.id);
  intercom.join(bob.id, support.id);
  intercom.join(cat.id, sales.id);
  intercom.join(dan.id, sales.id);
  intercom.join(dan.id, support.id);
  return { support, sales, ann, bob, cat, dan };
}

/** Plecto state as comparable data: team names, and per member name → sorted team names + active flag. */
export function plectoState(plecto: FakePlecto) {
  const teamName = new Map([...plecto.teams.values()].map((t) => [t.uuid, t.name]));
  const members = Object.fromEntries(
    [...plecto.members.values()]
      .map((m) => [m.name, { active: m.is_active, teams: m.teams.map((t) => teamName.get(t)).sort() }] as const)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
  return { teams: [...teamName.values()].sort(), members };
}

export function writesTo(plecto: FakePlecto, pathPart: string, method = 'POST') {
  return plecto.log.filter((e) => e.method === method && e.path.includes(pathPart) && e.status < 300).length;
}
