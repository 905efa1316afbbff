// R12: "before it is sent" is durable. The journal entry that says a write is
// being sent is committed with synchronous=FULL, so a power loss right after
// the send cannot lose it (WAL with NORMAL may drop the last commits).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/store/database';

describe('mirror durability (R12)', () => {
  it('R12 the mirror commits with synchronous=FULL in WAL mode', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dirsync-durable-'));
    const db = openDatabase(path.join(dir, 'mirror.db'));
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(2); // 2 = FULL
    } finally {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
