// Shrunk cases the model-based test found, kept as example tests named after
// the rule they broke. Each runs its events through the same checker and
// settling as the property (./property.ts), so every invariant is checked.
import { describe, expect, it } from 'vitest';
import { EditSource, Sync, WriteFaultStep } from './commands';
import type { DirectorySpec } from './directory';
import { runCase } from './property';

const empty = { teams: [], people: [] };

describe('model regressions', () => {
  it('R2 an Enreach group deleted and recreated under a new id re-links to its Plecto team (no twin, no error)', async () => {
    const directory: DirectorySpec = {
      connections: ['enreach'],
      intercom: empty,
      enreach: { teams: [{ name: 'Sales', parent: null }], people: [] },
      salesforce: empty,
      plecto: { teams: [{ name: 'Sales', parent: null }], members: [] },
    };
    const log = await runCase(directory, [new Sync('enreach'), new EditSource('enreach', 'recreateTeam', 0, 0)], ({ plecto }) => {
      expect([...plecto.teams.values()].map((t) => t.name)).toEqual(['Sales']);
    });
    expect(log[1]).toContain('made again');
  }, 30_000);

  it('R4 after a kill before the first write, a person linked by email keeps her membership in a team another connection imports', async () => {
    // Zoë is in Intercom and Enreach; both have a team "équipe nord" (two Plecto teams, one per connection).
    const directory: DirectorySpec = {
      connections: ['intercom', 'enreach', 'salesforce'],
      intercom: {
        teams: [{ name: 'équipe nord', parent: null }, { name: 'Vertrieb Süd', parent: null }],
        people: [{ person: 0, emailVariant: 0, active: true, teams: [], title: null }],
      },
      enreach: { teams: [{ name: 'équipe nord', parent: null }], people: [{ person: 0, emailVariant: 0, active: true, teams: [], title: null }] },
      salesforce: { teams: [{ name: 'Sales', parent: null }], people: [] },
      plecto: { teams: [{ name: 'Sales', parent: null }], members: [] },
    };
    await runCase(directory, [new WriteFaultStep('enreach', 'kill-before', 1, 'createMember', 0), new EditSource('intercom', 'join', 0, 0)], ({ plecto }) => {
      const zoe = [...plecto.members.values()].find((m) => m.email === 'zoe.angstrom@acme.com')!;
      expect(zoe.teams.map((t) => plecto.teams.get(t)!.name)).toEqual(['équipe nord']);
      expect(zoe.api_providers.map((p) => p.provider).sort()).toEqual(['Enreach', 'Intercom']);
    });
  }, 30_000);
});
