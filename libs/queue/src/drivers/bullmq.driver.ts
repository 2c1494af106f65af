import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { MAX_PRIORITY, type JobRef } from '@mlserve/contracts';
import type {
  EnqueueOptions,
  JobQueue,
  JobRefHandler,
  QueueConsumer,
  QueueDepth,
} from '../job-queue.port';
import { QueueUnavailableError } from '../queue-unavailable.error';

export interface BullmqDriverOptions {
  redisUrl: string;
  prefix: string;
  /** How long a consumer may hold a message before BullMQ considers it stalled. */
  lockDurationMs?: number;
  /** How often consumers look for stalled messages (whose lock expired) to put back. */
  stalledIntervalMs?: number;
}

const MESSAGE_NAME = 'job-ref';
/** How long a call may wait for the producer's very first connection. */
const FIRST_CONNECT_WAIT_MS = 1000;

/**
 * BullMQ/Redis driver. Producers use a connection without an offline queue, so an outage fails
 * fast instead of hanging; consumers use their own blocking connections (maxRetriesPerRequest
 * null, as BullMQ requires). Every enqueue is a new message: duplicates are harmless because
 * the database decides who may run a job.
 */
export class BullmqJobQueue implements JobQueue {
  readonly driver = 'bullmq' as const;
  private readonly producer: Redis;
  private readonly queues = new Map<string, Queue<JobRef>>();
  private readonly consumers = new Set<Worker<JobRef>>();
  private producerWasReady = false;

  constructor(private readonly options: BullmqDriverOptions) {
    this.producer = new Redis(options.redisUrl, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      retryStrategy: (times) => Math.min(times * 200, 2000),
    });
    this.producer.on('error', () => undefined); // surfaced through failing commands and ping()
    this.producer.once('ready', () => (this.producerWasReady = true));
  }

  async enqueue(ref: JobRef, options: EnqueueOptions = {}): Promise<void> {
    await this.producerReady();
    const priority = options.priority ?? 0;
    await this.queue(ref.queue).add(MESSAGE_NAME, ref, {
      // BullMQ: 1 is the highest priority. Every job gets one, even the default 0, because
      // BullMQ takes jobs without a priority before all prioritized ones.
      priority: MAX_PRIORITY + 1 - Math.min(MAX_PRIORITY, Math.max(0, Math.round(priority))),
      delay: options.delayMs,
      attempts: 10,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: { count: 1000 },
      removeOnFail: { count: 10_000 },
    });
  }

  async consume(
    queues: string[],
    concurrency: number,
    handler: JobRefHandler,
  ): Promise<QueueConsumer> {
    const workers = queues.map((name) => {
      const worker = new Worker<JobRef>(name, (job) => handler(job.data), {
        connection: { url: this.options.redisUrl, maxRetriesPerRequest: null },
        prefix: this.options.prefix,
        concurrency,
        lockDuration: this.options.lockDurationMs ?? 30_000,
        stalledInterval: this.options.stalledIntervalMs ?? 30_000,
        maxStalledCount: 5,
      });
      worker.on('error', () => undefined); // reconnects by itself; health reports the outage
      this.consumers.add(worker);
      return worker;
    });
    await Promise.all(workers.map((worker) => worker.waitUntilReady()));
    return {
      close: async () => {
        await Promise.all(workers.map((worker) => worker.close()));
        for (const worker of workers) this.consumers.delete(worker);
      },
    };
  }

  async depth(queue: string): Promise<QueueDepth> {
    await this.producerReady();
    const counts = await this.queue(queue).getJobCounts(
      'waiting',
      'prioritized',
      'active',
      'delayed',
    );
    return {
      waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
      active: counts.active ?? 0,
      delayed: counts.delayed ?? 0,
    };
  }

  async ping(): Promise<void> {
    await this.producerReady();
    await this.producer.ping();
  }

  async close(): Promise<void> {
    await Promise.all([...this.consumers].map((worker) => worker.close()));
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    this.producer.disconnect();
  }

  /**
   * Fault injection: stops without settling or renewing anything, as a crashed process would.
   * Its messages go back to waiting once their locks expire and another consumer's stalled check
   * runs.
   */
  async simulateCrash(): Promise<void> {
    await Promise.all([...this.consumers].map((worker) => worker.close(true)));
    this.consumers.clear();
    await this.close();
  }

  /**
   * BullMQ waits for a connection that never came instead of failing, so check first: wait a
   * moment for the very first connect, and fail at once during an outage.
   */
  private async producerReady(): Promise<void> {
    const redis = this.producer;
    if (redis.status === 'ready') return;
    const firstConnect = ['wait', 'connecting', 'connect'].includes(redis.status);
    if (this.producerWasReady || !firstConnect) {
      throw new QueueUnavailableError(`Redis is not connected (${redis.status})`);
    }
    await new Promise<void>((resolve, reject) => {
      const settle = (error?: Error): void => {
        clearTimeout(timer);
        redis.off('ready', onReady).off('close', onClose);
        if (error) reject(error);
        else resolve();
      };
      const onReady = (): void => settle();
      const onClose = (): void => settle(new QueueUnavailableError('Redis refused the connection'));
      const timer = setTimeout(
        () => settle(new QueueUnavailableError('Redis did not connect in time')),
        FIRST_CONNECT_WAIT_MS,
      );
      redis.once('ready', onReady).once('close', onClose);
    });
  }

  private queue(name: string): Queue<JobRef> {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue<JobRef>(name, { connection: this.producer, prefix: this.options.prefix });
      queue.on('error', () => undefined);
      this.queues.set(name, queue);
    }
    return queue;
  }
}
