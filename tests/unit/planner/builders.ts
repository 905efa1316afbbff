// Small builders for planner inputs: defaults for everything, overrides for
// what a test is about.
import {
  DEFAULT_SETTINGS,
  type Change,
  type Plan,
  type PlanInput,
  type PlectoMember,
  type PlectoTeam,
  type SourcePerson,
  type SourceTeam,
  type SyncSettings,
} from '../../../main/domain/model';

export function sourceTeam(sourceId: string, name = `Team ${sourceId}`, parentSourceId: string | null = null): SourceTeam {
  return { sourceId, name, parentSourceId };
}

export function person(sourceId: string, overrides: Partial<SourcePerson> = {}): SourcePerson {
  return {
    sourceId,
    name: `Person ${sourceId}`,
    email: `${sourceId}@example.com`,
    title: null,
    active: true,
    teamSourceIds: [],
    ...overrides,
  };
}

export function plectoTeam(uuid: string, name: string, parent: string | null = null): PlectoTeam {
  return { uuid, name, parent };
}

export function member(uuid: string, overrides: Partial<PlectoMember> = {}): PlectoMember {
  return {
    uuid,
    name: `Member ${uuid}`,
    email: `${uuid}@example.com`,
    isActive: true,
    title: null,
    teams: [],
    apiProviders: [],
    managedManually: false,
    ...overrides,
  };
}

export type InputOverrides = Partial<Omit<PlanInput, 'settings'>> & { settings?: Partial<SyncSettings> };

export function planInput(overrides: InputOverrides = {}): PlanInput {
  const { settings, ...rest } = overrides;
  return {
    connectionId: 'intercom',
    providerLabel: 'Intercom',
    connectorRules: { employeeNeedsSyncedTeam: false, teamNesting: true, hasTitle: true },
    source: { teams: [], people: [] },
    plecto: { teams: [], members: [] },
    teamLinks: [],
    employeeLinks: [],
    teamsLinkedElsewhere: [],
    activeElsewhere: [],
    manuallyManaged: [],
    ...rest,
    settings: { ...DEFAULT_SETTINGS, ...settings },
  };
}

/**
 * A fully synced connection: source teams A, B (B under A) linked to Plecto
 * teams t-A, t-B; people 1 (in A) and 2 (in A and B) linked to members m-1, m-2.
 * Planning it as is yields no changes; tests change one thing.
 */
export function synced(overrides: InputOverrides = {}): PlanInput {
  return planInput({
    source: {
      teams: [sourceTeam('A', 'Support'), sourceTeam('B', 'Billing', 'A')],
      people: [
        person('1', { name: 'Jane Doe', email: 'jane@example.com', title: 'Agent', teamSourceIds: ['A'] }),
        person('2', { name: 'John Roe', email: 'john@example.com', teamSourceIds: ['A', 'B'] }),
      ],
    },
    plecto: {
      teams: [plectoTeam('t-A', 'Support'), plectoTeam('t-B', 'Billing', 't-A')],
      members: [
        member('m-1', { name: 'Jane Doe', email: 'jane@example.com', title: 'Agent', teams: ['t-A'], apiProviders: [{ provider: 'Intercom', providerId: '1', email: 'jane@example.com' }] }),
        member('m-2', { name: 'John Roe', email: 'john@example.com', teams: ['t-A', 't-B'], apiProviders: [{ provider: 'Intercom', providerId: '2', email: 'john@example.com' }] }),
      ],
    },
    teamLinks: [
      { sourceId: 'A', plectoUuid: 't-A' },
      { sourceId: 'B', plectoUuid: 't-B' },
    ],
    employeeLinks: [
      { sourceId: '1', plectoUuid: 'm-1', deactivatedBySync: false },
      { sourceId: '2', plectoUuid: 'm-2', deactivatedBySync: false },
    ],
    ...overrides,
  });
}

/** Returns a copy of `input` with `edit` applied to a deep clone (inputs stay untouched). */
export function edit(input: PlanInput, change: (draft: PlanInput) => void): PlanInput {
  const draft = structuredClone(input);
  change(draft);
  return draft;
}

export function ids(plan: Plan): string[] {
  return plan.changes.map((c) => c.id);
}

export function change(plan: Plan, id: string): Change {
  const found = plan.changes.find((c) => c.id === id);
  if (!found) throw new Error(`no change ${id} in plan: ${ids(plan).join(', ')}`);
  return found;
}

export function memberOf(input: PlanInput, uuid: string): PlectoMember {
  const found = input.plecto.members.find((m) => m.uuid === uuid);
  if (!found) throw new Error(`no member ${uuid}`);
  return found;
}

export function personOf(input: PlanInput, sourceId: string): SourcePerson {
  const found = input.source.people.find((p) => p.sourceId === sourceId);
  if (!found) throw new Error(`no person ${sourceId}`);
  return found;
}
