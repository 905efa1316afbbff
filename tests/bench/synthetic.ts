// A synthetic directory for benchmarks: N people, T teams, about M memberships,
// and the Plecto state plus links of a connection that has synced it fully.
import type { EmployeeLink, PlanInput, PlectoDirectory, SourceDirectory, TeamLink } from '../../main/domain/model';
import { DEFAULT_SETTINGS } from '../../main/domain/model';

const uuid = (kind: number, i: number) => (kind.toString(16) + i.toString(16)).padStart(32, '0');

export function syntheticSource(people: number, teams: number, memberships: number): SourceDirectory {
  const perPerson = memberships / people;
  const dir: SourceDirectory = { teams: [], people: [] };
  for (let t = 0; t < teams; t++) dir.teams.push({ sourceId: `t${t}`, name: `Team ${t}`, parentSourceId: t >= 50 ? `t${t % 50}` : null });
  let assigned = 0;
  for (let p = 0; p < people; p++) {
    const target = Math.round((p + 1) * perPerson) - assigned;
    const ids = new Set<string>();
    for (let k = 0; k < target; k++) ids.add(`t${(p * 7 + k * 131) % teams}`);
    assigned += target;
    dir.people.push({
      sourceId: `p${p}`,
      name: `Person ${p}`,
      email: `person${p}@bench.example`,
      title: p % 10 === 0 ? 'Lead' : 'Agent',
      active: true,
      teamSourceIds: [...ids].sort(),
    });
  }
  return dir;
}

/** Plecto and links exactly as after a complete sync of `source`. */
export function syncedState(source: SourceDirectory, provider = 'Bench') {
  const teamUuid = new Map(source.teams.map((t, i) => [t.sourceId, uuid(1, i)]));
  const plecto: PlectoDirectory = {
    teams: source.teams.map((t) => ({ uuid: teamUuid.get(t.sourceId)!, name: t.name, parent: t.parentSourceId ? teamUuid.get(t.parentSourceId)! : null })),
    members: source.people.map((p, i) => ({
      uuid: uuid(2, i),
      name: p.name,
      email: p.email,
      isActive: true,
      title: p.title,
      teams: p.teamSourceIds.map((id) => teamUuid.get(id)!),
      apiProviders: [{ provider, providerId: p.sourceId, email: p.email }],
      managedManually: false,
    })),
  };
  const teamLinks: TeamLink[] = source.teams.map((t) => ({ sourceId: t.sourceId, plectoUuid: teamUuid.get(t.sourceId)! }));
  const employeeLinks: EmployeeLink[] = source.people.map((p, i) => ({ sourceId: p.sourceId, plectoUuid: uuid(2, i), deactivatedBySync: false }));
  return { plecto, teamLinks, employeeLinks };
}

export function planInput(source: SourceDirectory, synced: ReturnType<typeof syncedState> | null): PlanInput {
  return {
    connectionId: 'bench',
    providerLabel: 'Bench',
    connectorRules: { employeeNeedsSyncedTeam: false, teamNesting: true, hasTitle: true },
    settings: DEFAULT_SETTINGS,
    source,
    plecto: synced?.plecto ?? { teams: [], members: [] },
    teamLinks: synced?.teamLinks ?? [],
    employeeLinks: synced?.employeeLinks ?? [],
    teamsLinkedElsewhere: [],
    activeElsewhere: [],
    manuallyManaged: [],
  };
}
