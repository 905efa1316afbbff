// Words and numbers as an admin reads them.
import type { ChangeKind, ConnectorType, RegistrationCounts, RunStatus } from '../../preload/contract';

export const KIND_LABEL: Record<ChangeKind, string> = {
  create_team: 'Create team',
  update_team: 'Update team',
  create_employee: 'Create employee',
  link_employee: 'Link employee by email',
  update_employee: 'Update employee',
  add_membership: 'Add to team',
  remove_membership: 'Remove from team',
  deactivate_employee: 'Deactivate employee',
  reactivate_employee: 'Reactivate employee',
};

/** Change kinds in the apply order of R12 (the labels above are listed in that order). */
export const KIND_ORDER = Object.keys(KIND_LABEL) as ChangeKind[];

export const KIND_GROUP_LABEL: Record<ChangeKind, string> = {
  create_team: 'New teams',
  update_team: 'Team updates',
  create_employee: 'New employees',
  link_employee: 'Links by email',
  update_employee: 'Employee updates',
  add_membership: 'Added to teams',
  remove_membership: 'Removed from teams',
  deactivate_employee: 'Deactivations',
  reactivate_employee: 'Reactivations',
};

export const STATUS_LABEL: Record<RunStatus, string> = {
  planning: 'Planning',
  planned: 'Preview',
  held: 'Held by a safeguard',
  applying: 'Applying',
  applied: 'Applied',
  partial: 'Applied with failures',
  failed: 'Failed',
  discarded: 'Discarded',
  retired: 'Out of date',
};

export const STATUS_TONE: Record<RunStatus, 'ok' | 'warn' | 'bad' | 'info' | 'muted'> = {
  planning: 'info',
  planned: 'info',
  held: 'warn',
  applying: 'info',
  applied: 'ok',
  partial: 'warn',
  failed: 'bad',
  discarded: 'muted',
  retired: 'muted',
};

/** Credential fields as the connection form names them (never the internal field name). */
export const SECRET_LABEL: Record<string, string> = {
  accessToken: 'Access token',
  clientSecret: 'Client secret',
  refreshToken: 'Salesforce sign-in',
  secretKey: 'Secret key',
};

export const TYPE_LABEL: Record<ConnectorType, string> = {
  intercom: 'Intercom',
  salesforce: 'Salesforce',
  enreach: 'Enreach',
};

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

const shortDateTime = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });

/** Compact form for lists. */
export function shortWhen(ms: number | null | undefined): string {
  return ms ? shortDateTime.format(new Date(ms)) : '—';
}

export function when(ms: number | null | undefined): string {
  return ms ? dateTime.format(new Date(ms)) : '—';
}

export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return 'unknown';
  if (seconds < 60) return `under a minute`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `about ${minutes} min`;
  return `about ${(minutes / 60).toFixed(1)} h`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString()} ${count === 1 ? one : many}`;
}

/** "12 registrations imported, 3 skipped by scope (R9), 1 failed": the zero counts after the first are left out. */
export function registrationCountsText(counts: RegistrationCounts): string {
  const parts = [`${plural(counts.imported, 'registration')} imported`];
  if (counts.skippedOutOfScope > 0) parts.push(`${counts.skippedOutOfScope.toLocaleString()} skipped by scope (R9)`);
  if (counts.failed > 0) parts.push(`${counts.failed.toLocaleString()} failed`);
  return parts.join(', ');
}
