// The last complete read of each source and of Plecto. Stored as JSON blobs:
// they are only saved and loaded whole, and one blob of 100k people saves in
// a fraction of the time 350k rows take (see tests/unit/store/snapshots.test.ts).
import type { PlectoDirectory, SourceDirectory } from '../domain/model';
import type { StatementCache } from './statements';

export class SnapshotsRepo {
  constructor(private readonly sql: StatementCache) {}

  saveSource(connectionId: string, dir: SourceDirectory, readAt: number): void {
    this.sql.run(
      `INSERT OR REPLACE INTO source_snapshots
         (connection_id, read_at, team_count, person_count, teams_json, people_json)
       VALUES (?, ?, ?, ?, ?, ?)`,
      connectionId,
      readAt,
      dir.teams.length,
      dir.people.length,
      JSON.stringify(dir.teams),
      JSON.stringify(dir.people),
    );
  }

  loadSource(connectionId: string): { dir: SourceDirectory; readAt: number } | null {
    const row = this.sql.row<{ read_at: number; teams_json: string; people_json: string }>(
      'SELECT read_at, teams_json, people_json FROM source_snapshots WHERE connection_id = ?',
      connectionId,
    );
    if (!row) return null;
    return { dir: { teams: JSON.parse(row.teams_json), people: JSON.parse(row.people_json) }, readAt: row.read_at };
  }

  savePlecto(dir: PlectoDirectory, readAt: number): void {
    this.sql.run(
      `INSERT OR REPLACE INTO plecto_snapshot (id, read_at, team_count, member_count, teams_json, members_json)
       VALUES (1, ?, ?, ?, ?, ?)`,
      readAt,
      dir.teams.length,
      dir.members.length,
      JSON.stringify(dir.teams),
      JSON.stringify(dir.members),
    );
  }

  loadPlecto(): { dir: PlectoDirectory; readAt: number } | null {
    const row = this.sql.row<{ read_at: number; teams_json: string; members_json: string }>(
      'SELECT read_at, teams_json, members_json FROM plecto_snapshot WHERE id = 1',
    );
    if (!row) return null;
    return { dir: { teams: JSON.parse(row.teams_json), members: JSON.parse(row.members_json) }, readAt: row.read_at };
  }
}
