// The shrunk cases of defects the model-based test found (/tmp/fuzz-findings.md
// has the diagnosis of each). A fixed one runs as an example test in
// ./regressions.test.ts, named after its rule; an open one is only run by
// `npm run fuzz -- --cases` (so CI stays green) until its fix lands — then
// its `open` flag goes and it guards the fix.
import type { Step } from './commands';
import { EditSource, StalePreview, Sync, WriteFaultStep } from './commands';
import type { DirectorySpec } from './directory';
import type { ModelWorld } from './world';

export interface ModelCase {
  /** The finding's id in the report, e.g. "F2". */
  finding: string;
  /** The test name: the rule first. */
  name: string;
  /** True while the engine defect is not fixed (the case fails). */
  open?: boolean;
  directory: DirectorySpec;
  steps: () => Step[];
  /** Explicit checks of the end state, on top of every invariant and the settling. */
  after?: (world: ModelWorld) => void;
}

const empty = { teams: [], people: [] };

function expectEqual(actual: unknown, expected: unknown, what: string): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

export const CASES: ModelCase[] = [
  {
    finding: 'F1',
    name: 'R7 a member managed manually with a source person\'s email is skipped, not "linked" in every preview',
    directory: {
      connections: ['intercom'],
      intercom: { teams: [{ name: 'Vertrieb Süd', parent: null }], people: [{ person: 1, emailVariant: 0, active: true, teams: [], title: null }] },
      enreach: empty,
      salesforce: empty,
      plecto: {
        teams: [{ name: 'Board', parent: null }, { name: 'Équipe Nord', parent: 0 }],
        members: [{ person: 1, emailVariant: 0, manual: true, active: false, teams: [], title: null }],
      },
    },
    steps: () => [],
    after: ({ plecto }) => {
      const jose = [...plecto.members.values()].find((m) => m.email === 'jose.nunez@acme.com')!;
      expectEqual([jose.is_active, jose.api_providers.length], [false, 0], 'the manual member is untouched');
    },
  },
  {
    finding: 'F2',
    name: 'R2 an Enreach group deleted and recreated under a new id re-links to its Plecto team (no twin, no error)',
    directory: {
      connections: ['enreach'],
      intercom: empty,
      enreach: { teams: [{ name: 'Sales', parent: null }], people: [] },
      salesforce: empty,
      plecto: { teams: [{ name: 'Sales', parent: null }], members: [] },
    },
    steps: () => [new Sync('enreach'), new EditSource('enreach', 'recreateTeam', 0, 0)],
    after: ({ plecto }) => expectEqual([...plecto.teams.values()].map((t) => t.name), ['Sales'], 'Plecto teams'),
  },
  {
    finding: 'F3',
    name: 'R4 an apply resumed after a kill keeps a member\'s team of another connection (writes start from Plecto as it is)',
    directory: {
      connections: ['intercom', 'enreach', 'salesforce'],
      intercom: {
        teams: [{ name: 'équipe nord', parent: null }, { name: 'Vertrieb Süd', parent: null }],
        people: [{ person: 0, emailVariant: 0, active: true, teams: [], title: null }],
      },
      enreach: { teams: [{ name: 'équipe nord', parent: null }], people: [{ person: 0, emailVariant: 0, active: true, teams: [], title: null }] },
      salesforce: { teams: [{ name: 'Sales', parent: null }], people: [] },
      plecto: { teams: [{ name: 'Sales', parent: null }], members: [] },
    },
    // Enreach is killed before its first write; Zoë then joins Intercom's team; settling resumes Enreach's run.
    steps: () => [new WriteFaultStep('enreach', 'kill-before', 1, 'createMember', 0), new EditSource('intercom', 'join', 0, 0)],
    after: ({ plecto }) => {
      const zoe = [...plecto.members.values()].find((m) => m.email === 'zoe.angstrom@acme.com')!;
      expectEqual(zoe.teams.map((t) => plecto.teams.get(t)!.name), ['équipe nord'], "Zoë's teams");
      expectEqual(zoe.api_providers.map((p) => p.provider).sort(), ['Enreach', 'Intercom'], "Zoë's data suppliers");
    },
  },
  {
    finding: 'F4',
    name: 'R4 a member made by hand while an apply runs keeps her hand-made team when the planned create meets her',
    open: true,
    directory: {
      connections: ['intercom'],
      intercom: { teams: [{ name: 'sales', parent: null }, { name: 'Vertrieb Süd', parent: 0 }], people: [{ person: 0, emailVariant: 0, active: true, teams: [], title: null }] },
      enreach: empty,
      salesforce: empty,
      plecto: { teams: [{ name: 'SUPPORT ', parent: null }, { name: 'Board', parent: 0 }], members: [] },
    },
    // Right after the sync's first write (a team create), an admin creates Zoë by hand in "Kaffeeklubb ☕".
    steps: () => [new WriteFaultStep('intercom', 'edit-after', 1, 'createMember', 0)],
    after: ({ plecto }) => {
      const zoe = [...plecto.members.values()].find((m) => m.email?.toLowerCase() === 'zoe.angstrom@acme.com')!;
      expectEqual(zoe.teams.map((t) => plecto.teams.get(t)!.name), ['Kaffeeklubb ☕'], "Zoë's teams");
    },
  },
  {
    finding: 'F5',
    name: 'R7 a member marked managed manually while an apply runs is not linked by the apply',
    directory: {
      connections: ['intercom', 'salesforce'],
      intercom: { teams: [{ name: 'Sales', parent: null }], people: [{ person: 0, emailVariant: 0, active: true, teams: [], title: null }] },
      enreach: empty,
      salesforce: { teams: [{ name: 'Support', parent: null }], people: [{ person: 0, emailVariant: 0, active: true, teams: [0], title: null }] },
      plecto: { teams: [{ name: 'équipe nord', parent: null }], members: [] },
    },
    // Salesforce creates Zoë; Intercom links her by email, but right after its first write (a team create) an admin marks her managed manually.
    steps: () => [new Sync('salesforce'), new WriteFaultStep('intercom', 'edit-after', 1, 'markManual', 0)],
    after: ({ plecto }) => {
      const zoe = [...plecto.members.values()].find((m) => m.email === 'zoe.angstrom@acme.com')!;
      expectEqual(zoe.api_providers.map((p) => p.provider), ['Salesforce'], "Zoë's data suppliers");
    },
  },
  {
    finding: 'F7',
    name: 'R6 a late preview does not deactivate someone who came back in the source after it was made',
    open: false,
    directory: {
      connections: ['enreach'],
      intercom: empty,
      enreach: { teams: [{ name: 'Sales', parent: null }], people: [{ person: 0, emailVariant: 0, active: true, teams: [], title: null }] },
      salesforce: empty,
      plecto: { teams: [{ name: 'SUPPORT ', parent: null }], members: [] },
    },
    // Zoë is synced, deactivated in Enreach; a preview (deactivate Zoë) is made, she comes back, a sync writes
    // nothing, then the old preview is approved.
    steps: () => [new Sync('enreach'), new EditSource('enreach', 'deactivate', 0, 0), new StalePreview('enreach', 'sync-between', 'return', 0)],
  },
];
