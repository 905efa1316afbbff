// Carries out a run's writes against Plecto in R12 order. Every write is
// journaled in the mirror before it is sent and after it answers, and the
// link it creates is stored in the same transaction as its "done" entry, so
// an interrupted run resumes where it stopped and never does anything twice.
import type { Logger } from '../common/logger';
import type { PlectoClient } from '../plecto/client';
import { PlectoError } from '../plecto/client';
import type { Mirror } from '../store/mirror';
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
}

export interface ApplyOutcome {
  failed: FailedChange[];
  /** Writes sent in this call (a resumed run skips the ones already done). */
  sent: number;
}

/** Errors after which every further write would fail the same way: stop instead of hammering. */
function isFatal(error: unknown): boolean {
  return error instanceof PlectoError && (error.kind === 'auth' || error.kind === 'permission' || error.kind === 'network');
}

export async function applyWrites(ctx: ApplyContext, writes: WriteOp[]): Promise<ApplyOutcome> {
  const { mirror, runId } = ctx;
  const journal = new Map(mirror.journal(runId).map((entry) => [entry.opKey, entry]));
  const failed: FailedChange[] = [];
  let done = 0;
  let sent = 0;
  let stopReason: string | null = null;

  for (const op of writes) {
    const previous = journal.get(op.key);
    if (previous?.state === 'done') {
      done++;
      continue;
    }
    if (stopReason) {
      failed.push({ changeIds: op.changeIds, description: op.description, error: `not attempted: ${stopReason}` });
      continue;
    }
    try {
      const interrupted = previous?.state === 'sending';
      await execute(ctx, op, interrupted);
      sent++;
    } catch (error) {
      const message = (error as Error).message;
      mirror.journalFailed(runId, op.key, message);
      failed.push({ changeIds: op.changeIds, description: op.description, error: message });
      ctx.logger.warn(`Plecto write failed: ${op.description}`, { error: message });
      if (isFatal(error)) stopReason = message;
    }
    done++;
    ctx.onProgress?.(done, writes.length, failed.length);
  }
  return { failed, sent };
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

async function execute(ctx: ApplyContext, op: WriteOp, interrupted: boolean): Promise<void> {
  const { mirror, plecto, runId, connectionId } = ctx;
  const linkTeam = (sourceId: string, uuid: string) => {
    mirror.linkTeam(connectionId, sourceId, uuid);
    teamLinksOf(ctx).set(sourceId, uuid);
  };
  switch (op.type) {
    case 'create_team': {
      const parent = op.parentSourceId ? (teamLinksOf(ctx).get(op.parentSourceId) ?? null) : null;
      const request = { name: op.name, parent };
      if (interrupted) {
        // The create may have reached Plecto before the interruption: adopt it rather than make a twin.
        const linked = new Set(mirror.allTeamLinks().map((l) => l.plectoUuid));
        const existing = (await plecto.listTeams()).find(
          (t) => !linked.has(t.uuid) && t.name.trim().toLowerCase() === op.name.trim().toLowerCase(),
        );
        if (existing) {
          mirror.transaction(() => {
            linkTeam(op.sourceId, existing.uuid);
            mirror.journalDone(runId, op.key, { uuid: existing.uuid, adopted: true });
          });
          return;
        }
      }
      mirror.journalBegin(runId, op.key, { changeIds: op.changeIds, description: op.description, request });
      const team = await plecto.createTeam(request);
      mirror.transaction(() => {
        linkTeam(op.sourceId, team.uuid);
        mirror.journalDone(runId, op.key, { uuid: team.uuid });
      });
      return;
    }
    case 'update_team': {
      const patch: { name?: string; parent?: string | null } = {};
      if (op.name !== undefined) patch.name = op.name;
      if (op.parentSourceId !== undefined) {
        patch.parent = op.parentSourceId === null ? null : (teamLinksOf(ctx).get(op.parentSourceId) ?? null);
      }
      mirror.journalBegin(runId, op.key, { changeIds: op.changeIds, description: op.description, request: patch });
      await plecto.updateTeam(op.uuid, patch);
      mirror.journalDone(runId, op.key, { uuid: op.uuid });
      return;
    }
    case 'upsert_member': {
      const links = teamLinksOf(ctx);
      const request = {
        provider: ctx.providerLabel,
        providerId: op.sourceId,
        providerEmail: op.email,
        name: op.name,
        isActive: op.isActive,
        teams: resolveTeams(op.teams, (id) => links.get(id)),
        title: op.title,
      };
      // Upsert by provider id: re-sending after an interruption updates the same member (plecto-api.md).
      mirror.journalBegin(runId, op.key, { changeIds: op.changeIds, description: op.description, request });
      const { member } = await plecto.upsertMember(request);
      mirror.transaction(() => {
        mirror.linkEmployee(connectionId, op.sourceId, member.uuid);
        mirror.journalDone(runId, op.key, { uuid: member.uuid });
      });
      return;
    }
    case 'patch_member': {
      const patch: { name?: string; title?: string | null; isActive?: boolean; teams?: string[] } = {};
      if (op.name !== undefined) patch.name = op.name;
      if (op.title !== undefined) patch.title = op.title;
      if (op.isActive !== undefined) patch.isActive = op.isActive;
      if (op.teams) {
        const links = teamLinksOf(ctx);
        patch.teams = resolveTeams(op.teams, (id) => links.get(id));
      }
      mirror.journalBegin(runId, op.key, { changeIds: op.changeIds, description: op.description, request: patch });
      await plecto.updateMember(op.uuid, patch);
      mirror.transaction(() => {
        if (op.isActive !== undefined) mirror.setDeactivatedBySync(connectionId, op.uuid, !op.isActive);
        mirror.journalDone(runId, op.key, { uuid: op.uuid });
      });
      return;
    }
  }
}
