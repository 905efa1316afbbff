// The model-based property: a random directory, a random history of events
// against the real engine (invariants checked after every step), then the
// events stop and every connection must converge — one more round of syncs
// leaves nothing to do, the next apply sends 0 writes, and Plecto holds what
// the sources say (R1, R3, R4, R6).
import fc from 'fast-check';
import { commandArbs, type Real, type Step } from './commands';
import { directoryArb, normalEmail, seedDirectory, type DirectorySpec } from './directory';
import { Checker, InvariantViolation } from './invariants';
import { activeInSource, sourcePeople, sourceTeams } from './source-edits';
import { LABEL, startModelWorld, type ModelWorld } from './world';

export interface ModelRunOptions {
  numRuns: number;
  seed?: number;
  path?: string;
  /** fast-check's replayPath of the command list, printed with a failure (needed with --path to replay the shrunk case). */
  replayPath?: string;
  maxCommands?: number;
  /** Print every case's history as it runs (the fuzz script's --verbose). */
  verbose?: boolean;
}

/** After the events: two full rounds of syncs (a connection may only settle once another one has), then nothing is left to do. */
export async function settle(world: ModelWorld, checker: Checker): Promise<void> {
  world.clearFaults();
  for (let round = 0; round < 2; round++) {
    for (const c of world.active) {
      // The admin approves whatever a safeguard holds: the sources really are like this (R10).
      const run = await checker.step(c, () => world.engine.sync(c, 'manual', { force: true }));
      if (run.status === 'failed') throw new InvariantViolation('R12', `settling: ${LABEL[c]} sync failed with no fault injected: ${run.error}`);
    }
  }
  for (const c of world.active) {
    const planned = await checker.step(c, () => world.engine.plan(c, 'manual'), { noWrites: 'R11: a preview never writes' });
    const changes = planned.plan?.changes ?? [];
    if (planned.status !== 'planned' || changes.length > 0) {
      throw new InvariantViolation(
        'R11',
        `after two rounds of syncs, ${LABEL[c]} still plans (${planned.status}${planned.holdReason ? `: ${planned.holdReason}` : ''}${planned.error ? `: ${planned.error}` : ''}): ${changes.map((x) => `${x.kind} ${x.employee?.name ?? x.team?.name ?? ''} (${x.rule}: ${x.reason})`).join('; ')}`,
      );
    }
    await checker.step(c, () => world.engine.apply(planned.id), { noWrites: 'R11: a sync with nothing to do writes nothing' });
  }
  finalState(world);
}

/** Plecto as the sources say, for every connection (R1, R3, R4, R6). */
function finalState(world: ModelWorld): void {
  const { plecto, mirror } = world;
  const members = [...plecto.members.values()];
  for (const c of world.active) {
    const label = LABEL[c];
    const links = new Map(mirror.teamLinks(c).map((l) => [l.sourceId, l.plectoUuid]));
    // R8: with the scope on, only the selected teams, and the people in at least one of them.
    const settings = world.settings(c);
    const inScope = (teamId: string) => !settings.onlySelectedTeams || settings.selectedTeams.includes(teamId);
    const imported = new Set([...links].filter(([sourceId]) => inScope(sourceId)).map(([, uuid]) => uuid));
    // Sync teams off: no team is made or moved; Sync employees off: no person is made; memberships need both (R4).
    const teams = settings.syncTeams ? sourceTeams(world, c).filter((t) => inScope(t.id)) : [];
    const inUse = new Set(sourcePeople(world, c).flatMap((p) => p.teams));
    for (const team of teams) {
      const uuid = links.get(team.id);
      // Salesforce roles nobody holds may be imported or not; every other source team is in Plecto (R1).
      if (!uuid) {
        if (c === 'salesforce' && !inUse.has(team.id)) continue;
        throw new InvariantViolation('R1', `${label} team ${team.name} (${team.id}) has no Plecto team after settling`);
      }
      const plectoTeam = plecto.teams.get(uuid);
      if (!plectoTeam) throw new InvariantViolation('R1', `${label} team ${team.name} is linked to a Plecto team that does not exist`);
      if (plectoTeam.name.trim() !== team.name.trim()) throw new InvariantViolation('R1', `${label} team "${team.name}" is named "${plectoTeam.name}" in Plecto after settling`);
      // R1: only a parent that is imported (linked and in scope) places the team; otherwise its parent is left as it is.
      if (c !== 'intercom' && team.parent && links.has(team.parent) && inScope(team.parent) && plectoTeam.parent !== links.get(team.parent)) {
        throw new InvariantViolation('R1', `${label} team ${team.name} is not under its source parent in Plecto after settling`);
      }
    }
    // Salesforce people need a role synced as a team (R3): with Sync teams off, none is required.
    const peopleRequired = settings.syncEmployees && (settings.syncTeams || c !== 'salesforce');
    for (const person of peopleRequired ? sourcePeople(world, c) : []) {
      if (!activeInSource(world, c, person.id)) continue;
      if (settings.onlySelectedTeams && !person.teams.some(inScope)) continue;
      const manual = members.find((m) => m.managed_manually && (normalEmail(m.email) === normalEmail(person.email) || m.api_providers.some((p) => p.provider === label && p.provider_id === person.id)));
      if (manual) continue; // R7: skipped
      const found = members.filter((m) => m.api_providers.some((p) => p.provider === label && p.provider_id === person.id));
      if (found.length !== 1) throw new InvariantViolation('R3', `${label} person ${person.email} (${person.id}) has ${found.length} Plecto members after settling`);
      const member = found[0];
      if (!member.is_active) throw new InvariantViolation('R6', `${person.email} is active in ${label} but inactive in Plecto after settling`);
      if (!settings.syncTeams) continue;
      const want = person.teams.filter(inScope).map((t) => links.get(t)).filter((u): u is string => !!u).sort().join(',');
      const have = member.teams.filter((t) => imported.has(t)).sort().join(',');
      if (want !== have) {
        const name = (u: string) => plecto.teams.get(u)?.name ?? u;
        throw new InvariantViolation('R4', `${person.email} is in ${label} teams [${want.split(',').filter(Boolean).map(name)}] but in Plecto [${have.split(',').filter(Boolean).map(name)}] after settling`);
      }
    }
  }
}

export function modelProperty(options: Pick<ModelRunOptions, 'maxCommands' | 'verbose' | 'replayPath'> = {}) {
  return fc.asyncProperty(directoryArb, fc.commands(commandArbs, { maxCommands: options.maxCommands ?? 12, replayPath: options.replayPath }), async (directory: DirectorySpec, commands) => {
    const starting = Date.now();
    const world = await startModelWorld();
    if (options.verbose) console.log(`${new Date().toISOString()} started in ${Date.now() - starting} ms`);
    try {
      seedDirectory(world, directory);
      const real: Real = { world, checker: new Checker(world) };
      await fc.asyncModelRun(() => ({ model: {}, real }), commands);
      const settling = Date.now();
      await settle(world, real.checker);
      if (options.verbose) console.log(`settled in ${Date.now() - settling} ms`);
    } finally {
      const closing = Date.now();
      await world.close();
      if (options.verbose) console.log(`closed in ${Date.now() - closing} ms`);
      if (options.verbose) console.log([...commands].map((c) => `${((c as unknown as { cmd?: Step }).cmd ?? (c as Step)).ms} ms ${String(c)}`).join('\n'), '\n---');
    }
  });
}

export async function runModel(options: ModelRunOptions): Promise<fc.RunDetails<unknown>> {
  const details = await runShrinking(options);
  if (details.failed && details.counterexample) {
    // Shrinking ran the counterexample's commands in passing candidates after its failure: run it once more so
    // that each command's "what it did" describes the failing history.
    const [directory, commands] = details.counterexample as [DirectorySpec, Iterable<unknown>];
    const steps = [...commands].map((c) => ((c as { cmd?: Step }).cmd ?? c) as Step);
    await runCase(directory, steps).catch(() => undefined);
  }
  return details;
}

async function runShrinking(options: ModelRunOptions): Promise<fc.RunDetails<unknown>> {
  return (await fc.check(modelProperty(options), {
    numRuns: options.numRuns,
    seed: options.seed,
    path: options.path,
    endOnFailure: false,
    // A case runs HTTP against four servers: allow it time, but report one that hangs.
    interruptAfterTimeLimit: undefined,
  })) as fc.RunDetails<unknown>;
}

/** A readable report of a failed run: seed, path, the shrunk case, the error. */
export function describeFailure(details: fc.RunDetails<unknown>): string {
  if (!details.failed) return `passed ${details.numRuns} runs (seed ${details.seed})`;
  const [directory, commands] = (details.counterexample ?? []) as [DirectorySpec, unknown];
  const replay = /replayPath="([^"]*)"/.exec(String(commands));
  const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  return [
    `FAILED after ${details.numRuns} run(s), ${details.numShrinks} shrink(s)`,
    `replay: npm run fuzz -- --seed ${details.seed} --path "${details.counterexamplePath}"${replay ? ` --replay "${replay[1]}"` : ''}`,
    `violation: ${error}`,
    ...(details.errorInstance instanceof Error && details.errorInstance.name !== 'InvariantViolation'
      ? (details.errorInstance.stack ?? '').split('\n').filter((l) => l.includes('/main/')).slice(0, 4).map((l) => `  ${l.trim()}`)
      : []),
    `directory: ${JSON.stringify(directory)}`,
    `events:`,
    ...String(commands)
      .split(/,(?=(?:sync|source|plecto|plan|stale|fresh|restart)\b)/)
      .map((line) => `  ${line.trim()}`),
  ].join('\n');
}

/** Runs one fixed case — a directory and a list of events — exactly as the property does (regression examples). */
export async function runCase(directory: DirectorySpec, steps: Step[], after?: (world: ModelWorld) => void): Promise<string[]> {
  const world = await startModelWorld();
  try {
    seedDirectory(world, directory);
    const real: Real = { world, checker: new Checker(world) };
    const log: string[] = [];
    for (const step of steps) {
      await step.run({}, real);
      log.push(String(step));
    }
    await settle(world, real.checker);
    after?.(world);
    return log;
  } finally {
    await world.close();
  }
}
