// Issue 10, point 8: every [assumed] contract item is listed once in the code
// per system, and docs/api-assumptions.md lists each of them with what
// `check` reports. This keeps the two from drifting apart.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENREACH_CONTRACT } from '../../../main/connectors/enreach/contract';
import { INTERCOM_CONTRACT } from '../../../main/connectors/intercom/contract';
import { SALESFORCE_CONTRACT } from '../../../main/connectors/salesforce/contract';
import { ASSUMED } from '../../../main/plecto/wire';

const doc = fs.readFileSync(path.resolve(__dirname, '../../../docs/api-assumptions.md'), 'utf8');

/** The doc's table rows of one "## System" section, by their first cell. */
function rowsOf(heading: string): string[] {
  const section = doc.split('\n## ').find((s) => s.startsWith(heading));
  if (!section) throw new Error(`docs/api-assumptions.md has no section "${heading}"`);
  return section
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| Item') && !line.startsWith('|---'))
    .map((line) => line.split('|')[1].trim());
}

describe('docs/api-assumptions.md', () => {
  const systems = [
    ['Plecto', ASSUMED],
    ['Intercom', INTERCOM_CONTRACT],
    ['Salesforce', SALESFORCE_CONTRACT],
    ['Enreach', ENREACH_CONTRACT],
  ] as const;
  for (const [heading, items] of systems) {
    it(`lists every ${heading} item of the code, and nothing else`, () => {
      expect(rowsOf(heading).sort()).toEqual(Object.values(items).map((i) => i.item).sort());
    });
  }
});
