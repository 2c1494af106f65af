import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@mlserve/config';
import { JOB_QUEUE, type JobQueue, type QueueConsumer } from '@mlserve/queue';
import { JobExecutor } from './job-executor.service';

/**
 * Consumes WORKER_QUEUES. On shutdown (SIGTERM) it stops taking messages first, lets running
 * jobs finish for WORKER_SHUTDOWN_GRACE_MS, then aborts the rest, which puts them back in their
 * queue. This runs in onModuleDestroy, before the database and broker connections close.
 */
@Injectable()
export class ConsumerService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ConsumerService.name);
  private consumer: QueueConsumer | null = null;

  constructor(
    private readonly executor: JobExecutor,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { queues, concurrency, id } = this.config.worker;
    this.consumer = await this.queue.consume(queues, concurrency, (ref) =>
      this.executor.handle(ref),
    );
    this.logger.log(
      `worker ${id} consuming [${queues.join(', ')}] via ${this.queue.driver}, concurrency ${concurrency}`,
    );
  }

  async onModuleDestroy(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = null;
    if (!consumer) return;
    const grace = setTimeout(() => {
      this.logger.warn(
        `grace period over: putting ${this.executor.runningCount} running job(s) back`,
      );
      this.executor.abortAll('shutdown');
    }, this.config.worker.shutdownGraceMs);
    try {
      await consumer.close();
    } finally {
      clearTimeout(grace);
    }
    this.logger.log('stopped consuming; running jobs settled');
  }
}
