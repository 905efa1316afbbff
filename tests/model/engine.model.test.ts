// The model-based, randomised test of the engine (issue 8): random directories
// and random histories of events against the real engine, the fakes over HTTP
// and a real SQLite mirror, with the invariants of ./invariants.ts after every
// step and convergence at the end. A failure prints its seed, the replay
// command and the shrunk history. Longer runs: `npm run fuzz -- --runs N`.
import { describe, expect, it } from 'vitest';
import { describeFailure, runModel } from './property';

/** Cases per CI run: sized to finish well under a minute on a 2-core machine. */
const CI_RUNS = Number(process.env.MODEL_RUNS ?? 120);

describe('engine model (R1–R13 invariants under random events)', () => {
  it(`${CI_RUNS} random histories keep every invariant and converge`, async () => {
    const details = await runModel({ numRuns: CI_RUNS, seed: process.env.MODEL_SEED ? Number(process.env.MODEL_SEED) : undefined });
    if (details.failed) console.error(describeFailure(details));
    expect(details.failed, describeFailure(details)).toBe(false);
  }, 120_000);
});
