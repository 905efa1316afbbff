// The built-in demo: "Northwind Support", an Intercom workspace of six teams
// and two dozen admins. Deterministic, so the demo prints the same plan
// every time.
import type { FakeIntercom } from '../tests/fakes/intercom-server';

export const DEMO_INTERCOM_TOKEN = 'demo-intercom-token';

const TEAMS: [id: string, name: string][] = [
  ['814865', 'Tier 1 Support'],
  ['814866', 'Tier 2 Support'],
  ['814867', 'Billing'],
  ['814868', 'Onboarding'],
  ['814869', 'Sales EMEA'],
  ['814870', 'Sales Americas'],
];

// name, job title, teams (by index into TEAMS)
const PEOPLE: [string, string, number[]][] = [
  ['Jane Doe', 'Support agent', [0]],
  ['Omar Haddad', 'Support agent', [0]],
  ['Lena Fischer', 'Support agent', [0, 3]],
  ['Kenji Sato', 'Support agent', [0]],
  ['Priya Nair', 'Senior support agent', [1]],
  ['Lucas Moreau', 'Senior support agent', [1]],
  ['Amara Okafor', 'Support engineer', [1, 0]],
  ['Sofia Rossi', 'Billing specialist', [2]],
  ['Mateo García', 'Billing specialist', [2]],
  ['Hannah Berg', 'Onboarding manager', [3]],
  ['Noah Williams', 'Onboarding specialist', [3]],
  ['Elif Yılmaz', 'Onboarding specialist', [3, 2]],
  ['Jonas Lindqvist', 'Account executive', [4]],
  ['Chloé Martin', 'Account executive', [4]],
  ['Tomasz Kowalski', 'Sales development rep', [4]],
  ['Isabella Costa', 'Account executive', [5]],
  ['Ethan Brooks', 'Account executive', [5]],
  ['Maya Patel', 'Sales development rep', [5]],
  ['Daniel Kim', 'Head of sales', [4, 5]],
  ['Grace Liu', 'Head of support', [0, 1]],
  ['Ahmed Farouk', 'Support agent', []],
  ['Olivia Smith', 'Workspace admin', []],
];

export function demoEmail(name: string): string {
  const ascii = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace('ı', 'i');
  return ascii.toLowerCase().replace(/[^a-z]+/g, '.') + '@northwind.example';
}

export function seedDemoIntercom(intercom: FakeIntercom): void {
  for (const [id, name] of TEAMS) intercom.addTeam({ id, name });
  PEOPLE.forEach(([name, title, teams], i) => {
    const admin = intercom.addAdmin({ id: String(991267466 + i), name, email: demoEmail(name), job_title: title });
    for (const t of teams) intercom.join(admin.id, TEAMS[t][0]);
  });
}

/** What happens in the demo company overnight: someone leaves, someone moves team, a team is renamed. */
export function demoNextDay(intercom: FakeIntercom): string[] {
  intercom.removeAdmin(String(991267466 + 1)); // Omar Haddad leaves
  const lena = String(991267466 + 2);
  intercom.join(lena, '814866'); // Lena Fischer joins Tier 2 Support
  const billing = intercom.teams.find((t) => t.id === '814867');
  if (billing) billing.name = 'Billing & Payments';
  return [
    'Omar Haddad left the workspace',
    'Lena Fischer joined Tier 2 Support',
    'Team "Billing" was renamed "Billing & Payments"',
  ];
}
