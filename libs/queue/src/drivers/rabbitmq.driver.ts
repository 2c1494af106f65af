import { hostname } from 'node:os';
import { Logger } from '@nestjs/common';
import type { JobRef } from '@mlserve/contracts';
import type {
  EnqueueOptions,
  JobQueue,
  JobRefHandler,
  QueueConsumer,
  QueueDepth,
} from '../job-queue.port';
import { QueueUnavailableError } from '../queue-unavailable.error';
import { RabbitmqConnection, type DriverLogger } from './rabbitmq/connection';
import { RabbitmqConsumer } from './rabbitmq/consumer';
import { encodeRef } from './rabbitmq/message';
import { clampPriority, publishTo } from './rabbitmq/publishing';
import { queueTopology, type QueueTopology } from './rabbitmq/topology';

export interface RabbitmqDriverOptions {
  url: string;
  prefix: string;
  /** Handler rejections after which a message goes to its queue's dead-letter queue. */
  maxAttempts?: number;
  /** How long enqueue waits for the broker's confirm. */
  publishTimeoutMs?: number;
  /** Reconnect backoff: doubles from the initial delay up to the cap, with jitter. */
  reconnect?: { initialDelayMs?: number; maxDelayMs?: number };
  logger?: DriverLogger;
}

const PING_TIMEOUT_MS = 1000;

/**
 * RabbitMQ driver. Each logical queue is a durable priority queue `${prefix}.${queue}` with a
 * dead-letter queue and delay buckets (see ./rabbitmq/topology). Publishing and consuming use
 * separate connections, so broker flow control on publishers never holds back consumers' acks.
 * While a connection is down, calls fail at once and the callers fall back to the reconciler.
 */
export class RabbitmqJobQueue implements JobQueue {
  readonly driver = 'rabbitmq' as const;
  private readonly logger: DriverLogger;
  private readonly publisher: RabbitmqConnection;
  private consumerConnection: RabbitmqConnection | null = null;
  private readonly consumers = new Set<RabbitmqConsumer>();
  private closed = false;

  constructor(private readonly options: RabbitmqDriverOptions) {
    this.logger = options.logger ?? new Logger(RabbitmqJobQueue.name);
    this.publisher = this.connect('publisher');
  }

  async enqueue(ref: JobRef, options: EnqueueOptions = {}): Promise<void> {
    const session = await this.publisher.session();
    await publishTo(session, this.topology(ref.queue), encodeRef(ref), {
      priority: clampPriority(options.priority),
      delayMs: options.delayMs ?? 0,
    });
  }

  async consume(
    queues: string[],
    concurrency: number,
    handler: JobRefHandler,
  ): Promise<QueueConsumer> {
    if (this.closed) throw new QueueUnavailableError('the RabbitMQ driver is closed');
    const connection = (this.consumerConnection ??= this.connectConsumers());
    const consumer: RabbitmqConsumer = new RabbitmqConsumer({
      queues,
      concurrency,
      handler,
      topology: (queue) => this.topology(queue),
      connection,
      publisher: this.publisher,
      maxAttempts: this.options.maxAttempts ?? 10,
      logger: this.logger,
      onClosed: () => this.consumers.delete(consumer),
    });
    this.consumers.add(consumer);
    const session = await connection.session().catch(() => null);
    if (!session) return consumer; // subscribes once the broker is reachable
    try {
      await consumer.subscribe(session);
    } catch (error) {
      if (connection.current() === session) {
        await consumer.close();
        throw error; // a broker refusal, e.g. a queue declared with other arguments
      }
      consumer.resubscribe();
    }
    return consumer;
  }

  async depth(queue: string): Promise<QueueDepth> {
    const session = await this.publisher.session();
    const counts = await session.counts(this.topology(queue));
    let active = 0;
    for (const consumer of this.consumers) active += consumer.activeCount(queue);
    return { waiting: counts.waiting, active, delayed: counts.delayed };
  }

  async ping(): Promise<void> {
    const check = async (): Promise<void> => {
      const session = await this.publisher.session();
      if (this.consumerConnection && !this.consumerConnection.current()) {
        throw new QueueUnavailableError('RabbitMQ consumer connection is down');
      }
      await session.ping();
    };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new QueueUnavailableError(`RabbitMQ did not answer in ${PING_TIMEOUT_MS} ms`)),
        PING_TIMEOUT_MS,
      );
    });
    try {
      await Promise.race([check(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Stops consuming (waiting for running handlers), then closes both connections. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.consumers].map((consumer) => consumer.close()));
    await Promise.all([this.consumerConnection?.close(), this.publisher.close()]);
  }

  /** Fault injection: drops the connections as a network failure would; the driver reconnects. */
  async dropConnections(): Promise<void> {
    await Promise.all([this.publisher.drop(), this.consumerConnection?.drop()]);
  }

  /** Fault injection: disconnects without settling anything, as a crashed process would. */
  async simulateCrash(): Promise<void> {
    this.closed = true;
    for (const consumer of [...this.consumers]) consumer.abandon();
    await Promise.all([this.consumerConnection?.close(), this.publisher.close()]);
  }

  private topology(queue: string): QueueTopology {
    return queueTopology(this.options.prefix, queue);
  }

  private connectConsumers(): RabbitmqConnection {
    const connection = this.connect('consumer');
    connection.onSession(() => {
      for (const consumer of this.consumers) consumer.resubscribe();
    });
    return connection;
  }

  private connect(role: 'publisher' | 'consumer'): RabbitmqConnection {
    return new RabbitmqConnection(
      {
        url: this.options.url,
        name: `${this.options.prefix} ${role} ${hostname()}:${process.pid}`,
        initialReconnectDelayMs: this.options.reconnect?.initialDelayMs ?? 500,
        maxReconnectDelayMs: this.options.reconnect?.maxDelayMs ?? 30_000,
        connectTimeoutMs: 5000,
        heartbeatSeconds: 10,
        publishTimeoutMs: this.options.publishTimeoutMs ?? 5000,
      },
      this.logger,
    );
  }
}
