// Keeps the client under Plecto's hourly request limit on purpose instead of
// finding it with 429s: a token bucket holding at most `capacity` requests,
// refilled continuously at `perHour` (contracts/plecto-api.md, Limits).
import type { Clock } from '../common/clock';

export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly perMs: number;
  /** Callers wait in line, so concurrent requests get tokens in the order they asked. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly capacity: number,
    perHour: number,
    private readonly clock: Clock,
  ) {
    if (!(capacity >= 1)) throw new RangeError(`Token bucket capacity must be at least 1 (got ${capacity})`);
    if (!(perHour > 0)) throw new RangeError(`Requests per hour must be positive (got ${perHour})`);
    this.tokens = capacity;
    this.last = clock.now();
    this.perMs = perHour / 3_600_000;
  }

  /** Resolves when one request may be sent. */
  take(): Promise<void> {
    const turn = this.queue.then(() => this.takeInTurn());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** Tokens available now (for tests and progress displays). */
  available(): number {
    this.refill();
    return this.tokens;
  }

  private async takeInTurn(): Promise<void> {
    for (;;) {
      this.refill();
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.clock.sleep(Math.ceil((1 - this.tokens) / this.perMs));
    }
  }

  private refill(): void {
    const now = this.clock.now();
    // A clock that goes backwards (NTP step) must not drain the bucket.
    const elapsed = Math.max(0, now - this.last);
    this.last = now;
    this.tokens = Math.min(this.capacity, this.tokens + elapsed * this.perMs);
  }
}
