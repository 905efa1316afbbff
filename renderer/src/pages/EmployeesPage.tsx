// Employees: Plecto's members as last read, with status, source and teams,
// and the "Manage this employee manually" switch (R7).
import { useEffect, useId, useState } from 'react';
import type { EmployeeView } from '../../../preload/contract';
import { api, errorText } from '../api';
import { Banner } from '../components/Banner';
import { EmptyState } from '../components/EmptyState';
import { PageHeader } from '../components/PageHeader';
import { plural } from '../format';

const SHOWN_AT_MOST = 500;

export function EmployeesPage() {
  const searchId = useId();
  const [search, setSearch] = useState('');
  const [employees, setEmployees] = useState<EmployeeView[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function load(query: string) {
    try {
      setEmployees(await api().listEmployees({ search: query }));
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
  }

  useEffect(() => {
    const timer = setTimeout(() => void load(search), 150);
    return () => clearTimeout(timer);
  }, [search]);

  async function setManual(employee: EmployeeView, on: boolean) {
    // Show the switch moved at once; put it back if saving fails.
    const mark = (value: boolean) => setEmployees((list) => list?.map((e) => (e.uuid === employee.uuid ? { ...e, managedManually: value } : e)) ?? null);
    mark(on);
    try {
      await api().setManuallyManaged(employee.uuid, on);
    } catch (e) {
      mark(!on);
      setError(errorText(e));
    }
  }

  const shown = employees?.slice(0, SHOWN_AT_MOST) ?? [];
  return (
    <>
      <PageHeader title="Employees" subtitle="Plecto's employees as last read, and who manages each. A sync never deactivates, reactivates or moves an employee you manage manually (R7)." />
      {error && (
        <Banner tone="bad" title="Could not load employees" urgent>
          {error}
        </Banner>
      )}
      <div className="toolbar">
        <label htmlFor={searchId} className="visually-hidden">
          Search employees
        </label>
        <input id={searchId} type="search" placeholder="Search name, email, team or source" value={search} onChange={(e) => setSearch(e.target.value)} />
        {employees && (
          <span className="muted small push" aria-live="polite">
            {employees.length > SHOWN_AT_MOST ? `Showing the first ${SHOWN_AT_MOST} of ${employees.length.toLocaleString()}; search to narrow down` : plural(employees.length, 'employee')}
          </span>
        )}
      </div>
      {employees && employees.length === 0 && (
        <EmptyState title={search ? 'No employee matches' : 'No employees read yet'}>
          {search ? <p>Nothing matches “{search}”.</p> : <p>Employees appear after the first preview reads Plecto.</p>}
        </EmptyState>
      )}
      {shown.length > 0 && (
        <div className="card table-card">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Employee</th>
                <th scope="col">Status</th>
                <th scope="col">Source</th>
                <th scope="col">Teams</th>
                <th scope="col">Manage manually</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((e) => (
                <tr key={e.uuid}>
                  <td>
                    <strong>{e.name}</strong>
                    <div className="muted small">{e.email ?? 'No email'}</div>
                  </td>
                  <td>{e.isActive ? <span className="badge badge-ok">Active</span> : <span className="badge badge-muted">Deactivated</span>}</td>
                  <td>{e.source ?? <span className="muted">Not synced</span>}</td>
                  <td className="small">{e.teams.length ? e.teams.join(', ') : <span className="muted">—</span>}</td>
                  <td>
                    <label className="switch-inline">
                      <input
                        type="checkbox"
                        role="switch"
                        className="switch"
                        checked={e.managedManually || e.managedManuallyInPlecto}
                        disabled={e.managedManuallyInPlecto}
                        onChange={(ev) => void setManual(e, ev.target.checked)}
                        aria-label={`Manage ${e.name} manually`}
                      />
                      <span className="small muted">{e.managedManuallyInPlecto ? 'Set in Plecto' : e.managedManually ? 'Manual' : 'By sync'}</span>
                    </label>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
