// The Employees page: Plecto's members from the mirror's last Plecto
// snapshot, with the connection that manages each and the app's R7 switch.
import type { EmployeeView } from '../../preload/contract';
import type { Mirror } from '../store/mirror';

type EmployeesMirror = Pick<Mirror, 'loadPlectoSnapshot' | 'allEmployeeLinks' | 'manuallyManaged' | 'listConnections'>;

export function listEmployees(mirror: EmployeesMirror, search = ''): EmployeeView[] {
  const snapshot = mirror.loadPlectoSnapshot();
  if (!snapshot) return [];
  const teamNames = new Map(snapshot.dir.teams.map((team) => [team.uuid, team.name]));
  const labels = new Map(mirror.listConnections().map((c) => [c.id, c.providerLabel]));
  const links = new Map<string, { connectionId: string; sourceId: string; deactivatedBySync: boolean }>();
  for (const link of mirror.allEmployeeLinks()) {
    // With several connections linking one person, prefer the one that has it active.
    const current = links.get(link.plectoUuid);
    if (!current || (current.deactivatedBySync && !link.deactivatedBySync)) links.set(link.plectoUuid, link);
  }
  const manual = new Set(mirror.manuallyManaged());
  const needle = search.trim().toLowerCase();

  const employees = snapshot.dir.members.map((member): EmployeeView => {
    const link = links.get(member.uuid);
    const provider = member.apiProviders[0];
    return {
      uuid: member.uuid,
      name: member.name,
      email: member.email,
      title: member.title,
      isActive: member.isActive,
      teams: member.teams.map((uuid) => teamNames.get(uuid) ?? uuid).sort((a, b) => a.localeCompare(b)),
      connectionId: link?.connectionId ?? null,
      source: link ? (labels.get(link.connectionId) ?? link.connectionId) : (provider?.provider ?? null),
      sourceId: link?.sourceId ?? provider?.providerId ?? null,
      managedManually: manual.has(member.uuid),
      managedManuallyInPlecto: member.managedManually,
      deactivatedBySync: link?.deactivatedBySync ?? false,
    };
  });
  return employees
    .filter((e) => !needle || [e.name, e.email ?? '', e.title ?? '', e.source ?? '', ...e.teams].some((v) => v.toLowerCase().includes(needle)))
    .sort((a, b) => a.name.localeCompare(b.name) || a.uuid.localeCompare(b.uuid));
}
