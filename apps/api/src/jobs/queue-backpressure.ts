import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@mlserve/config';
import { DomainError } from '@mlserve/contracts';
import { JOB_QUEUE, type JobQueue } from '@mlserve/queue';

/** How long a client is told to wait when a queue is full. */
const RETRY_AFTER_SECONDS = 10;

/** QUEUE_MAX_DEPTH: a full queue answers 429 instead of growing without bound. */
@Injectable()
export class QueueBackpressure {
  constructor(
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async check(queue: string): Promise<void> {
    const max = this.config.queueMaxDepth;
    if (max === 0) return;
    let waiting: number;
    try {
      const depth = await this.queue.depth(queue);
      waiting = depth.waiting + depth.delayed;
    } catch {
      return; // broker unreachable: the job row is durable and the reconciler enqueues it later
    }
    if (waiting >= max) {
      throw new DomainError(
        'QUEUE_FULL',
        `queue '${queue}' already holds ${waiting} waiting jobs (QUEUE_MAX_DEPTH=${max}); retry later`,
        { queue, waiting, retryAfterSeconds: RETRY_AFTER_SECONDS },
      );
    }
  }
}
