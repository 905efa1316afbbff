// Which Plecto team/member each source id maps to, per connection, and the
// app's own "managed manually" flags (R7).
import type { EmployeeLink, TeamLink } from '../domain/model';
import { MirrorStateError, TeamLinkConflictError } from './errors';
import type { StatementCache } from './statements';

interface TeamLinkRow {
  connection_id: string;
  source_id: string;
  plecto_uuid: string;
}

interface EmployeeLinkRow extends TeamLinkRow {
  deactivated_by_sync: 0 | 1;
}

export class LinksRepo {
  constructor(private readonly sql: StatementCache) {}

  teamLinks(connectionId: string): TeamLink[] {
    return this.sql
      .rows<TeamLinkRow>(
        'SELECT connection_id, source_id, plecto_uuid FROM team_links WHERE connection_id = ? ORDER BY source_id',
        connectionId,
      )
      .map(toTeamLink);
  }

  allTeamLinks(): (TeamLink & { connectionId: string })[] {
    return this.sql
      .rows<TeamLinkRow>('SELECT connection_id, source_id, plecto_uuid FROM team_links ORDER BY connection_id, source_id')
      .map((row) => ({ connectionId: row.connection_id, ...toTeamLink(row) }));
  }

  /** Upsert; throws TeamLinkConflictError when the Plecto team is linked to another source team. */
  linkTeam(connectionId: string, sourceId: string, plectoUuid: string): void {
    this.sql.transaction(() => {
      const owner = this.sql.row<TeamLinkRow>(
        'SELECT connection_id, source_id, plecto_uuid FROM team_links WHERE plecto_uuid = ?',
        plectoUuid,
      );
      if (owner && (owner.connection_id !== connectionId || owner.source_id !== sourceId)) {
        throw new TeamLinkConflictError(plectoUuid, owner.connection_id, owner.source_id);
      }
      this.sql.run(
        `INSERT INTO team_links (connection_id, source_id, plecto_uuid) VALUES (?, ?, ?)
         ON CONFLICT (connection_id, source_id) DO UPDATE SET plecto_uuid = excluded.plecto_uuid`,
        connectionId,
        sourceId,
        plectoUuid,
      );
    });
  }

  /**
   * R2: a source team recreated under a new id takes over the Plecto team of its gone
   * predecessor in the same connection. A team linked by another connection still conflicts.
   */
  moveTeamLink(connectionId: string, sourceId: string, plectoUuid: string): void {
    this.sql.transaction(() => {
      this.sql.run(
        'DELETE FROM team_links WHERE connection_id = ? AND plecto_uuid = ? AND source_id != ?',
        connectionId,
        plectoUuid,
        sourceId,
      );
      this.linkTeam(connectionId, sourceId, plectoUuid);
    });
  }

  employeeLinks(connectionId: string): EmployeeLink[] {
    return this.sql
      .rows<EmployeeLinkRow>(
        `SELECT connection_id, source_id, plecto_uuid, deactivated_by_sync FROM employee_links
         WHERE connection_id = ? ORDER BY source_id`,
        connectionId,
      )
      .map(toEmployeeLink);
  }

  allEmployeeLinks(): (EmployeeLink & { connectionId: string })[] {
    return this.sql
      .rows<EmployeeLinkRow>(
        `SELECT connection_id, source_id, plecto_uuid, deactivated_by_sync FROM employee_links
         ORDER BY connection_id, source_id`,
      )
      .map((row) => ({ connectionId: row.connection_id, ...toEmployeeLink(row) }));
  }

  /**
   * Upsert. Keeps deactivatedBySync while the link points at the same member;
   * re-pointing a source id at another member resets it (the flag was about the old one).
   */
  linkEmployee(connectionId: string, sourceId: string, plectoUuid: string): void {
    this.sql.run(
      `INSERT INTO employee_links (connection_id, source_id, plecto_uuid, deactivated_by_sync) VALUES (?, ?, ?, 0)
       ON CONFLICT (connection_id, source_id) DO UPDATE SET
         deactivated_by_sync = CASE WHEN plecto_uuid = excluded.plecto_uuid THEN deactivated_by_sync ELSE 0 END,
         plecto_uuid = excluded.plecto_uuid`,
      connectionId,
      sourceId,
      plectoUuid,
    );
  }

  /** Throws when the connection has no link to this member: only managed employees are (de)activated (R6). */
  setDeactivatedBySync(connectionId: string, plectoUuid: string, value: boolean): void {
    const { changes } = this.sql.run(
      'UPDATE employee_links SET deactivated_by_sync = ? WHERE connection_id = ? AND plecto_uuid = ?',
      value ? 1 : 0,
      connectionId,
      plectoUuid,
    );
    if (changes === 0) {
      throw new MirrorStateError(
        `Cannot mark Plecto member ${plectoUuid} as ${value ? 'deactivated' : 'active'} by connection ` +
          `"${connectionId}": the connection has no link to that member.`,
      );
    }
  }

  setManuallyManaged(plectoUuid: string, value: boolean): void {
    if (value) this.sql.run('INSERT OR IGNORE INTO managed_manually (plecto_uuid) VALUES (?)', plectoUuid);
    else this.sql.run('DELETE FROM managed_manually WHERE plecto_uuid = ?', plectoUuid);
  }

  manuallyManaged(): string[] {
    return this.sql
      .rows<{ plecto_uuid: string }>('SELECT plecto_uuid FROM managed_manually ORDER BY plecto_uuid')
      .map((row) => row.plecto_uuid);
  }
}

function toTeamLink(row: TeamLinkRow): TeamLink {
  return { sourceId: row.source_id, plectoUuid: row.plecto_uuid };
}

function toEmployeeLink(row: EmployeeLinkRow): EmployeeLink {
  return { sourceId: row.source_id, plectoUuid: row.plecto_uuid, deactivatedBySync: row.deactivated_by_sync === 1 };
}
