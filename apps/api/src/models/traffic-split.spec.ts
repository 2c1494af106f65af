import { describe, expect, it } from '@jest/globals';
import { pickVersion, trafficSplitSchema, unitHash } from './traffic-split';

describe('traffic split', () => {
  const split = [
    { version: 1, weight: 80 },
    { version: 2, weight: 20 },
  ];

  it('sends about the configured share to each version', () => {
    const counts = new Map<number, number>();
    for (let i = 0; i < 20_000; i += 1) {
      const v = pickVersion(split, `caller-${i}`, 'production');
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    expect((counts.get(2) ?? 0) / 20_000).toBeGreaterThan(0.18);
    expect((counts.get(2) ?? 0) / 20_000).toBeLessThan(0.22);
  });

  it('is sticky for a routing key', () => {
    const first = pickVersion(split, 'user-42', 'production');
    for (let i = 0; i < 50; i += 1) expect(pickVersion(split, 'user-42', 'production')).toBe(first);
  });

  it('hashes into [0, 1)', () => {
    for (const key of ['a', 'b', '', 'x'.repeat(1000)]) {
      expect(unitHash(key)).toBeGreaterThanOrEqual(0);
      expect(unitHash(key)).toBeLessThan(1);
    }
  });

  it('refuses duplicate versions and non-positive weights', () => {
    expect(
      trafficSplitSchema.safeParse([
        { version: 1, weight: 1 },
        { version: 1, weight: 2 },
      ]).success,
    ).toBe(false);
    expect(trafficSplitSchema.safeParse([{ version: 1, weight: 0 }]).success).toBe(false);
  });
});
