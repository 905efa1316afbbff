// What the Enreach connector relies on (contracts/enreach-api.md), in one
// place: most of it is [assumed]. `check` reports each item under its label,
// and docs/api-assumptions.md lists them; a real account that disagrees
// changes the connector files named in each entry.
export const ENREACH_CONTRACT = {
  endpoints: { item: 'endpoints', assumption: 'GET /users, GET /usergroups (and GET /calls for registrations) answer on the API base URL', assumed: true },
  listShape: { item: 'lists: shape', assumption: 'lists are bare JSON arrays; field names in PascalCase or camelCase', assumed: true },
  paging: { item: 'lists: paging', assumption: 'skip/take pages until a page is shorter than take; an endpoint may answer unpaged or ignore skip/take (a repeated page ends the read)', assumed: true },
  userFields: { item: 'users: fields', assumption: 'a user has Id, UserName or Email, FirstName, LastName, IsActive and GroupIds', assumed: true },
  groupFields: { item: 'user groups: fields', assumption: 'a user group has Id, Name and ParentId', assumed: true },
  calls: { item: 'calls: fields', assumption: 'a call has CallId (or Id), UserId and Modified or StartTime; one registration per call and user (external_id CallId:UserId)', assumed: true },
  rateLimits: { item: 'rate limits', assumption: 'every answer carries X-Rate-Limit-Limit, -Remaining and -Reset; a 429 carries Retry-After', assumed: true },
  permissions: { item: 'permissions', assumption: 'the API user may read users, user groups and calls', assumed: true },
} as const;
