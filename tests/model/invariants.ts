// The invariants checked after every step of the model-based test. A step is
// one engine call (or a few, e.g. plan + apply) for one connection; the checker
// snapshots Plecto before it and compares after. Each violation names its rule.
import type { Change } from '../../main/domain/model';
import type { PlectoMemberWire, PlectoTeamWire } from '../fakes/plecto-server';
import { normalEmail, normalName } from './directory';
import { activeInSource, sourceTeams } from './source-edits';
import { CONNECTIONS, LABEL, type ConnectionId, type ModelWorld } from './world';

export class InvariantViolation extends Error {
  constructor(rule: string, message: string) {
    super(`[${rule}] ${message}`);
    this.name = 'InvariantViolation';
  }
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const connectionOfLabel = new Map(CONNECTIONS.map((c) => [LABEL[c], c]));

export interface Snapshot {
  members: Map<string, PlectoMemberWire>;
  teams: Map<string, PlectoTeamWire>;
  logAt: number;
  links: Map<ConnectionId, Set<string>>;
}

export interface StepExpectations {
  /** The step must send no write to Plecto (R10 failed read, R12 stale preview). */
  noWrites?: string;
  /** Changes an admin left out in this step (R13): none of them may happen. */
  excluded?: Change[];
}

const memberLabel = (m: PlectoMemberWire) => `${m.first_name} ${m.last_name} <${m.email ?? ''}>`;

export class Checker {
  constructor(private readonly world: ModelWorld) {}

  snapshot(): Snapshot {
    const { plecto, mirror } = this.world;
    return {
      members: new Map([...plecto.members.values()].map((m) => [m.uuid, clone(m)])),
      teams: new Map([...plecto.teams.values()].map((t) => [t.uuid, clone(t)])),
      logAt: plecto.log.length,
      links: new Map(CONNECTIONS.map((c) => [c, new Set(mirror.teamLinks(c).map((l) => l.plectoUuid))])),
    };
  }

  /** Runs one step of `connection` (an engine call or several) and checks every invariant on what it did. */
  async step<T>(connection: ConnectionId, body: () => Promise<T>, expect: StepExpectations = {}): Promise<T> {
    const before = this.snapshot();
    this.current = before;
    try {
      const result = await body();
      this.checkStep(connection, before, expect);
      return result;
    } finally {
      this.current = null;
    }
  }

  /** The snapshot of the step running now, if any. */
  private current: Snapshot | null = null;

  /**
   * An admin edit made while a step runs (e.g. right after one of its writes): what it changed becomes
   * part of the step's "before", so the checks judge only what the engine did.
   */
  adminEdit<T>(edit: () => T): T {
    const step = this.current;
    if (!step) return edit();
    const was = this.snapshot();
    const result = edit();
    const now = this.snapshot();
    for (const [uuid, member] of now.members) {
      if (JSON.stringify(was.members.get(uuid)) !== JSON.stringify(member)) step.members.set(uuid, member);
    }
    for (const [uuid, team] of now.teams) {
      if (JSON.stringify(was.teams.get(uuid)) !== JSON.stringify(team)) step.teams.set(uuid, team);
    }
    return result;
  }

  writesSince(snapshot: Snapshot): { method: string; path: string; status: number }[] {
    return this.world.plecto.log.slice(snapshot.logAt).filter((e) => e.method !== 'GET');
  }

  checkStep(connection: ConnectionId, before: Snapshot, expect: StepExpectations): void {
    const { plecto, mirror } = this.world;

    if (expect.noWrites) {
      const writes = this.writesSince(before);
      if (writes.length > 0) {
        throw new InvariantViolation(
          expect.noWrites.split(':')[0],
          `${expect.noWrites.split(':').slice(1).join(':').trim()}, yet ${writes.length} write(s) reached Plecto: ${writes.map((w) => `${w.method} ${w.path} → ${w.status}`).join('; ')}`,
        );
      }
    }
    this.noTwins();
    this.noTwinTeams(connection, before);

    const imported = new Set([...before.links.get(connection)!, ...mirror.teamLinks(connection).map((l) => l.plectoUuid)]);
    // R8: with the scope on, a team imported earlier but deselected now keeps its members as they are.
    const settings = this.world.settings(connection);
    const deselected = new Set<string>();
    if (settings.onlySelectedTeams) {
      const selected = new Set(settings.selectedTeams);
      const existing = new Set(sourceTeams(this.world, connection).map((t) => t.id));
      for (const l of mirror.teamLinks(connection)) if (existing.has(l.sourceId) && !selected.has(l.sourceId)) deselected.add(l.plectoUuid);
    }
    const label = LABEL[connection];
    for (const [uuid, was] of before.members) {
      const now = plecto.members.get(uuid);
      if (!now) throw new InvariantViolation('R5', `member ${memberLabel(was)} was deleted from Plecto`);
      const changed = JSON.stringify(was) !== JSON.stringify(now);
      // R7: a member managed manually is never written.
      if (was.managed_manually && changed) {
        throw new InvariantViolation('R7', `${label} sync wrote member ${memberLabel(was)}, who is managed manually: ${diff(was, now)}`);
      }
      // R3/R4: a member the connection does not manage (no provider entry after the step) is never written.
      const managed = now.api_providers.some((p) => p.provider === label);
      if (changed && !managed) {
        throw new InvariantViolation('R4', `${label} sync wrote member ${memberLabel(was)}, whom it does not manage: ${diff(was, now)}`);
      }
      // R4: memberships in teams this connection does not import never change.
      // (A leaver — gone from this source or inactive there — is removed from every team it imported (R5):
      // that is not judged against R8's deselected teams, which keep the members the source still has.)
      const leaver = (was.is_active && !now.is_active) || now.api_providers.some((p) => p.provider === label && !activeInSource(this.world, connection, p.provider_id));
      const outside = (teams: string[]) => teams.filter((t) => !imported.has(t) || (!leaver && deselected.has(t))).sort().join(',');
      if (outside(was.teams) !== outside(now.teams)) {
        throw new InvariantViolation(
          'R4',
          `${label} sync changed ${memberLabel(was)}'s memberships in teams it does not import${deselected.size ? ' or no longer selects (R8)' : ''}: ${teamNames(before, was.teams)} → ${teamNames(before, now.teams, plecto.teams)}`,
        );
      }
      // R5/R6: nobody still active in a source that manages them is deactivated.
      if (was.is_active && !now.is_active) {
        for (const p of now.api_providers) {
          const c = connectionOfLabel.get(p.provider);
          if (c && activeInSource(this.world, c, p.provider_id)) {
            throw new InvariantViolation('R6', `${label} sync deactivated ${memberLabel(was)}, who is still active in ${p.provider} (id ${p.provider_id})`);
          }
        }
      }
    }
    for (const change of expect.excluded ?? []) this.notCarriedOut(change, before);
  }

  /** R1/R2/R3/R12: no two Plecto teams or members for one source team or person. */
  noTwins(): void {
    const { plecto } = this.world;
    const byProvider = new Map<string, PlectoMemberWire>();
    const byEmail = new Map<string, PlectoMemberWire>();
    for (const m of plecto.members.values()) {
      for (const p of m.api_providers) {
        const key = `${p.provider} ${p.provider_id}`;
        const other = byProvider.get(key);
        if (other && other.uuid !== m.uuid) throw new InvariantViolation('R3', `two Plecto members carry ${key}: ${memberLabel(other)} and ${memberLabel(m)}`);
        byProvider.set(key, m);
      }
      const email = normalEmail(m.email);
      const other = email ? byEmail.get(email) : undefined;
      if (other) throw new InvariantViolation('R3', `two Plecto members share the email ${email}: ${memberLabel(other)} and ${memberLabel(m)}`);
      if (email) byEmail.set(email, m);
    }
  }

  /**
   * R1/R2/R12: a team this step created must not twin one that exists: not an unlinked team of the same
   * name (R1 would have matched it; a lost answer leaves one), nor the team of a source team that is gone
   * (R2: a team recreated under a new id re-links to it).
   */
  noTwinTeams(connection: ConnectionId, before: Snapshot): void {
    const { plecto, mirror } = this.world;
    const linked = new Set(mirror.allTeamLinks().map((l) => l.plectoUuid));
    const current = new Set(sourceTeams(this.world, connection).map((t) => t.id));
    const goneSourceTeam = new Map(mirror.teamLinks(connection).filter((l) => !current.has(l.sourceId)).map((l) => [l.plectoUuid, l.sourceId]));
    for (const made of plecto.teams.values()) {
      if (before.teams.has(made.uuid) || this.world.handMade.has(made.uuid)) continue;
      for (const other of plecto.teams.values()) {
        if (other.uuid === made.uuid || normalName(other.name) !== normalName(made.name)) continue;
        if (!linked.has(other.uuid)) {
          throw new InvariantViolation('R1', `${LABEL[connection]} created team "${made.name}" while an unlinked Plecto team "${other.name}" exists: a twin`);
        }
        if (goneSourceTeam.has(other.uuid)) {
          throw new InvariantViolation('R2', `${LABEL[connection]} created team "${made.name}" instead of re-linking "${other.name}" of its deleted source team ${goneSourceTeam.get(other.uuid)}: a twin`);
        }
      }
    }
  }

  /** R13: a change left out of an apply does not happen. */
  private notCarriedOut(change: Change, before: Snapshot): void {
    const { plecto } = this.world;
    const uuid = change.employee?.plectoUuid ?? null;
    const was = uuid ? before.members.get(uuid) : undefined;
    const now = uuid ? plecto.members.get(uuid) : undefined;
    const fail = (what: string) => {
      throw new InvariantViolation('R13', `the ${change.kind} change "${change.reason}" was left out, yet ${what}`);
    };
    switch (change.kind) {
      case 'create_team':
        for (const t of plecto.teams.values()) {
          if (!before.teams.has(t.uuid) && !this.world.handMade.has(t.uuid) && normalName(t.name) === normalName(change.team!.name)) fail(`team ${t.name} was created`);
        }
        break;
      case 'link_employee':
        if (was && now && JSON.stringify(was) !== JSON.stringify(now)) fail(`the member was written: ${diff(was, now)}`);
        break;
      case 'deactivate_employee':
      case 'reactivate_employee':
        if (was && now && was.is_active !== now.is_active) fail(`the member's active flag went ${was.is_active} → ${now.is_active}`);
        break;
      case 'add_membership': {
        const team = change.team?.plectoUuid;
        if (was && now && team && !was.teams.includes(team) && now.teams.includes(team)) fail('the membership was added');
        break;
      }
      case 'remove_membership': {
        const team = change.team?.plectoUuid;
        if (was && now && team && was.teams.includes(team) && !now.teams.includes(team)) fail('the membership was removed');
        break;
      }
      case 'update_team': {
        const team = change.team?.plectoUuid;
        const t0 = team ? before.teams.get(team) : undefined;
        const t1 = team ? plecto.teams.get(team) : undefined;
        if (t0 && t1 && (t0.name !== t1.name || t0.parent !== t1.parent)) fail(`team ${t0.name} became ${t1.name} under ${t1.parent}`);
        break;
      }
      default:
        break;
    }
  }
}

function diff(was: PlectoMemberWire, now: PlectoMemberWire): string {
  const keys = Object.keys(now) as (keyof PlectoMemberWire)[];
  return keys
    .filter((k) => JSON.stringify(was[k]) !== JSON.stringify(now[k]))
    .map((k) => `${k} ${JSON.stringify(was[k])} → ${JSON.stringify(now[k])}`)
    .join(', ');
}

function teamNames(before: Snapshot, uuids: string[], current?: Map<string, PlectoTeamWire>): string {
  return `[${uuids.map((u) => (current?.get(u) ?? before.teams.get(u))?.name ?? u).join(', ')}]`;
}
