import type { Channel, ConsumeMessage } from 'amqplib';
import type { JobRefHandler } from '../../job-queue.port';
import type { DriverLogger, RabbitmqConnection } from './connection';
import { DELIVER_AT_HEADER, FAILURES_HEADER, decodeRef, numericHeader } from './message';
import { priorityOf, publishTo } from './publishing';
import type { QueueTopology } from './topology';

export interface DeliverySettings {
  handler: JobRefHandler;
  topology: (queue: string) => QueueTopology;
  /** Where retries are republished. */
  publisher: RabbitmqConnection;
  /** Handler rejections after which a message is dead-lettered. */
  maxAttempts: number;
  logger: DriverLogger;
}

/** What the consumer knows that decides how a message is settled. */
export interface DeliveryState {
  closing(): boolean;
  /** A dead channel's deliveries were already requeued by the broker: settle nothing on it. */
  channelDead(channel: Channel): boolean;
  running(queue: string, delta: 1 | -1): void;
}

type Settlement = 'ack' | 'requeue' | 'dead-letter';

const RETRY_BASE_MS = 1000;
const RETRY_MAX_MS = 5 * 60_000;
/** Pause before handing a message straight back when it could not be republished with a delay. */
const REQUEUE_PAUSE_MS = 1000;

/**
 * Settles one delivery. Unparseable: dead-letter. Not yet due: back into a delay bucket. Handler
 * resolves: ack. Handler rejects: republish with a backoff and a failure count, or dead-letter
 * after `maxAttempts`; on shutdown, requeue at once instead (not the message's fault).
 */
export class DeliveryProcessor {
  constructor(
    private readonly settings: DeliverySettings,
    private readonly state: DeliveryState,
  ) {}

  async process(channel: Channel, queue: string, message: ConsumeMessage): Promise<void> {
    const ref = decodeRef(message.content);
    if (!ref) {
      this.settings.logger.warn(`RabbitMQ: unparseable message in ${queue} dead-lettered`);
      return this.settle(channel, message, 'dead-letter');
    }
    const dueInMs = numericHeader(message, DELIVER_AT_HEADER) - Date.now();
    const failures = numericHeader(message, FAILURES_HEADER);
    if (dueInMs > 0) {
      if (this.state.channelDead(channel)) return; // the broker has requeued it already
      return this.delay(channel, queue, message, dueInMs, failures);
    }
    this.state.running(queue, 1);
    try {
      await this.settings.handler(ref);
      this.settle(channel, message, 'ack');
    } catch (error) {
      await this.handBack(channel, queue, message, failures + 1, error);
    } finally {
      this.state.running(queue, -1);
    }
  }

  settle(channel: Channel, message: ConsumeMessage, how: Settlement): void {
    if (this.state.channelDead(channel)) return;
    try {
      if (how === 'ack') channel.ack(message);
      else channel.nack(message, false, how === 'requeue');
    } catch {
      // the channel closed meanwhile; the broker requeues what it had delivered
    }
  }

  private async handBack(
    channel: Channel,
    queue: string,
    message: ConsumeMessage,
    failures: number,
    error: unknown,
  ): Promise<void> {
    if (this.state.closing()) return this.settle(channel, message, 'requeue');
    if (failures >= this.settings.maxAttempts) {
      this.settings.logger.warn(
        `RabbitMQ: message in ${queue} dead-lettered after ${failures} failures: ${String(error)}`,
      );
      return this.settle(channel, message, 'dead-letter');
    }
    // Even if the channel died meanwhile: its redelivery may have met the job still held by this
    // handler and been acked, so publish the retry anyway. A duplicate is harmless; a loss is not.
    const backoffMs = Math.min(RETRY_BASE_MS * 2 ** (failures - 1), RETRY_MAX_MS);
    await this.delay(channel, queue, message, backoffMs, failures);
  }

  /** Publishes a copy into a delay bucket, then acks the original: a crash in between duplicates. */
  private async delay(
    channel: Channel,
    queue: string,
    message: ConsumeMessage,
    delayMs: number,
    failures: number,
  ): Promise<void> {
    try {
      const session = await this.settings.publisher.session();
      await publishTo(session, this.settings.topology(queue), message.content, {
        priority: priorityOf(message),
        delayMs,
        headers: { [FAILURES_HEADER]: failures },
      });
      this.settle(channel, message, 'ack');
    } catch (error) {
      this.settings.logger.warn(
        `RabbitMQ: could not delay a message in ${queue}: ${String(error)}`,
      );
      if (!this.state.closing()) await sleep(REQUEUE_PAUSE_MS);
      this.settle(channel, message, 'requeue');
    }
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
