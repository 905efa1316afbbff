// Carries out a run's writes against Plecto in R12 order. Every write is
// journaled in the mirror before it is sent and after it answers, and the
// link it creates is stored in the same transaction as its "done" entry, so
// an interrupted run resumes where it stopped and never does anything twice.
import type { Logger } from '../common/logger';
import type { PlectoClient } from '../plecto/client';
import { PlectoError } from '../plecto/client';
import { createOnce } from '../plecto/create-once';
import type { Mirror } from '../store/mirror';
import type { PlectoMember } from '../domain/model';
import type { FailedChange } from '../domain/run';
import { resolveTeams, type WriteOp } from './writes';

export interface ApplyContext {
  runId: number;
  connectionId: string;
  providerLabel: string;
  mirror: Mirror;
  plecto: PlectoClient;
  logger: Logger;
  onProgress?: (done: number, total: number, failed: number) => void;
  /**
   * Called before every write; throws when this process no longer holds the connection's apply
   * lease (a fencing check), which stops the apply cleanly with the rest not attempted.
   */
  checkLease?: () => void;
  /**
   * R3 for long applies: member writes start from Plecto as it is, so after `everyMs` of writing,
   * the remaining writes are rebuilt from a fresh read before the next member write.
   */
  refresh?: {
    everyMs: number;
    now: () => number;
    /** Rebuild before the first member write too (a resumed apply: its stored writes may be stale). */
    dueNow?: boolean;
    rebuild: () => Promise<{ writes: WriteOp[]; blocked: { changeId: string; reason: string }[] }>;
  };
}

/** When Plecto fails this many writes in a row, the apply stops early (R12). */
export const MAX_FAILURES_IN_A_ROW = 10;

/** Plecto answered a member write with another member than the one it was meant for (plecto-api.md, Caution). */
export class TwinMemberError extends Error {
  constructor(
    readonly description: string,
    readonly expected: string,
    readonly answered: string,
  ) {
    super(
      `${description}: Plecto answered with employee ${answered} instead of the matched employee ${expected}, ` +
        'so it probably made a second profile. Linking by email is stopped for this run and nobody is deactivated; ' +
        'merge or deactivate the second profile in Plecto, then preview again.',
    );
    this.name = 'TwinMemberError';
  }
}

export interface ApplyOutcome {
  failed: FailedChange[];
  /** Writes sent in this call (a resumed run skips the ones already done). */
  sent: number;
  /** Things the admin should know that are not failures (a member that existed in Plecto unseen). */
  notes: string[];
}

/** Errors after which every further write would fail the same way: stop instead of hammering. */
function isFatal(error: unknown): boolean {
  return error instanceof PlectoError && (error.kind === 'auth' || error.kind === 'permission' || error.kind === 'network');
}

export async function applyWrites(ctx: ApplyContext, writes: WriteOp[]): Promise<ApplyOutcome> {
  const { mirror, runId } = ctx;
  const journal = new Map(mirror.journal(runId).map((entry) => [entry.opKey, entry]));
  const failed: FailedChange[] = [];
  const notes: string[] = [];
  let done = 0;
  let sent = 0;
  let inARow = 0;
  let stopReason: string | null = null;
  // After a twin was made, no member is linked by email and nobody is deactivated in this run.
  let twin: TwinMemberError | null = null;

  let lastRead = ctx.refresh?.dueNow ? -Infinity : (ctx.refresh?.now() ?? 0);
  for (let i = 0; i < writes.length; i++) {
    let op = writes[i];
    const previous = journal.get(op.key);
    const due = ctx.refresh && !stopReason && previous?.state !== 'done' && isMemberWrite(op) && ctx.refresh.now() - lastRead >= ctx.refresh.everyMs;
    if (ctx.refresh && due) {
      try {
        const rebuilt = await ctx.refresh.rebuild();
        writes = replaceRemaining(writes, i, rebuilt.writes, rebuilt.blocked, failed);
      } catch (error) {
        // Member writes must start from Plecto as it is (R3): without a fresh read, none is sent.
        stopReason = `Plecto could not be read before the remaining employee writes (${(error as Error).message})`;
      }
      lastRead = ctx.refresh.now();
      if (i >= writes.length) break;
      op = writes[i];
    }
    if (previous?.state === 'done') {
      done++;
      continue;
    }
    const held = stopReason ?? (twin && heldByTwin(op) ? twin.message : null);
    if (held) {
      failed.push({ changeIds: op.changeIds, description: op.description, error: `not attempted: ${held}` });
      continue;
    }
    try {
      ctx.checkLease?.();
    } catch (error) {
      // Nothing was sent for this write: the process that holds the lease now (or the next run) does it.
      stopReason = (error as Error).message;
      failed.push({ changeIds: op.changeIds, description: op.description, error: `not attempted: ${stopReason}` });
      continue;
    }
    try {
      const interrupted = previous?.state === 'sending';
      const note = await execute(ctx, op, interrupted);
      if (note) notes.push(note);
      sent++;
      inARow = 0;
    } catch (error) {
      const message = (error as Error).message;
      if (mirror.journal(runId).some((e) => e.opKey === op.key && e.state === 'sending')) mirror.journalFailed(runId, op.key, message);
      failed.push({ changeIds: op.changeIds, description: op.description, error: message });
      ctx.logger.warn(`Plecto write failed: ${op.description}`, { error: message });
      if (error instanceof TwinMemberError) twin = error;
      inARow++;
      if (isFatal(error)) stopReason = `Plecto stopped answering (${message})`;
      else if (inARow >= MAX_FAILURES_IN_A_ROW) stopReason = `Plecto failed ${inARow} writes in a row; the apply stopped early`;
    }
    done++;
    ctx.onProgress?.(done, writes.length, failed.length);
  }
  return { failed, sent, notes };
}

function isMemberWrite(op: WriteOp): boolean {
  return op.type === 'upsert_member' || op.type === 'patch_member';
}

/**
 * The writes from index `from` on, as rebuilt from a fresh read (same keys); one that the fresh
 * read blocks (a member marked manual, or gone) is reported as not applied instead.
 */
function replaceRemaining(
  writes: WriteOp[],
  from: number,
  rebuilt: WriteOp[],
  blocked: { changeId: string; reason: string }[],
  failed: FailedChange[],
): WriteOp[] {
  const byKey = new Map(rebuilt.map((w) => [w.key, w]));
  const why = new Map(blocked.map((b) => [b.changeId, b.reason]));
  const rest: WriteOp[] = [];
  for (const op of writes.slice(from)) {
    const fresh = byKey.get(op.key);
    if (fresh) rest.push(fresh);
    else {
      const reason = op.changeIds.map((id) => why.get(id)).find(Boolean) ?? 'Plecto changed since the preview; preview again';
      failed.push({ changeIds: op.changeIds, description: op.description, error: `not applied: ${reason}` });
    }
  }
  return [...writes.slice(0, from), ...rest];
}

/** Writes a detected twin puts on hold: links by email, and every deactivation. */
function heldByTwin(op: WriteOp): boolean {
  if (op.type === 'upsert_member') return op.byEmail;
  return op.type === 'patch_member' && op.isActive === false;
}

/** Team links of the connection, read once per apply and kept current as teams are created. */
const teamLinkCache = new WeakMap<ApplyContext, Map<string, string>>();
function teamLinksOf(ctx: ApplyContext): Map<string, string> {
  let links = teamLinkCache.get(ctx);
  if (!links) {
    links = new Map(ctx.mirror.teamLinks(ctx.connectionId).map((l) => [l.sourceId, l.plectoUuid]));
    teamLinkCache.set(ctx, links);
  }
  return links;
}

/** Sends one write; answers a note for the admin, or null. */
async function execute(ctx: ApplyContext, op: WriteOp, interrupted: boolean): Promise<string | null> {
  const { mirror, plecto, runId, connectionId } = ctx;
  const linkTeam = (sourceId: string, uuid: string) => {
    mirror.linkTeam(connectionId, sourceId, uuid);
    teamLinksOf(ctx).set(sourceId, uuid);
  };
  switch (op.type) {
    case 'create_team': {
      const parent = op.parentSourceId ? (teamLinksOf(ctx).get(op.parentSourceId) ?? null) : null;
      const request = { name: op.name, parent };
      mirror.journalBegin(runId, op.key, { changeIds: op.changeIds, description: op.description, request });
      // The create may have reached Plecto before an interruption or a lost answer: adopt it rather than make a twin (R12).
      const existing = interrupted ? await findUnlinkedTeam(ctx, op.name) : undefined;
      const { value: team, found } = existing
        ? { value: existing, found: true }
        : await createOnce(
            () => plecto.createTeam(request),
            () => findUnlinkedTeam(ctx, op.name),
            () => ctx.logger.warn(`Plecto: the answer to "${op.description}" was lost; looking for the team before trying again`),
          );
      mirror.transaction(() => {
        linkTeam(op.sourceId, team.uuid);
        mirror.journalDone(runId, op.key, found ? { uuid: team.uuid, adopted: true } : { uuid: team.uuid });
      });
      return null;
    }
    case 'update_team': {
      const patch: { name?: string; parent?: string | null } = {};
      if (op.name !== undefined) patch.name = op.name;
      if (op.parentSourceId !== undefined) {
        const parent = op.parentSourceId === null ? null : (teamLinksOf(ctx).get(op.parentSourceId) ?? op.parentUuid ?? undefined);
        // R1: a parent that could not be placed (its create failed) leaves the team where it is,
        // never at the top level.
        if (parent !== undefined) patch.parent = parent;
        else if (op.name === undefined) throw new Error(`its new parent team is not in Plecto (its create did not succeed); it stays where it is`);
      }
      mirror.journalBegin(runId, op.key, { changeIds: op.changeIds, description: op.description, request: patch });
      await plecto.updateTeam(op.uuid, patch);
      mirror.journalDone(runId, op.key, { uuid: op.uuid });
      return null;
    }
    case 'upsert_member': {
      const links = teamLinksOf(ctx);
      // R3: a write to a member that exists starts from that member as Plecto has it right now.
      const now = op.expectUuid !== null ? await currentMember(ctx, op.expectUuid) : null;
      const request = {
        provider: ctx.providerLabel,
        providerId: op.sourceId,
        providerEmail: op.email,
        name: now && op.keepName ? now.name : op.name,
        isActive: now && op.keepActive ? now.isActive : op.isActive,
        teams: resolveTeams(now ? { ...op.teams, base: now.teams } : op.teams, (id) => links.get(id)),
        ...(op.title !== undefined ? { title: op.title } : {}),
      };
      // Upsert by provider id: re-sending after an interruption updates the same member (plecto-api.md).
      mirror.journalBegin(runId, op.key, { changeIds: op.changeIds, description: op.description, request });
      const { member, created } = await plecto.upsertMember(request);
      if (op.expectUuid !== null && member.uuid !== op.expectUuid) {
        // Plecto made a second profile instead of attaching to the matched one: do not link it.
        mirror.journalDone(runId, op.key, { uuid: member.uuid, twinOf: op.expectUuid });
        throw new TwinMemberError(op.description, op.expectUuid, member.uuid);
      }
      mirror.transaction(() => {
        mirror.linkEmployee(connectionId, op.sourceId, member.uuid);
        mirror.journalDone(runId, op.key, { uuid: member.uuid, created });
      });
      if (op.appeared && !interrupted) {
        return `${op.description}: ${member.name} appeared in Plecto after the preview (made by hand, or missed by its read); they were linked, keeping their other teams and their state (R3).`;
      }
      if (op.expectUuid === null && !created && !interrupted) {
        return `${op.description}: Plecto already had this employee (${member.uuid}), made after the preview's read; it was linked and given the planned teams.`;
      }
      return null;
    }
    case 'patch_member': {
      const patch: { name?: string; title?: string | null; isActive?: boolean; teams?: string[] } = {};
      if (op.name !== undefined) patch.name = op.name;
      if (op.title !== undefined) patch.title = op.title;
      if (op.isActive !== undefined) patch.isActive = op.isActive;
      // R3, R7: re-read the member right before the write: its team list is replaced whole, and an
      // admin may have changed it (or marked it manual) since the apply's read.
      const now = await currentMember(ctx, op.uuid);
      if (op.teams) {
        const links = teamLinksOf(ctx);
        patch.teams = resolveTeams({ ...op.teams, base: now.teams }, (id) => links.get(id));
      }
      mirror.journalBegin(runId, op.key, { changeIds: op.changeIds, description: op.description, request: patch });
      await plecto.updateMember(op.uuid, patch);
      mirror.transaction(() => {
        if (op.isActive !== undefined) mirror.setDeactivatedBySync(connectionId, op.uuid, !op.isActive);
        mirror.journalDone(runId, op.key, { uuid: op.uuid });
      });
      return null;
    }
  }
}

/** The member as Plecto has it now; one marked "managed manually" (in Plecto or in this app) is not written (R7). */
async function currentMember(ctx: ApplyContext, uuid: string): Promise<PlectoMember> {
  const member = await ctx.plecto.getMember(uuid);
  if (member.managedManually || ctx.mirror.manuallyManaged().includes(uuid)) {
    throw new Error(`${member.name} is managed manually now (R7); nothing was written to them`);
  }
  return member;
}

/** A Plecto team with this name (trimmed, case-insensitive) that no connection links yet. */
async function findUnlinkedTeam(ctx: ApplyContext, name: string): Promise<{ uuid: string } | undefined> {
  const linked = new Set(ctx.mirror.allTeamLinks().map((l) => l.plectoUuid));
  const wanted = name.trim().toLowerCase();
  return (await ctx.plecto.listTeams()).find((t) => !linked.has(t.uuid) && t.name.trim().toLowerCase() === wanted);
}
