// What the pure planner is given for one connection, gathered from the mirror
// and the reads: links, other connections' claims (R1, R5, R6) and the app's
// "managed manually" marks (R7).
import type { ConnectionConfig } from '../config/profile';
import type { ConnectorRules, PlanInput, PlectoDirectory, SourceDirectory } from '../domain/model';
import type { Mirror } from '../store/mirror';

export function buildPlanInput(
  mirror: Mirror,
  config: ConnectionConfig,
  connectorRules: ConnectorRules,
  source: SourceDirectory,
  plecto: PlectoDirectory,
  /** Every configured connection, this one included. */
  connections: readonly ConnectionConfig[],
): PlanInput {
  const otherTeamLinks = mirror.allTeamLinks().filter((l) => l.connectionId !== config.id);
  return {
    connectionId: config.id,
    providerLabel: config.providerLabel,
    connectorRules,
    settings: config.settings,
    source,
    plecto,
    teamLinks: mirror.teamLinks(config.id),
    employeeLinks: mirror.employeeLinks(config.id),
    teamsLinkedElsewhere: otherTeamLinks.map((l) => ({ plectoUuid: l.plectoUuid, connectionId: l.connectionId })),
    activeElsewhere: activeElsewhere(mirror, config, plecto, connections),
    manuallyManaged: mirror.manuallyManaged(),
  };
}

/**
 * Plecto members that another connection manages and still has active (R5, R6). A connection
 * manages a member through the mirror's link or, with a fresh mirror, through the member's data
 * supplier in Plecto (R3). A connection not read yet counts as having them active: nobody is
 * deactivated on what we do not know.
 */
function activeElsewhere(
  mirror: Mirror,
  config: ConnectionConfig,
  plecto: PlectoDirectory,
  connections: readonly ConnectionConfig[],
): string[] {
  const result = new Set<string>();
  const others = connections.filter((c) => c.id !== config.id);
  const linksByConnection = new Map<string, { sourceId: string; plectoUuid: string }[]>();
  for (const link of mirror.allEmployeeLinks()) {
    if (link.connectionId === config.id) continue;
    const group = linksByConnection.get(link.connectionId);
    if (group) group.push(link);
    else linksByConnection.set(link.connectionId, [link]);
  }
  const sameLabel = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
  const connectionIds = new Set([...others.map((c) => c.id), ...linksByConnection.keys()]);
  for (const connectionId of connectionIds) {
    const label = others.find((c) => c.id === connectionId)?.providerLabel ?? null;
    const snapshot = mirror.loadSourceSnapshot(connectionId);
    const active = snapshot ? new Set(snapshot.dir.people.filter((p) => p.active).map((p) => p.sourceId)) : null;
    for (const link of linksByConnection.get(connectionId) ?? []) {
      if (!active || active.has(link.sourceId)) result.add(link.plectoUuid);
    }
    if (label === null || sameLabel(label, config.providerLabel)) continue;
    for (const member of plecto.members) {
      for (const api of member.apiProviders) {
        if (sameLabel(api.provider, label) && (!active || active.has(api.providerId))) result.add(member.uuid);
      }
    }
  }
  return [...result].sort();
}
