// Random starting directories: a universe of people (Unicode names, emails in
// several casings), each source holding some of them in nested teams, and a
// Plecto that already has hand-made teams and members — some sharing a source
// person's email, some managed manually. Plain JSON, so a failing case prints
// readably and replays from its seed.
import fc from 'fast-check';
import { CONNECTIONS, type ConnectionId, type ModelWorld } from './world';

export const PEOPLE = [
  { name: 'Zoë Ångström', email: 'zoe.angstrom@acme.com' },
  { name: 'José Núñez', email: 'jose.nunez@acme.com' },
  { name: 'Łukasz Żak', email: 'lukasz.zak@acme.com' },
  { name: 'Åsa Öberg', email: 'åsa.öberg@acme.com' },
  { name: 'Ann Lee', email: 'ann@acme.com' },
  { name: 'Bob Ray', email: 'bob@acme.com' },
  { name: 'Chloé Dubois', email: 'chloe@acme.com' },
  { name: 'Dan Orr', email: 'dan@acme.com' },
] as const;

/** Source team names: case, spacing and accent variants of the same few words, so name matches (R1) are exercised. */
export const TEAM_NAMES = ['Sales', 'sales', 'Support', 'SUPPORT ', 'Équipe Nord', 'équipe nord', 'Vertrieb Süd', 'Ops'];
/** Hand-made Plecto teams no source has: memberships in them must never change (R4). */
export const HAND_TEAM_NAMES = ['Board', 'Kaffeeklubb ☕', 'Night shift'];

/** An email as one system spells it: 0 as is, 1 upper-cased local part, 2 all upper case. */
export function emailVariant(email: string, variant: number): string {
  const [local, domain] = email.split('@');
  if (variant % 3 === 1) return `${local.charAt(0).toUpperCase()}${local.slice(1)}@${domain}`;
  if (variant % 3 === 2) return email.toUpperCase();
  return email;
}

export const normalEmail = (email: string | null | undefined) => (email ?? '').trim().toLowerCase();
export const normalName = (name: string) => name.trim().toLowerCase();

export interface SourcePersonSpec {
  person: number;
  emailVariant: number;
  active: boolean;
  /** Team indexes (Salesforce: the first is the role). */
  teams: number[];
  title: string | null;
}

export interface TeamSpec {
  name: string;
  /** Index of an earlier team of the same source (no cycles), or null. Intercom ignores it. */
  parent: number | null;
}

export interface DirectorySpec {
  /** The connections of this case (a subset keeps most cases small and fast). */
  connections: ConnectionId[];
  /** The connections' R10 limit on deactivations (default 25): a low one holds plans often. */
  maxDeactivations?: number;
  intercom: { teams: TeamSpec[]; people: SourcePersonSpec[] };
  enreach: { teams: TeamSpec[]; people: SourcePersonSpec[] };
  salesforce: { teams: TeamSpec[]; people: SourcePersonSpec[] };
  plecto: {
    teams: TeamSpec[];
    members: { person: number; emailVariant: number; manual: boolean; active: boolean; teams: number[]; title: string | null }[];
  };
}

const teamsArb = (names: readonly string[], max: number) =>
  fc
    .uniqueArray(fc.constantFrom(...names), { minLength: 1, maxLength: max, selector: normalName })
    .chain((picked) =>
      fc.tuple(...picked.map((name, i) => fc.option(fc.nat(Math.max(0, i - 1)), { nil: null }).map((p) => ({ name, parent: i === 0 ? null : p })))),
    );

const peopleArb = (teamCount: number, withInactive: boolean) =>
  fc.uniqueArray(
    fc.record({
      person: fc.nat(PEOPLE.length - 1),
      emailVariant: fc.nat(2),
      active: withInactive ? fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }) : fc.constant(true),
      teams: fc.uniqueArray(fc.nat(teamCount - 1), { minLength: 0, maxLength: Math.min(2, teamCount) }),
      title: fc.option(fc.constantFrom('Agent', 'Team lead', 'Säljare'), { nil: null }),
    }),
    { minLength: 0, maxLength: 6, selector: (p) => p.person },
  );

const sourceArb = (maxTeams: number, withInactive: boolean) =>
  teamsArb(TEAM_NAMES, maxTeams).chain((teams) => peopleArb(teams.length, withInactive).map((people) => ({ teams, people })));

export const directoryArb: fc.Arbitrary<DirectorySpec> = fc.record({
  connections: fc.subarray([...CONNECTIONS], { minLength: 1 }),
  maxDeactivations: fc.constantFrom(1, 2, 25),
  intercom: sourceArb(3, false),
  enreach: sourceArb(3, true),
  salesforce: sourceArb(3, true),
  plecto: teamsArb([...TEAM_NAMES, ...HAND_TEAM_NAMES], 3).chain((teams) =>
      fc.record({
        teams: fc.constant(teams as TeamSpec[]),
        members: fc.uniqueArray(
          fc.record({
            person: fc.nat(PEOPLE.length - 1),
            emailVariant: fc.nat(2),
            manual: fc.boolean(),
            active: fc.boolean(),
            teams: fc.uniqueArray(fc.nat(teams.length - 1), { maxLength: 2 }),
            title: fc.option(fc.constant('Hand-set title'), { nil: null }),
          }),
          { maxLength: 3, selector: (m) => m.person },
        ),
      }),
    ),
});

/** Puts a directory into the fakes: sources first, then Plecto's hand-made state. */
export function seedDirectory(world: ModelWorld, spec: DirectorySpec): void {
  const { intercom, enreach, salesforce, plecto } = world;
  world.active = spec.connections;
  for (const c of world.connections) c.safeguards.maxDeactivations = spec.maxDeactivations ?? 25;
  if (!spec.connections.includes('intercom')) spec = { ...spec, intercom: { teams: [], people: [] } };
  if (!spec.connections.includes('enreach')) spec = { ...spec, enreach: { teams: [], people: [] } };
  if (!spec.connections.includes('salesforce')) spec = { ...spec, salesforce: { teams: [], people: [] } };
  const icTeams = spec.intercom.teams.map((t) => intercom.addTeam({ name: t.name }));
  for (const p of spec.intercom.people) {
    const who = PEOPLE[p.person];
    const admin = intercom.addAdmin({ name: who.name, email: emailVariant(who.email, p.emailVariant), job_title: p.title });
    for (const t of p.teams) intercom.join(admin.id, icTeams[t].id);
  }

  const groups: { Id: string }[] = [];
  for (const t of spec.enreach.teams) {
    groups.push(enreach.addGroup({ Name: t.name, ParentId: t.parent === null ? null : groups[t.parent].Id }));
  }
  for (const p of spec.enreach.people) {
    const [first, ...rest] = PEOPLE[p.person].name.split(' ');
    const email = emailVariant(PEOPLE[p.person].email, p.emailVariant);
    enreach.addUser({ FirstName: first, LastName: rest.join(' '), Email: email, UserName: email, IsActive: p.active, GroupIds: p.teams.map((t) => groups[t].Id) });
  }

  const roles: { Id: string }[] = [];
  for (const t of spec.salesforce.teams) {
    roles.push(salesforce.addRole({ Name: t.name, ParentRoleId: t.parent === null ? null : roles[t.parent].Id }));
  }
  for (const p of spec.salesforce.people) {
    salesforce.addUser({
      Name: PEOPLE[p.person].name,
      Email: emailVariant(PEOPLE[p.person].email, p.emailVariant),
      IsActive: p.active,
      // A Salesforce user holds one role; one without is not imported (R3).
      UserRoleId: p.teams.length > 0 ? roles[p.teams[0]].Id : null,
    });
  }

  const teams: string[] = [];
  for (const t of spec.plecto.teams) teams.push(plecto.addTeam(t.name, t.parent === null ? null : teams[t.parent]).uuid);
  for (const m of spec.plecto.members) {
    const who = PEOPLE[m.person];
    const [first, ...rest] = who.name.split(' ');
    plecto.addMember({
      name: who.name,
      first_name: first,
      last_name: rest.join(' '),
      email: emailVariant(who.email, m.emailVariant),
      is_active: m.active,
      managed_manually: m.manual,
      title: m.title,
      teams: m.teams.map((t) => teams[t]),
    });
  }
}
