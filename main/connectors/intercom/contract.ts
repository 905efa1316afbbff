// What the Intercom connector relies on (contracts/intercom-api.md), in one
// place: `check` reports each item under its label, and
// docs/api-assumptions.md lists them. Intercom documents nearly everything;
// `assumed` marks the one reading the contract chose itself.
export const INTERCOM_CONTRACT = {
  admins: { item: 'admins: shape', assumption: 'GET /admins answers {"type": "admin.list", "admins": [...]}, each admin with a string id, an email and team_ids as integers', assumed: false },
  teams: { item: 'teams: shape', assumption: 'GET /teams answers {"type": "team.list", "teams": [...]}, each team with a string id, a name and admin_ids as integers', assumed: false },
  // Not checkable by reading one page: the two sides may disagree for a moment on any account.
  membership: { item: 'membership: both sides', assumption: 'an admin is in a team if admin.team_ids or team.admin_ids says so (the union)', assumed: true, checked: false },
  conversations: { item: 'conversations: search', assumption: 'POST /conversations/search answers a conversation.list with pages.next.starting_after', assumed: false },
  rateLimits: { item: 'rate limits', assumption: 'every answer carries X-RateLimit-Limit, -Remaining and -Reset; a 429 is waited out until X-RateLimit-Reset', assumed: false },
  permissions: { item: 'permissions', assumption: 'the access token may read admins, teams and conversations', assumed: false },
} as const;
