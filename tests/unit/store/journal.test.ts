import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Mirror, MirrorStateError } from '../../../main/store/mirror';
import { tempDir } from './helpers';

function fixture(file = ':memory:') {
  let now = 1000;
  const mirror = Mirror.open(file, { now: () => now });
  const run = mirror.createRun({ connectionId: 'intercom', trigger: 'manual', startedAt: 1 });
  return { mirror, runId: run.id, tick: (ms: number) => (now += ms) };
}

const createTeam = {
  changeIds: ['create_team:814865'],
  description: 'Create team Tier 1 Support',
  request: { method: 'POST', path: 'teams/', body: { name: 'Tier 1 Support' } },
};

describe('R12 journal', () => {
  it('sending → done records the result and the time of each step', () => {
    const { mirror, runId, tick } = fixture();
    mirror.journalBegin(runId, 'team:814865', createTeam);
    expect(mirror.journal(runId)).toEqual([
      { opKey: 'team:814865', ...createTeam, state: 'sending', result: null, error: null, updatedAt: 1000 },
    ]);
    tick(250);
    mirror.journalDone(runId, 'team:814865', { uuid: 'a1b2' });
    expect(mirror.journal(runId)).toEqual([
      { opKey: 'team:814865', ...createTeam, state: 'done', result: { uuid: 'a1b2' }, error: null, updatedAt: 1250 },
    ]);
    mirror.close();
  });

  it('sending → failed → sending (retry) → done; a done write can never begin again', () => {
    const { mirror, runId } = fixture();
    mirror.journalBegin(runId, 'op', createTeam);
    mirror.journalFailed(runId, 'op', 'Plecto (app.plecto.com) answered 400: name taken');
    expect(mirror.journal(runId)[0]).toMatchObject({ state: 'failed', error: 'Plecto (app.plecto.com) answered 400: name taken' });
    mirror.journalBegin(runId, 'op', { ...createTeam, request: { retry: true } });
    expect(mirror.journal(runId)[0]).toMatchObject({ state: 'sending', error: null, request: { retry: true } });
    mirror.journalDone(runId, 'op', null);
    expect(() => mirror.journalBegin(runId, 'op', createTeam)).toThrow(/already done; it must not be sent twice/);
    expect(mirror.journal(runId)).toHaveLength(1);
    expect(mirror.journal(runId)[0].state).toBe('done');
    mirror.close();
  });

  it('done/failed only follow sending', () => {
    const { mirror, runId } = fixture();
    expect(() => mirror.journalDone(runId, 'never', {})).toThrow(/never begun/);
    mirror.journalBegin(runId, 'op', createTeam);
    mirror.journalDone(runId, 'op', {});
    expect(() => mirror.journalFailed(runId, 'op', 'late')).toThrow(MirrorStateError);
    expect(() => mirror.journalDone(runId, 'op', {})).toThrow(/is 'done', not 'sending'/);
    mirror.close();
  });

  it('op keys are unique per run, entries keep their order, runs do not share entries', () => {
    const { mirror, runId } = fixture();
    const other = mirror.createRun({ connectionId: 'intercom', trigger: 'manual', startedAt: 2 }).id;
    for (const key of ['c', 'a', 'b']) mirror.journalBegin(runId, key, createTeam);
    mirror.journalBegin(other, 'a', createTeam);
    mirror.journalFailed(runId, 'a', 'x');
    mirror.journalBegin(runId, 'a', createTeam); // retry keeps its place
    expect(mirror.journal(runId).map((e) => e.opKey)).toEqual(['c', 'a', 'b']);
    expect(mirror.journal(other).map((e) => [e.opKey, e.state])).toEqual([['a', 'sending']]);
    expect(() => mirror.journalBegin(404, 'a', createTeam)).toThrow(/run 404 does not exist/);
    mirror.close();
  });

  it('an interrupted apply finds its in-flight write after a reopen', () => {
    const file = path.join(tempDir(), 'mirror.db');
    const { mirror, runId } = fixture(file);
    mirror.updateRun(runId, { status: 'applying' });
    mirror.journalBegin(runId, 'done-op', createTeam);
    mirror.journalDone(runId, 'done-op', { uuid: 'u' });
    mirror.journalBegin(runId, 'in-flight', createTeam);
    mirror.close(); // "crash"
    const reopened = Mirror.open(file);
    const [run] = reopened.unfinishedRuns('intercom');
    expect(run.id).toBe(runId);
    expect(reopened.journal(runId).map((e) => [e.opKey, e.state])).toEqual([
      ['done-op', 'done'],
      ['in-flight', 'sending'],
    ]);
    reopened.close();
  });
});

describe('R12 the journal is durable where it must be', () => {
  it('R12 a "sending" entry commits with synchronous=FULL; the mirror goes back to NORMAL after it', async () => {
    const { openDatabase } = await import('../../../main/store/database');
    const { StatementCache } = await import('../../../main/store/statements');
    const { JournalRepo } = await import('../../../main/store/journal-repo');
    const file = path.join(tempDir(), 'mirror.db');
    const { mirror, runId } = fixture(file);
    mirror.close();

    const db = openDatabase(file);
    const events: string[] = [];
    const pragma = db.pragma.bind(db);
    db.pragma = ((source: string, options?: { simple?: boolean }) => {
      if (/^synchronous\s*=/.test(source)) events.push(source.replace(/\s+/g, ' '));
      return pragma(source, options);
    }) as typeof db.pragma;
    const sql = new StatementCache(db);
    const run = sql.run.bind(sql);
    sql.run = ((statement: string, ...params: unknown[]) => {
      if (/INSERT INTO journal/.test(statement)) events.push('insert sending');
      if (/UPDATE journal SET state/.test(statement)) events.push('update done');
      return run(statement, ...params);
    }) as typeof sql.run;
    const journal = new JournalRepo(sql, () => 1);

    journal.begin(runId, 'team:1', createTeam);
    journal.done(runId, 'team:1', { uuid: 'a1' });
    expect(events).toEqual(['synchronous = FULL', 'insert sending', 'synchronous = NORMAL', 'update done']);
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    db.close();
  });
});
