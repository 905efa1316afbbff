// Shrunk cases the model-based test found, kept as example tests named after
// the rule they broke. Each runs its events through the same checker and
// settling as the property (./property.ts), so every invariant is checked.
import { describe, expect, it } from 'vitest';
import { EditSource, Sync } from './commands';
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
    const log = await runCase(directory, [new Sync('enreach'), new EditSource('enreach', 'recreateTeam', 0, 0)]);
    expect(log[1]).toContain('made again');
  }, 30_000);
});
