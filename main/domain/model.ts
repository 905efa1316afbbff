// The domain of a directory sync: what a source says, what Plecto has, and the
// plan that brings Plecto in step. Everything here is plain data (JSON-safe),
// so plans can be stored in the mirror, printed by the CLI and shown in the UI.

export type ConnectorType = 'intercom' | 'salesforce' | 'enreach';

/** Rule ids of ../shared/contracts/sync-rules.md. */
export type RuleId = 'R1' | 'R2' | 'R3' | 'R4' | 'R5' | 'R6' | 'R7' | 'R8' | 'R9' | 'R10' | 'R11' | 'R12' | 'R13' | 'R14';

/** Change kinds, in the apply order of R12. */
export const CHANGE_KINDS = [
  'create_team',
  'update_team',
  'create_employee',
  'link_employee',
  'update_employee',
  'add_membership',
  'remove_membership',
  'deactivate_employee',
  'reactivate_employee',
] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

// ---------------------------------------------------------------- source side

export interface SourceTeam {
  sourceId: string;
  name: string;
  /** Parent team in the source (role hierarchy, group nesting), or null. */
  parentSourceId: string | null;
}

export interface SourcePerson {
  sourceId: string;
  name: string;
  email: string | null;
  title: string | null;
  /** False when the source says the person is inactive/disabled (R5). */
  active: boolean;
  /** Source ids of the teams this person belongs to (sorted, unique). */
  teamSourceIds: string[];
}

/** One complete, successful read of a source's directory. */
export interface SourceDirectory {
  teams: SourceTeam[];
  people: SourcePerson[];
}

/** Per-connector rules the planner must respect (R1, R3). */
export interface ConnectorRules {
  /** Salesforce: a person is an employee only if one of its teams (roles) is synced as a team. */
  employeeNeedsSyncedTeam: boolean;
  /** The source nests teams (Salesforce role hierarchy, Enreach groups). False (Intercom): a sync never changes a Plecto team's parent (R1). */
  teamNesting: boolean;
  /** The source has a job title (Intercom). False (Salesforce, Enreach): the title is absent, never written — absent is not empty (R3). */
  hasTitle: boolean;
}

// ---------------------------------------------------------------- Plecto side

export interface ApiProvider {
  provider: string;
  providerId: string;
  email: string | null;
}

export interface PlectoTeam {
  uuid: string;
  name: string;
  parent: string | null;
}

export interface PlectoMember {
  uuid: string;
  name: string;
  email: string | null;
  isActive: boolean;
  title: string | null;
  /** uuids of the member's teams. */
  teams: string[];
  apiProviders: ApiProvider[];
  /** "Manage this employee manually" set in Plecto (R7). */
  managedManually: boolean;
}

export interface PlectoDirectory {
  teams: PlectoTeam[];
  members: PlectoMember[];
}

// ---------------------------------------------------------------- settings

export interface SyncSettings {
  automaticSync: boolean;
  syncTeams: boolean;
  syncEmployees: boolean;
  onlySelectedTeams: boolean;
  /** Source team ids picked in the team selector (R8). */
  selectedTeams: string[];
}

export interface SafeguardSettings {
  maxDeactivations: number;
  maxDeactivationPercent: number;
}

export const DEFAULT_SETTINGS: SyncSettings = {
  automaticSync: true,
  syncTeams: true,
  syncEmployees: true,
  onlySelectedTeams: false,
  selectedTeams: [],
};

export const DEFAULT_SAFEGUARDS: SafeguardSettings = { maxDeactivations: 25, maxDeactivationPercent: 20 };

export const DEFAULT_PROVIDER_LABEL: Record<ConnectorType, string> = {
  intercom: 'Intercom',
  salesforce: 'Salesforce',
  enreach: 'Enreach',
};

// ---------------------------------------------------------------- mirror links

export interface TeamLink {
  sourceId: string;
  plectoUuid: string;
}

export interface EmployeeLink {
  sourceId: string;
  plectoUuid: string;
  /** True when this connection deactivated the member (R6 may reactivate it). */
  deactivatedBySync: boolean;
}

// ---------------------------------------------------------------- plan

export interface TeamRef {
  sourceId: string;
  name: string;
  /** Known Plecto uuid; null when the team is created by this plan. */
  plectoUuid?: string | null;
}

export interface EmployeeRef {
  sourceId: string;
  name: string;
  email: string | null;
  /** Known Plecto uuid; null when the employee is created by this plan. */
  plectoUuid: string | null;
}

/**
 * One visible change. `id` is stable for the same inputs (R11) and lets an
 * admin leave a change out of a run. What to write is in the kind-specific
 * fields; the applier turns changes into Plecto writes (see writes.ts).
 */
export interface Change {
  id: string;
  kind: ChangeKind;
  rule: RuleId;
  /** One sentence an admin can read: why this change is in the plan. */
  reason: string;
  team?: TeamRef;
  employee?: EmployeeRef;
  /** create_team / update_team: the team's new parent (null = top level); absent = unchanged. */
  parent?: TeamRef | null;
  /** update_team / update_employee: the new name; absent = unchanged. */
  name?: string;
  /** create_employee / update_employee: the new title; absent = unchanged. */
  title?: string | null;
  /** update_* : previous values, for the preview. */
  before?: { name?: string; title?: string | null; parent?: string | null };
}

export interface SkippedItem {
  employee?: { sourceId: string; name: string; plectoUuid?: string | null };
  team?: { sourceId: string; name: string };
  reason: string;
  /** R7: the changes a sync would have made to this manually managed employee, not made (e.g. a team move). */
  withheld?: Change[];
}

export interface Plan {
  connectionId: string;
  providerLabel: string;
  changes: Change[];
  skipped: SkippedItem[];
  /** Things an admin should know that are not changes (e.g. a refused team name match). */
  notes: string[];
  /** Links the mirror records without any Plecto write (provider-id and team-name matches). */
  adoptions: { teams: TeamLink[]; employees: EmployeeLink[] };
  /** Number of managed employees of this connection before the plan (R10 percentage base). */
  managedEmployees: number;
  /**
   * R12: how many applies of this connection had started (any process) when the plan's reads
   * began, and whether one was under way then. A plan is applied only if that is still so.
   */
  basis?: {
    applyGeneration: number;
    applyUnderWay: boolean;
    /** The connection's sync settings the plan was made with (scope, switches): another scope is another plan. */
    settings?: string;
  };
  /** R14: the run this plan undoes (absent for an ordinary sync). */
  undoOf?: number;
  /** R14: changes of the undone run that are left alone because they changed since. */
  conflicts?: UndoConflict[];
}

/** R14: a change of the undone run that is not undone, with what the item is now. */
export interface UndoConflict {
  change: Change;
  now: string;
}

export type Summary = Record<ChangeKind, number>;

export function summarize(changes: readonly Change[]): Summary {
  const summary = Object.fromEntries(CHANGE_KINDS.map((k) => [k, 0])) as Summary;
  for (const change of changes) summary[change.kind]++;
  return summary;
}

/** Everything the pure planner needs for one connection (R1–R11). */
export interface PlanInput {
  connectionId: string;
  providerLabel: string;
  connectorRules: ConnectorRules;
  settings: SyncSettings;
  source: SourceDirectory;
  plecto: PlectoDirectory;
  /** This connection's links from the mirror. */
  teamLinks: TeamLink[];
  employeeLinks: EmployeeLink[];
  /** Plecto team uuids linked by another connection: never matched by name (a team belongs to one connection). */
  teamsLinkedElsewhere: { plectoUuid: string; connectionId: string }[];
  /** Plecto member uuids that another connection links and still has active in its source (R5). */
  activeElsewhere: string[];
  /** Plecto member uuids an admin marked "managed manually" in this app (R7). */
  manuallyManaged: string[];
}

/** A source read that cannot be trusted as complete (R10): nothing may be applied. */
export class SourceReadError extends Error {
  constructor(
    message: string,
    readonly system: string,
    readonly kind: 'auth' | 'network' | 'limit' | 'bad_answer' | 'permission' = 'bad_answer',
  ) {
    super(message);
    this.name = 'SourceReadError';
  }
}
