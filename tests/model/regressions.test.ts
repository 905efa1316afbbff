// Shrunk cases the model-based test found (./cases.ts), kept as example tests
// named after the rule they broke once their fix landed. Each runs its events
// through the same checker and settling as the property (./property.ts), so
// every invariant is checked, plus the case's own end-state checks.
import { describe, it } from 'vitest';
import { CASES } from './cases';
import { runCase } from './property';

describe('model regressions', () => {
  for (const c of CASES.filter((x) => !x.open)) {
    it(`${c.name} (${c.finding})`, async () => {
      await runCase(c.directory, c.steps(), c.after);
    }, 30_000);
  }
});
