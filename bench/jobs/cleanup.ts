import { Redis } from 'ioredis';
import { deleteQueues } from '../../test/queue/support/rabbitmq-admin';

/** Deletes every Redis key under `prefix:` (BullMQ's keys for that prefix); returns how many. */
export async function deleteRedisKeys(redisUrl: string, prefix: string): Promise<number> {
  const redis = new Redis(redisUrl);
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) deleted += await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}

/** Deletes the RabbitMQ queues (work, dead letters, delay buckets) of `queue` under `prefix`. */
export function deleteRabbitQueues(rabbitmqUrl: string, prefix: string, queue: string) {
  return deleteQueues(prefix, [queue], rabbitmqUrl);
}
