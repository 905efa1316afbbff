import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../main/plecto/pacer';
import { virtualClock } from '../support/test-kit';

describe('TokenBucket', () => {
  it('lets a burst of 60 go at once, then makes the 61st wait 1 s at 3,600/h', async () => {
    const clock = virtualClock();
    const bucket = new TokenBucket(60, 3600, clock);
    for (let i = 0; i < 60; i++) await bucket.take();
    expect(clock.sleeps).toEqual([]);
    await bucket.take();
    expect(clock.sleeps).toEqual([1000]);
  });

  it('refills at the hourly rate but never beyond its capacity', async () => {
    const clock = virtualClock();
    const bucket = new TokenBucket(60, 3600, clock);
    for (let i = 0; i < 60; i++) await bucket.take();
    clock.advance(10_000);
    expect(bucket.available()).toBeCloseTo(10, 5);
    clock.advance(3_600_000);
    expect(bucket.available()).toBe(60);
  });

  it('paces at a raised rate (7,200/h → one request every 500 ms after the burst)', async () => {
    const clock = virtualClock();
    const bucket = new TokenBucket(2, 7200, clock);
    for (let i = 0; i < 5; i++) await bucket.take();
    expect(clock.sleeps).toEqual([500, 500, 500]);
  });

  it('serves concurrent callers one token each, in order, without overspending', async () => {
    const clock = virtualClock();
    const bucket = new TokenBucket(3, 3600, clock);
    const order: number[] = [];
    await Promise.all(Array.from({ length: 6 }, (_, i) => bucket.take().then(() => order.push(i))));
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    // 3 from the burst, then 3 paced at 1 s each.
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBe(3000);
  });

  it('refuses a rate or capacity that could never release a token', () => {
    const clock = virtualClock();
    expect(() => new TokenBucket(0, 3600, clock)).toThrow(/capacity/);
    expect(() => new TokenBucket(60, 0, clock)).toThrow(/per hour/);
  });
});
