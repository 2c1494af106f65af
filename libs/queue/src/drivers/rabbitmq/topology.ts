import type { Channel } from 'amqplib';
import { MAX_PRIORITY } from '@mlserve/contracts';

/**
 * Delay buckets, each a queue with one fixed TTL that dead-letters back into its work queue.
 * One TTL per queue means messages expire in arrival order, so a long delay never holds up a
 * short one. Powers of two match the retry backoff (1 s, 2 s, 4 s, ...), capped at 5 minutes.
 */
export const DELAY_BUCKETS_MS: readonly number[] = [
  ...Array.from({ length: 9 }, (_, i) => 1000 * 2 ** i),
  300_000,
];

export interface DelayBucket {
  name: string;
  ttlMs: number;
}

/** The broker objects behind one logical queue. */
export interface QueueTopology {
  /** Where consumers read: durable, priority 0..MAX_PRIORITY, dead-letters into `dead`. */
  work: string;
  /** Messages that cannot be processed: unparseable, or rejected too often. */
  dead: string;
  buckets: DelayBucket[];
}

export function queueTopology(prefix: string, queue: string): QueueTopology {
  const work = `${prefix}.${queue}`;
  return {
    work,
    dead: `${work}.dead`,
    buckets: DELAY_BUCKETS_MS.map((ttlMs) => ({ name: `${work}.delay.${ttlMs / 1000}s`, ttlMs })),
  };
}

/** The shortest bucket that delays at least `delayMs` (rounding up), else the longest one. */
export function bucketFor(topology: QueueTopology, delayMs: number): DelayBucket {
  const fits = topology.buckets.find((bucket) => bucket.ttlMs >= delayMs);
  return fits ?? topology.buckets[topology.buckets.length - 1];
}

export interface TopologyCounts {
  waiting: number;
  delayed: number;
  dead: number;
}

/**
 * Declares every queue of the topology (idempotent) and returns their message counts. The
 * default exchange ('') routes dead letters by queue name, so no extra exchanges are needed.
 */
export async function declareTopology(
  channel: Channel,
  topology: QueueTopology,
): Promise<TopologyCounts> {
  const work = await channel.assertQueue(topology.work, {
    durable: true,
    maxPriority: MAX_PRIORITY,
    deadLetterExchange: '',
    deadLetterRoutingKey: topology.dead,
  });
  const dead = await channel.assertQueue(topology.dead, { durable: true });
  let delayed = 0;
  for (const bucket of topology.buckets) {
    const reply = await channel.assertQueue(bucket.name, {
      durable: true,
      messageTtl: bucket.ttlMs,
      deadLetterExchange: '',
      deadLetterRoutingKey: topology.work,
    });
    delayed += reply.messageCount;
  }
  return { waiting: work.messageCount, delayed, dead: dead.messageCount };
}

/** Every queue name of the topology, e.g. to delete them. */
export function topologyQueueNames(topology: QueueTopology): string[] {
  return [topology.work, topology.dead, ...topology.buckets.map((bucket) => bucket.name)];
}
