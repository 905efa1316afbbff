// Small test doubles shared by the client and connector tests: clocks that
// record the waits asked of them, a logger that keeps its lines, HTTP deps
// over the real fetch, and a way to catch the error a promise must end in.
import { expect } from 'vitest';
import type { Clock } from '../../main/common/clock';
import { silentLogger, type Logger } from '../../main/common/logger';
import type { HttpDeps } from '../../main/http/http';

/** Real time, but sleeps are capped at `maxSleepMs` so retry tests stay fast; every requested wait is recorded. */
export function recordingClock(maxSleepMs = 5): Clock & { sleeps: number[] } {
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => Date.now(),
    sleep: (ms) => {
      sleeps.push(ms);
      return new Promise((resolve) => setTimeout(resolve, Math.min(ms, maxSleepMs)));
    },
  };
}

/** Virtual time: sleeps return at once and move the clock, so retries and pacing cost nothing. */
export function virtualClock(): Clock & { sleeps: number[]; advance(ms: number): void } {
  let now = 1_700_000_000_000;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    advance: (ms) => {
      now += ms;
    },
  };
}

/** Keeps every log line, so tests can check that no secret reaches the log. */
export function capturingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const log = (message: string, fields?: Record<string, unknown>) => void lines.push(message + JSON.stringify(fields ?? {}));
  return { lines, info: log, warn: log, error: log };
}

/** HTTP deps over the real fetch, recording every URL fetched. */
export function httpDeps(clock: Clock = recordingClock(), logger: Logger = silentLogger): HttpDeps & { urls: string[] } {
  const urls: string[] = [];
  return {
    urls,
    fetch: (input, init) => {
      urls.push(input);
      return fetch(input, init);
    },
    clock,
    logger,
  };
}

/** The error `promise` rejects with, checked to be an instance of `type`. */
export async function rejectionOf<E extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => E): Promise<E> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  return error as E;
}
