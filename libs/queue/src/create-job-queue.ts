import type { AppConfig } from '@mlserve/config';
import type { JobQueue } from './job-queue.port';
import { BullmqJobQueue } from './drivers/bullmq.driver';
import { RabbitmqJobQueue } from './drivers/rabbitmq.driver';

/** The driver named by QUEUE_DRIVER. */
export function createJobQueue(config: AppConfig): JobQueue {
  switch (config.queue.driver) {
    case 'bullmq':
      return new BullmqJobQueue({
        redisUrl: config.redis.url,
        prefix: config.queue.prefix,
        lockDurationMs: config.worker.leaseMs,
      });
    case 'rabbitmq': {
      const url = config.queue.rabbitmqUrl;
      if (!url) throw new Error('RABBITMQ_URL is required when QUEUE_DRIVER=rabbitmq');
      return new RabbitmqJobQueue({ url, prefix: config.queue.prefix });
    }
  }
}
