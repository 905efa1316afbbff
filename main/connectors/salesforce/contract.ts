// What the Salesforce connector relies on (contracts/salesforce-api.md), in one
// place: `check` reports each item under its label, and
// docs/api-assumptions.md lists them. Salesforce documents all of it except
// the choice of object for registrations (`assumed`).
export const SALESFORCE_CONTRACT = {
  apiVersion: { item: 'API version', assumption: 'the org serves REST API v62.0 (GET /services/data/ lists it)', assumed: false },
  roles: { item: 'UserRole access', assumption: 'the user may query UserRole (the "View Roles and Role Hierarchy" permission): Id, Name, DeveloperName, ParentRoleId', assumed: false },
  users: { item: 'User fields', assumption: 'User answers Id, Name, Email, IsActive, UserType, UserRoleId and UserRole.Name (nested, or null)', assumed: false },
  batches: { item: 'query batch sizes', assumption: 'a query answers at most 2,000 records a batch, with nextRecordsUrl until done', assumed: false },
  opportunities: { item: 'opportunities', assumption: 'registrations are Opportunity records read on SystemModstamp, owner OwnerId', assumed: true },
  apiUsage: { item: 'API usage header', assumption: 'every answer carries Sforce-Limit-Info: api-usage=N/LIMIT', assumed: false },
} as const;
