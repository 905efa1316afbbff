// Salesforce's directory as the engine sees it: roles are teams (with the role
// hierarchy as parents), Standard users are people (R1, R3, R5).
import { SourceReadError, type SourceDirectory, type SourcePerson, type SourceTeam } from '../../domain/model';
import type { SalesforceApi } from './api';
import { SALESFORCE, type RoleWire, type UserRow } from './wire';

export const ROLE_QUERY = 'SELECT Id, Name, DeveloperName, ParentRoleId FROM UserRole';
export const USER_QUERY = 'SELECT Id, Name, Email, IsActive, UserType, UserRoleId, UserRole.Name FROM User';

const byId = (a: { sourceId: string }, b: { sourceId: string }) => (a.sourceId < b.sourceId ? -1 : a.sourceId > b.sourceId ? 1 : 0);

export function roleToTeam(role: RoleWire): SourceTeam {
  return { sourceId: role.Id, name: role.Name, parentSourceId: role.ParentRoleId || null };
}

/** Null for users that are never imported (any type but Standard, R3). */
export function userToPerson(user: UserRow): SourcePerson | null {
  if (user.UserType !== 'Standard') return null;
  return {
    sourceId: user.Id,
    name: user.Name,
    email: user.Email || null,
    // The contract's query has no Title field; Plecto titles are left alone.
    title: null,
    active: user.IsActive === true,
    teamSourceIds: user.UserRoleId ? [user.UserRoleId] : [],
  };
}

function checkRows(rows: unknown[], what: string, origin: string): void {
  const bad = rows.find((r) => typeof r !== 'object' || r === null || typeof (r as { Id?: unknown }).Id !== 'string');
  if (bad !== undefined) {
    throw new SourceReadError(`Salesforce at ${origin} returned a ${what} without an Id.`, SALESFORCE, 'bad_answer');
  }
}

export async function readSalesforceDirectory(api: SalesforceApi): Promise<SourceDirectory> {
  const roles = await api.query<RoleWire>(ROLE_QUERY);
  const users = await api.query<UserRow>(USER_QUERY);
  const origin = await api.instanceUrl();
  checkRows(roles, 'role', origin);
  checkRows(users, 'user', origin);
  const teams = roles.map(roleToTeam).sort(byId);
  const people = users
    .map(userToPerson)
    .filter((p): p is SourcePerson => p !== null)
    .sort(byId);
  return { teams, people };
}
