// Edits an admin makes by hand in Plecto — between two syncs, between a
// preview and its apply, or while an apply runs: a member made by hand with a
// source person's email, memberships in hand-made teams, "managed manually",
// a deactivation, team renames (case only, too) and re-parenting.
import type { ModelWorld } from './world';
import { HAND_TEAM_NAMES, PEOPLE, emailVariant, normalEmail } from './directory';

export const ADMIN_EDITS = ['createMember', 'handTeam', 'markManual', 'unmarkManual', 'deactivate', 'renameTeam', 'reparentTeam'] as const;
export type AdminEdit = (typeof ADMIN_EDITS)[number];

const pick = <T>(list: T[], i: number): T | undefined => (list.length === 0 ? undefined : list[i % list.length]);

/** A hand-made team no source has (made on first use). */
function handTeam(world: ModelWorld, n: number) {
  const name = HAND_TEAM_NAMES[n % HAND_TEAM_NAMES.length];
  const found = [...world.plecto.teams.values()].find((t) => t.name === name);
  if (found) return found;
  const made = world.plecto.addTeam(name);
  world.handMade.add(made.uuid);
  return made;
}

/** Applies `edit` to the fake Plecto as an admin would; returns what it did, or null when there was nothing to do. */
export function editPlecto(world: ModelWorld, edit: AdminEdit, a: number, b: number): string | null {
  const { plecto } = world;
  const members = [...plecto.members.values()];
  const teams = [...plecto.teams.values()];
  const member = pick(members, a);
  switch (edit) {
    case 'createMember': {
      // Emails are unique in Plecto: only someone not there yet.
      const taken = new Set(members.map((m) => normalEmail(m.email)));
      const who = pick(PEOPLE.filter((p) => !taken.has(normalEmail(p.email))), a);
      if (!who) return null;
      const [first, ...rest] = who.name.split(' ');
      const team = handTeam(world, b);
      plecto.addMember({ name: who.name, first_name: first, last_name: rest.join(' '), email: emailVariant(who.email, b), teams: [team.uuid], title: 'Made by hand' });
      return `admin creates ${who.name} by hand in ${team.name}`;
    }
    case 'handTeam': {
      if (!member) return null;
      const team = handTeam(world, b);
      const had = member.teams.includes(team.uuid);
      member.teams = had ? member.teams.filter((t) => t !== team.uuid) : [...member.teams, team.uuid];
      return `admin ${had ? 'removes' : 'adds'} ${member.first_name} ${had ? 'from' : 'to'} ${team.name}`;
    }
    case 'markManual':
    case 'unmarkManual': {
      const manual = edit === 'markManual';
      const target = pick(members.filter((m) => m.managed_manually !== manual), a);
      if (!target) return null;
      target.managed_manually = manual;
      return `admin ${manual ? 'marks' : 'unmarks'} ${target.first_name} ${target.last_name} managed manually`;
    }
    case 'deactivate': {
      const target = pick(members.filter((m) => m.is_active), a);
      if (!target) return null;
      target.is_active = false;
      return `admin deactivates ${target.first_name} ${target.last_name}`;
    }
    case 'renameTeam': {
      const team = pick(teams, a);
      if (!team) return null;
      const before = team.name;
      // Mostly a case-only change (R1 fixes it back in one run), sometimes a new name.
      team.name = b % 3 === 0 ? `${before} (old)` : b % 3 === 1 ? before.toUpperCase() : before.toLowerCase();
      if (team.name === before) return null;
      return `admin renames team ${before} to ${team.name}`;
    }
    case 'reparentTeam': {
      const team = pick(teams, a);
      if (!team) return null;
      const below = new Set([team.uuid]);
      for (let grew = true; grew; ) {
        grew = false;
        for (const t of teams) if (t.parent && below.has(t.parent) && !below.has(t.uuid)) (below.add(t.uuid), (grew = true));
      }
      const candidates = [null, ...teams.filter((t) => !below.has(t.uuid))];
      const parent = candidates[b % candidates.length];
      if ((parent?.uuid ?? null) === team.parent) return null;
      team.parent = parent?.uuid ?? null;
      return `admin moves team ${team.name} under ${parent ? parent.name : 'the top level'}`;
    }
  }
}

