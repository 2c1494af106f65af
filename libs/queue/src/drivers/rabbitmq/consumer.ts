import type { Channel, ConsumeMessage } from 'amqplib';
import type { QueueConsumer } from '../../job-queue.port';
import type { RabbitmqConnection } from './connection';
import { DeliveryProcessor, type DeliverySettings } from './delivery';
import type { RabbitmqSession } from './session';

export interface ConsumerSettings extends DeliverySettings {
  queues: string[];
  concurrency: number;
  /** Where the consumer's channel lives; publishing (retries) uses its own connection. */
  connection: RabbitmqConnection;
  onClosed: () => void;
}

const RESUBSCRIBE_MIN_MS = 500;
const RESUBSCRIBE_MAX_MS = 30_000;

/**
 * One `consume()` call: a channel with `prefetch(concurrency)`, so each queue's consumer gets at
 * most `concurrency` unacked messages. It resubscribes after every reconnect. A handler that
 * settles after its channel died is ignored: the broker has already requeued that message.
 */
export class RabbitmqConsumer implements QueueConsumer {
  private channel: Channel | null = null;
  private consumerTags: string[] = [];
  private subscribedTo: RabbitmqSession | null = null;
  private subscribing: Promise<void> | null = null;
  private readonly deadChannels = new WeakSet<Channel>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly active = new Map<string, number>();
  private resubscribeTimer: NodeJS.Timeout | null = null;
  private resubscribeDelayMs = RESUBSCRIBE_MIN_MS;
  private closing = false;
  private closed: Promise<void> | null = null;
  private readonly deliveries: DeliveryProcessor;

  constructor(private readonly settings: ConsumerSettings) {
    this.deliveries = new DeliveryProcessor(settings, {
      closing: () => this.closing,
      channelDead: (channel) => this.deadChannels.has(channel),
      running: (queue, delta) => this.active.set(queue, this.activeCount(queue) + delta),
    });
  }

  /** Handlers of this consumer running for `queue` right now (unacked deliveries). */
  activeCount(queue: string): number {
    return this.active.get(queue) ?? 0;
  }

  /** Subscribes on `session` unless already subscribed there; rejects if that fails. */
  subscribe(session: RabbitmqSession): Promise<void> {
    if (this.closing || (this.subscribedTo === session && this.channel)) return Promise.resolve();
    if (!this.subscribing) {
      this.subscribing = this.openSubscription(session).finally(() => (this.subscribing = null));
    }
    return this.subscribing;
  }

  /** Subscribes on the current session, retrying with backoff; never rejects. */
  resubscribe(): void {
    const session = this.settings.connection.current();
    if (!session || this.closing) return; // the next connect calls us again
    this.subscribe(session).then(
      () => (this.resubscribeDelayMs = RESUBSCRIBE_MIN_MS),
      (error: unknown) => {
        this.settings.logger.warn(`RabbitMQ consumer could not subscribe: ${String(error)}`);
        this.scheduleResubscribe();
      },
    );
  }

  close(): Promise<void> {
    this.closed ??= this.shutDown();
    return this.closed;
  }

  /** Stops without waiting for handlers, as a crashed process would; the broker requeues. */
  abandon(): void {
    this.closing = true;
    this.clearResubscribe();
    this.settings.onClosed();
  }

  private async shutDown(): Promise<void> {
    this.closing = true;
    this.clearResubscribe();
    await this.subscribing?.catch(() => undefined);
    const channel = this.channel;
    if (channel && !this.deadChannels.has(channel)) {
      await Promise.allSettled(this.consumerTags.map((tag) => channel.cancel(tag)));
    }
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    if (channel) await channel.close().catch(() => undefined);
    this.channel = null;
    this.settings.onClosed();
  }

  private async openSubscription(session: RabbitmqSession): Promise<void> {
    const { queues, concurrency, topology, logger } = this.settings;
    const channel = await session.model.createChannel();
    channel.on('error', (error: Error) =>
      logger.warn(`RabbitMQ consumer channel: ${error.message}`),
    );
    channel.once('close', () => this.onChannelClosed(channel));
    this.channel = channel;
    this.subscribedTo = session;
    this.consumerTags = [];
    try {
      await channel.prefetch(concurrency);
      for (const queue of queues) {
        await session.declare(topology(queue));
        const { consumerTag } = await channel.consume(
          topology(queue).work,
          (message) => this.onMessage(channel, session, queue, message),
          { noAck: false },
        );
        this.consumerTags.push(consumerTag);
      }
    } catch (error) {
      for (const queue of queues) session.forget(topology(queue));
      await channel.close().catch(() => undefined);
      throw error;
    }
  }

  private onChannelClosed(channel: Channel): void {
    this.deadChannels.add(channel);
    if (this.channel !== channel) return;
    this.channel = null;
    this.consumerTags = [];
    // After a channel error resubscribe here; after a lost connection the next connect does it.
    if (!this.closing) this.scheduleResubscribe();
  }

  private scheduleResubscribe(): void {
    if (this.closing || this.resubscribeTimer) return;
    this.resubscribeTimer = setTimeout(() => {
      this.resubscribeTimer = null;
      this.resubscribe();
    }, this.resubscribeDelayMs);
    this.resubscribeDelayMs = Math.min(this.resubscribeDelayMs * 2, RESUBSCRIBE_MAX_MS);
  }

  private clearResubscribe(): void {
    if (this.resubscribeTimer) clearTimeout(this.resubscribeTimer);
    this.resubscribeTimer = null;
  }

  private onMessage(
    channel: Channel,
    session: RabbitmqSession,
    queue: string,
    message: ConsumeMessage | null,
  ): void {
    if (message === null) {
      // The broker cancelled us, e.g. the queue was deleted: declare it again and resubscribe.
      session.forget(this.settings.topology(queue));
      void channel.close().catch(() => undefined);
      return;
    }
    if (this.closing) {
      this.deliveries.settle(channel, message, 'requeue'); // arrived between cancel and cancel-ok
      return;
    }
    const task = this.deliveries.process(channel, queue, message);
    this.inFlight.add(task);
    void task.then(() => this.inFlight.delete(task));
  }
}
