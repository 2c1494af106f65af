import type { AppConfig } from '@mlserve/config';
import type { JobQueue } from './job-queue.port';
import { BullmqJobQueue } from './drivers/bullmq.driver';

/** The driver named by QUEUE_DRIVER. */
export function createJobQueue(config: AppConfig): JobQueue {
  switch (config.queue.driver) {
    case 'bullmq':
      return new BullmqJobQueue({
        redisUrl: config.redis.url,
        prefix: config.queue.prefix,
        lockDurationMs: config.worker.leaseMs,
      });
    case 'rabbitmq':
      throw new Error('QUEUE_DRIVER=rabbitmq is not available yet; use bullmq');
  }
}
