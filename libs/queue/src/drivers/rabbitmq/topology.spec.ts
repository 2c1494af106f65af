import { describe, expect, it } from '@jest/globals';
import { bucketFor, queueTopology } from './topology';
import { decodeRef, encodeRef } from './message';

describe('RabbitMQ topology', () => {
  const topology = queueTopology('mlserve', 'default');

  it('names the work, dead-letter and delay queues after the prefix and queue', () => {
    expect(topology.work).toBe('mlserve.default');
    expect(topology.dead).toBe('mlserve.default.dead');
    expect(topology.buckets.map((bucket) => bucket.name)).toEqual(
      [1, 2, 4, 8, 16, 32, 64, 128, 256, 300].map((s) => `mlserve.default.delay.${s}s`),
    );
  });

  it.each([
    [1, 1000],
    [1000, 1000],
    [1001, 2000],
    [1500, 2000],
    [60_000, 64_000],
    [256_001, 300_000],
    [300_000, 300_000],
  ])('rounds a delay of %i ms up to the %i ms bucket', (delayMs, ttlMs) => {
    expect(bucketFor(topology, delayMs).ttlMs).toBe(ttlMs);
  });

  it('uses the longest bucket for delays beyond it', () => {
    expect(bucketFor(topology, 3_600_000).ttlMs).toBe(300_000);
  });
});

describe('RabbitMQ message body', () => {
  it('round-trips a JobRef and nothing else', () => {
    const ref = { jobId: 'j1', queue: 'default', attempt: 2 };
    expect(decodeRef(encodeRef({ ...ref, extra: true } as typeof ref))).toEqual(ref);
  });

  it.each([
    '',
    'null',
    '[]',
    '"text"',
    '{"jobId":"j1","queue":"q"}',
    '{"jobId":1,"queue":"q","attempt":1}',
  ])('rejects %s', (body) => {
    expect(decodeRef(Buffer.from(body))).toBeNull();
  });
});
