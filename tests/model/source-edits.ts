// Edits an admin makes in a source between two syncs, the same verbs for the
// three systems: join, leave, deactivate, return, move, rename a team, delete a
// team, delete and recreate it under a new id, re-parent it, add a person.
// Each takes indexes (so a shrunk case stays meaningful) and says in words
// what it did.
import type { AdminWire, FakeIntercom } from '../fakes/intercom-server';
import type { FakeEnreach, UserWire as EnreachUser } from '../fakes/enreach-server';
import type { FakeSalesforce } from '../fakes/salesforce-server';
import { PEOPLE, TEAM_NAMES, emailVariant, normalEmail, normalName } from './directory';
import type { ConnectionId, ModelWorld } from './world';

export const SOURCE_EDITS = ['join', 'leave', 'deactivate', 'return', 'move', 'renameTeam', 'deleteTeam', 'recreateTeam', 'reparentTeam', 'addPerson'] as const;
export type SourceEdit = (typeof SOURCE_EDITS)[number];

interface Person {
  id: string;
  name: string;
  email: string;
}
interface Team {
  id: string;
  name: string;
}

const pick = <T>(list: T[], i: number): T | undefined => (list.length === 0 ? undefined : list[i % list.length]);

/** Admins removed from Intercom, kept so that they can come back with the same id. */
const removedAdmins = new WeakMap<FakeIntercom, AdminWire[]>();

/** A free team name: unused (case-insensitively) by the other teams of the source. */
function freeName(teams: Team[], self: Team | null, n: number): string | undefined {
  const taken = new Set(teams.filter((t) => t !== self).map((t) => normalName(t.name)));
  const free = TEAM_NAMES.filter((name) => !taken.has(normalName(name)) && name !== self?.name);
  return pick(free, n);
}

/** Applies `edit` to the source of `connection`; returns what it did, or null when it had nothing to act on. */
export function editSource(world: ModelWorld, connection: ConnectionId, edit: SourceEdit, a: number, b: number): string | null {
  if (connection === 'intercom') return editIntercom(world.intercom, edit, a, b);
  if (connection === 'enreach') return editEnreach(world.enreach, edit, a, b);
  return editSalesforce(world.salesforce, edit, a, b);
}

function editIntercom(fake: FakeIntercom, edit: SourceEdit, a: number, b: number): string | null {
  const people: Person[] = fake.admins;
  const teams: Team[] = fake.teams;
  const removed = removedAdmins.get(fake) ?? [];
  removedAdmins.set(fake, removed);
  const person = pick(people, a) as AdminWire | undefined;
  const team = pick(teams, b);
  const leaveAll = (admin: AdminWire) => {
    for (const t of fake.teams) t.admin_ids = t.admin_ids.filter((id) => String(id) !== admin.id);
    admin.team_ids = [];
  };
  switch (edit) {
    case 'join':
      if (!person || !team) return null;
      fake.join(person.id, team.id);
      return `${person.name} joins ${team.name}`;
    case 'leave': {
      if (!person || person.team_ids.length === 0) return null;
      const teamId = String(person.team_ids[b % person.team_ids.length]);
      const left = fake.teams.find((t) => t.id === teamId)!;
      person.team_ids = person.team_ids.filter((id) => String(id) !== teamId);
      left.admin_ids = left.admin_ids.filter((id) => String(id) !== person.id);
      return `${person.name} leaves ${left.name}`;
    }
    case 'deactivate':
      // Intercom has no inactive admins: a leaver is removed from the workspace.
      if (!person) return null;
      fake.removeAdmin(person.id);
      removed.push({ ...person, team_ids: [] });
      return `${person.name} is removed from Intercom`;
    case 'return': {
      const back = pick(removed, a);
      if (!back) return null;
      removed.splice(removed.indexOf(back), 1);
      fake.admins.push(back);
      if (team) fake.join(back.id, team.id);
      return `${back.name} comes back to Intercom${team ? ` in ${team.name}` : ''}`;
    }
    case 'move':
      if (!person || !team) return null;
      leaveAll(person);
      fake.join(person.id, team.id);
      return `${person.name} moves to ${team.name} only`;
    case 'renameTeam': {
      const t = pick(teams, a);
      const name = t && freeName(teams, t, b);
      if (!t || !name) return null;
      const before = t.name;
      t.name = name;
      return `team ${before} is renamed ${name}`;
    }
    case 'deleteTeam': {
      const t = pick(teams, a);
      if (!t) return null;
      fake.removeTeam(t.id);
      return `team ${t.name} is deleted`;
    }
    case 'recreateTeam': {
      const t = pick(fake.teams, a);
      if (!t) return null;
      const members = t.admin_ids.map(String);
      fake.removeTeam(t.id);
      const again = fake.addTeam({ name: t.name });
      for (const id of members) fake.join(id, again.id);
      return `team ${t.name} is deleted and made again (new id ${again.id})`;
    }
    case 'reparentTeam':
      return null; // Intercom teams have no nesting (R1)
    case 'addPerson': {
      const known = new Set([...fake.admins, ...removed].map((p) => normalEmail(p.email)));
      const who = pick(PEOPLE.filter((p) => !known.has(normalEmail(p.email))), a);
      if (!who) return null;
      const admin = fake.addAdmin({ name: who.name, email: emailVariant(who.email, b), job_title: b % 2 ? 'Agent' : null });
      if (team) fake.join(admin.id, team.id);
      return `${who.name} joins Intercom${team ? ` in ${team.name}` : ''}`;
    }
  }
}

/** Groups or roles with a parent: the shared part of Enreach and Salesforce. */
interface Nested {
  teams: Team[];
  parentOf(t: Team): string | null;
  setParent(t: Team, parent: string | null): void;
}

function reparent(n: Nested, a: number, b: number): string | null {
  const t = pick(n.teams, a);
  if (!t) return null;
  // Never under itself or a descendant: a source hierarchy has no cycles.
  const below = new Set<string>([t.id]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const other of n.teams) {
      const parent = n.parentOf(other);
      if (parent && below.has(parent) && !below.has(other.id)) {
        below.add(other.id);
        grew = true;
      }
    }
  }
  const candidates = [null, ...n.teams.filter((o) => !below.has(o.id)).map((o) => o.id)];
  const parent = candidates[b % candidates.length];
  if (parent === n.parentOf(t)) return null;
  n.setParent(t, parent);
  return `team ${t.name} moves under ${parent ? n.teams.find((o) => o.id === parent)!.name : 'the top level'}`;
}

function editEnreach(fake: FakeEnreach, edit: SourceEdit, a: number, b: number): string | null {
  const teams: Team[] = fake.groups.map((g) => ({ id: g.Id, name: g.Name }));
  const user = pick(fake.users, a);
  const group = pick(fake.groups, b);
  const nameOf = (u: EnreachUser) => `${u.FirstName} ${u.LastName}`;
  switch (edit) {
    case 'join':
      if (!user || !group || user.GroupIds.includes(group.Id)) return null;
      user.GroupIds = [...user.GroupIds, group.Id];
      return `${nameOf(user)} joins ${group.Name}`;
    case 'leave': {
      if (!user || user.GroupIds.length === 0) return null;
      const id = user.GroupIds[b % user.GroupIds.length];
      user.GroupIds = user.GroupIds.filter((g) => g !== id);
      return `${nameOf(user)} leaves ${fake.groups.find((g) => g.Id === id)?.Name ?? id}`;
    }
    case 'deactivate':
      if (!user || !user.IsActive) return null;
      user.IsActive = false;
      return `${nameOf(user)} is deactivated in Enreach`;
    case 'return': {
      const inactive = fake.users.filter((u) => !u.IsActive);
      const back = pick(inactive, a);
      if (!back) return null;
      back.IsActive = true;
      return `${nameOf(back)} is active in Enreach again`;
    }
    case 'move':
      if (!user || !group) return null;
      user.GroupIds = [group.Id];
      return `${nameOf(user)} moves to ${group.Name} only`;
    case 'renameTeam': {
      const g = pick(fake.groups, a);
      const name = g && freeName(teams, teams[fake.groups.indexOf(g)], b);
      if (!g || !name) return null;
      const before = g.Name;
      g.Name = name;
      return `group ${before} is renamed ${name}`;
    }
    case 'deleteTeam': {
      const g = pick(fake.groups, a);
      if (!g) return null;
      fake.groups = fake.groups.filter((o) => o !== g);
      for (const u of fake.users) u.GroupIds = u.GroupIds.filter((id) => id !== g.Id);
      for (const o of fake.groups) if (o.ParentId === g.Id) o.ParentId = g.ParentId;
      return `group ${g.Name} is deleted`;
    }
    case 'recreateTeam': {
      const g = pick(fake.groups, a);
      if (!g) return null;
      fake.groups = fake.groups.filter((o) => o !== g);
      const again = fake.addGroup({ Name: g.Name, ParentId: g.ParentId });
      for (const u of fake.users) u.GroupIds = u.GroupIds.map((id) => (id === g.Id ? again.Id : id));
      for (const o of fake.groups) if (o.ParentId === g.Id) o.ParentId = again.Id;
      return `group ${g.Name} is deleted and made again (new id ${again.Id})`;
    }
    case 'reparentTeam':
      return reparent(
        {
          teams,
          parentOf: (t) => fake.groups.find((g) => g.Id === t.id)!.ParentId,
          setParent: (t, parent) => void (fake.groups.find((g) => g.Id === t.id)!.ParentId = parent),
        },
        a,
        b,
      );
    case 'addPerson': {
      const known = new Set(fake.users.map((u) => normalEmail(u.Email)));
      const who = pick(PEOPLE.filter((p) => !known.has(normalEmail(p.email))), a);
      if (!who) return null;
      const [first, ...rest] = who.name.split(' ');
      const email = emailVariant(who.email, b);
      fake.addUser({ FirstName: first, LastName: rest.join(' '), Email: email, UserName: email, GroupIds: group ? [group.Id] : [] });
      return `${who.name} joins Enreach${group ? ` in ${group.Name}` : ''}`;
    }
  }
}

function editSalesforce(fake: FakeSalesforce, edit: SourceEdit, a: number, b: number): string | null {
  const teams: Team[] = fake.roles.map((r) => ({ id: r.Id, name: r.Name }));
  const user = pick(fake.users, a);
  const role = pick(fake.roles, b);
  switch (edit) {
    case 'join':
    case 'move':
      // A Salesforce user holds exactly one role: joining one is moving to it.
      if (!user || !role || user.UserRoleId === role.Id) return null;
      user.UserRoleId = role.Id;
      return `${user.Name} gets role ${role.Name}`;
    case 'leave':
      if (!user || !user.UserRoleId) return null;
      user.UserRoleId = null;
      return `${user.Name} loses their role`;
    case 'deactivate':
      if (!user || !user.IsActive) return null;
      user.IsActive = false;
      return `${user.Name} is deactivated in Salesforce`;
    case 'return': {
      const back = pick(fake.users.filter((u) => !u.IsActive), a);
      if (!back) return null;
      back.IsActive = true;
      return `${back.Name} is active in Salesforce again`;
    }
    case 'renameTeam': {
      const r = pick(fake.roles, a);
      const name = r && freeName(teams, teams[fake.roles.indexOf(r)], b);
      if (!r || !name) return null;
      const before = r.Name;
      r.Name = name;
      return `role ${before} is renamed ${name}`;
    }
    case 'deleteTeam': {
      const r = pick(fake.roles, a);
      if (!r) return null;
      fake.roles = fake.roles.filter((o) => o !== r);
      for (const u of fake.users) if (u.UserRoleId === r.Id) u.UserRoleId = null;
      for (const o of fake.roles) if (o.ParentRoleId === r.Id) o.ParentRoleId = r.ParentRoleId;
      return `role ${r.Name} is deleted`;
    }
    case 'recreateTeam': {
      const r = pick(fake.roles, a);
      if (!r) return null;
      fake.roles = fake.roles.filter((o) => o !== r);
      const again = fake.addRole({ Name: r.Name, ParentRoleId: r.ParentRoleId });
      for (const u of fake.users) if (u.UserRoleId === r.Id) u.UserRoleId = again.Id;
      for (const o of fake.roles) if (o.ParentRoleId === r.Id) o.ParentRoleId = again.Id;
      return `role ${r.Name} is deleted and made again (new id ${again.Id})`;
    }
    case 'reparentTeam':
      return reparent(
        {
          teams,
          parentOf: (t) => fake.roles.find((r) => r.Id === t.id)!.ParentRoleId,
          setParent: (t, parent) => void (fake.roles.find((r) => r.Id === t.id)!.ParentRoleId = parent),
        },
        a,
        b,
      );
    case 'addPerson': {
      const known = new Set(fake.users.map((u) => normalEmail(u.Email)));
      const who = pick(PEOPLE.filter((p) => !known.has(normalEmail(p.email))), a);
      if (!who) return null;
      fake.addUser({ Name: who.name, Email: emailVariant(who.email, b), UserRoleId: role?.Id ?? null });
      return `${who.name} joins Salesforce${role ? ` with role ${role.Name}` : ''}`;
    }
  }
}

/** Is this source person someone the connection must keep active in Plecto (R3, R5, R6)? */
export function activeInSource(world: ModelWorld, connection: ConnectionId, sourceId: string): boolean {
  if (connection === 'intercom') return world.intercom.admins.some((a) => a.id === sourceId);
  if (connection === 'enreach') return world.enreach.users.some((u) => u.Id === sourceId && u.IsActive);
  const user = world.salesforce.users.find((u) => u.Id === sourceId);
  // Salesforce: only Standard users with a synced role are employees (R3).
  return !!user && user.IsActive && user.UserType === 'Standard' && !!user.UserRoleId && world.salesforce.roles.some((r) => r.Id === user.UserRoleId);
}

/** The source's people as (id, email, team ids) for the final checks. */
export function sourcePeople(world: ModelWorld, connection: ConnectionId): { id: string; email: string | null; teams: string[] }[] {
  if (connection === 'intercom') {
    const teamIds = new Set(world.intercom.teams.map((t) => t.id));
    return world.intercom.admins.map((a) => {
      const teams = new Set(a.team_ids.map(String));
      for (const t of world.intercom.teams) if (t.admin_ids.map(String).includes(a.id)) teams.add(t.id);
      return { id: a.id, email: a.email, teams: [...teams].filter((t) => teamIds.has(t)) };
    });
  }
  if (connection === 'enreach') {
    const ids = new Set(world.enreach.groups.map((g) => g.Id));
    return world.enreach.users.map((u) => ({ id: u.Id, email: u.Email, teams: u.GroupIds.filter((g) => ids.has(g)) }));
  }
  const roles = new Set(world.salesforce.roles.map((r) => r.Id));
  return world.salesforce.users.map((u) => ({ id: u.Id, email: u.Email, teams: u.UserRoleId && roles.has(u.UserRoleId) ? [u.UserRoleId] : [] }));
}

/** The source's teams as (id, name, parent id). */
export function sourceTeams(world: ModelWorld, connection: ConnectionId): { id: string; name: string; parent: string | null }[] {
  if (connection === 'intercom') return world.intercom.teams.map((t) => ({ id: t.id, name: t.name, parent: null }));
  if (connection === 'enreach') {
    const ids = new Set(world.enreach.groups.map((g) => g.Id));
    return world.enreach.groups.map((g) => ({ id: g.Id, name: g.Name, parent: g.ParentId && ids.has(g.ParentId) ? g.ParentId : null }));
  }
  const ids = new Set(world.salesforce.roles.map((r) => r.Id));
  return world.salesforce.roles.map((r) => ({ id: r.Id, name: r.Name, parent: r.ParentRoleId && ids.has(r.ParentRoleId) ? r.ParentRoleId : null }));
}
