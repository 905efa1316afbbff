// The team selector's list: source teams of the last snapshot, each with the
// number of active people in it, sorted by name.
import type { SourceTeamView } from '../../preload/contract';
import type { SourceDirectory } from '../domain/model';

export function teamsWithCounts(dir: SourceDirectory): SourceTeamView[] {
  const counts = new Map<string, number>();
  for (const person of dir.people) {
    if (!person.active) continue;
    for (const id of new Set(person.teamSourceIds)) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return dir.teams
    .map((team) => ({ ...team, memberCount: counts.get(team.sourceId) ?? 0 }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.sourceId.localeCompare(b.sourceId));
}
