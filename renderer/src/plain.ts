// Messages in the admin's words. The main process names things as the code
// does in a few places (a setting key in a hold reason, a field path in an
// input error, a keychain account); the app shows the words of its own
// screens instead (issue 11, point 9). Secrets never reach here.

const SETTING_WORDS: [RegExp, string][] = [
  [/\(maxDeactivations\)/g, '(the “Maximum deactivations per run” safeguard in Settings)'],
  [/\(maxDeactivationPercent\)/g, '(the “Maximum share of managed employees” safeguard in Settings)'],
  [/\bmaxDeactivationPercent\b/g, 'maximum share of managed employees'],
  [/\bmaxDeactivations\b/g, 'maximum deactivations per run'],
];

const FIELD_WORDS: Record<string, string> = {
  accessToken: 'access token',
  clientId: 'client id',
  clientSecret: 'client secret',
  refreshToken: 'Salesforce sign-in',
  secretKey: 'secret key',
  username: 'user name',
  password: 'password',
  baseUrl: 'API URL',
  loginUrl: 'login host',
  email: 'email',
  requestsPerHour: 'requests per hour',
  id: 'connection id',
  providerLabel: 'provider label',
  maxDeactivations: 'maximum deactivations per run',
  maxDeactivationPercent: 'maximum share of managed employees',
  selectedTeams: 'team selection',
  dataSource: 'data source',
  since: 'start date',
};

export function plain(message: string): string {
  let text = message
    // "Invalid input to savePlectoSettings: settings.baseUrl must be …" → "The API URL must be …"
    .replace(/^Invalid input to \w+: /, '')
    .replace(/^(?:settings|connection|secrets|patch|query|request|options)(?:\.\w+)*\.(\w+)\b/, (_m, field: string) => `The ${FIELD_WORDS[field] ?? field}`)
    // "Missing secret for connection "x" credentials.accessToken: the OS keychain has no entry "x/accessToken""
    .replace(/credentials\.(\w+)/g, (_m, field: string) => `${FIELD_WORDS[field] ?? field}`)
    .replace(/the OS keychain has no entry "[^"]*"/g, 'it is not saved in the OS keychain; enter it again under Connections')
    .replace(/\(account "[^"]*"\)/g, '')
    .replace(/\bplecto\.password\b/g, 'the Plecto password');
  for (const [pattern, words] of SETTING_WORDS) text = text.replace(pattern, words);
  return text;
}

/** A problem that new or re-entered credentials fix: the banner offers "Fix credentials". */
export function isCredentialProblem(message: string): boolean {
  return /\b(401|403|unauthori[sz]ed|forbidden|credential|access token|secret key|client secret|password|sign in|signed in|refresh token|keychain|Missing secret)\b/i.test(message);
}

/** Whether the problem is with Plecto's own account rather than the source's. */
export function isPlectoProblem(message: string): boolean {
  return /\bPlecto\b/.test(message) && !/\b(Intercom|Salesforce|Enreach)\b/.test(message);
}
