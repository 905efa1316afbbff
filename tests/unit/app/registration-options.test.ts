// The Settings page's choices for the registrations import (renderer logic, pure).
import { describe, expect, it } from 'vitest';
import { dataSourceChoices, defaultStartDate, sinceFor } from '../../../renderer/src/registration-options';

const UUID_A = 'a'.repeat(32);
const UUID_B = 'b'.repeat(32);

describe('dataSourceChoices', () => {
  it('lists Plecto\'s data sources by title and offers to create the connector\'s default when Plecto has none of that title', () => {
    const choices = dataSourceChoices([{ uuid: UUID_A, title: 'Calls' }], 'Intercom conversations', null);
    expect(choices).toEqual([
      { value: 'Calls', label: 'Calls' },
      { value: 'Intercom conversations', label: 'Create new: Intercom conversations' },
    ]);
  });

  it('offers no "Create new" when a data source of the default title exists, and lists each title once', () => {
    const existing = [
      { uuid: UUID_A, title: 'Intercom Conversations' },
      { uuid: UUID_B, title: 'intercom conversations' },
    ];
    expect(dataSourceChoices(existing, 'Intercom conversations', null)).toEqual([{ value: 'Intercom Conversations', label: 'Intercom Conversations' }]);
  });

  it('keeps the saved value spelled as saved, so saving unchanged settings never restarts the import', () => {
    const existing = [{ uuid: UUID_A, title: 'Intercom conversations' }];
    expect(dataSourceChoices(existing, 'Intercom conversations', 'INTERCOM CONVERSATIONS')).toEqual([
      { value: 'INTERCOM CONVERSATIONS', label: 'Intercom conversations' },
    ]);
    expect(dataSourceChoices(existing, 'Intercom conversations', UUID_A)).toEqual([{ value: UUID_A, label: 'Intercom conversations' }]);
    expect(dataSourceChoices([], 'Intercom conversations', UUID_B)).toContainEqual({ value: UUID_B, label: `Data source ${UUID_B} (not found in Plecto)` });
    expect(dataSourceChoices([], 'Intercom conversations', 'Support chats')).toEqual([
      { value: 'Intercom conversations', label: 'Create new: Intercom conversations' },
      { value: 'Support chats', label: 'Create new: Support chats' },
    ]);
    expect(dataSourceChoices([], 'Intercom conversations', 'Intercom conversations')).toEqual([
      { value: 'Intercom conversations', label: 'Create new: Intercom conversations' },
    ]);
  });
});

describe('start date', () => {
  it('keeps the saved since when the day is unchanged, else saves midnight UTC of the picked day', () => {
    expect(sinceFor('2026-01-01', '2026-01-01T08:00:00+02:00')).toBe('2026-01-01T08:00:00+02:00');
    expect(sinceFor('2026-02-01', '2026-01-01T00:00:00Z')).toBe('2026-02-01T00:00:00Z');
    expect(sinceFor('2026-02-01', null)).toBe('2026-02-01T00:00:00Z');
    expect(defaultStartDate(new Date('2027-06-15T12:00:00Z'))).toBe('2027-01-01');
  });
});
