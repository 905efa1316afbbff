// Connections as the desktop app edits them, in the order the user sees.
import type { ConnectionConfig } from '../config/profile';
import type { ConnectorType } from '../domain/model';
import { assertNoPlainSecrets } from './secret-guard';
import type { StatementCache } from './statements';

interface ConnectionRow {
  id: string;
  type: ConnectorType;
  provider_label: string;
  config_json: string;
}

export class ConnectionsRepo {
  constructor(private readonly sql: StatementCache) {}

  upsert(config: ConnectionConfig): void {
    assertNoPlainSecrets(config);
    const { id, type, providerLabel, ...rest } = config;
    // An update keeps the row's position; a new connection goes last.
    this.sql.run(
      `INSERT INTO connections (id, type, provider_label, position, config_json)
       VALUES (?, ?, ?, (SELECT COALESCE(MAX(position), -1) + 1 FROM connections), ?)
       ON CONFLICT (id) DO UPDATE SET
         type = excluded.type, provider_label = excluded.provider_label, config_json = excluded.config_json`,
      id,
      type,
      providerLabel,
      JSON.stringify(rest),
    );
  }

  get(id: string): ConnectionConfig | null {
    const row = this.sql.row<ConnectionRow>(
      'SELECT id, type, provider_label, config_json FROM connections WHERE id = ?',
      id,
    );
    return row ? toConfig(row) : null;
  }

  list(): ConnectionConfig[] {
    return this.sql
      .rows<ConnectionRow>('SELECT id, type, provider_label, config_json FROM connections ORDER BY position, id')
      .map(toConfig);
  }

  /** Removes the connection and everything that only makes sense with it. Runs (history) stay. */
  delete(id: string): void {
    this.sql.transaction(() => {
      for (const table of [
        'connections',
        'source_snapshots',
        'team_links',
        'employee_links',
        'schedules',
        'registration_imports',
        'apply_leases',
      ]) {
        const column = table === 'connections' ? 'id' : 'connection_id';
        this.sql.run(`DELETE FROM ${table} WHERE ${column} = ?`, id);
      }
    });
  }
}

function toConfig(row: ConnectionRow): ConnectionConfig {
  const rest = JSON.parse(row.config_json) as Omit<ConnectionConfig, 'id' | 'type' | 'providerLabel'>;
  return { id: row.id, type: row.type, providerLabel: row.provider_label, ...rest };
}
