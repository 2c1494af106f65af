import { Redis } from 'ioredis';
import { BullmqJobQueue } from '@mlserve/queue';
import { TEST_REDIS_URL } from '../support/test-env';
import { describeJobQueueContract } from './job-queue.contract';

async function deleteKeys(prefix: string): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

describeJobQueueContract('bullmq', {
  // A short lock and stalled check, so a dead consumer's message comes back in seconds.
  create: (prefix) =>
    new BullmqJobQueue({
      redisUrl: TEST_REDIS_URL,
      prefix,
      lockDurationMs: 1000,
      stalledIntervalMs: 500,
    }),
  createUnreachable: (prefix) => new BullmqJobQueue({ redisUrl: 'redis://127.0.0.1:1', prefix }),
  crash: (queue) => queue.simulateCrash(),
  cleanup: (prefix) => deleteKeys(prefix),
});
