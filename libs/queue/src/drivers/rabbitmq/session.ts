import { randomUUID } from 'node:crypto';
import type { Channel, ChannelModel, ConfirmChannel, Message } from 'amqplib';
import { QueueUnavailableError } from '../../queue-unavailable.error';
import { LazyChannel } from './lazy-channel';
import { declareTopology, type QueueTopology, type TopologyCounts } from './topology';

/** The broker had no queue to route to: it was deleted since this session declared it. */
export class UnroutableMessageError extends QueueUnavailableError {
  constructor(queue: string) {
    super(`RabbitMQ queue ${queue} does not exist`);
    this.name = 'UnroutableMessageError';
  }
}

export interface PublishOptions {
  priority: number;
  headers?: Record<string, number>;
}

/**
 * What lives on one broker connection: a confirm channel for publishing, a plain channel for
 * declarations and counts, and which topologies are already declared. A reconnect makes a new
 * session, so nothing here outlives the connection it was made on.
 */
export class RabbitmqSession {
  private readonly publisher: LazyChannel<ConfirmChannel>;
  private readonly admin: LazyChannel<Channel>;
  private readonly declared = new Map<string, Promise<void>>();
  /** Message ids the broker returned as unroutable; their confirm must not count as success. */
  private readonly returned = new Set<string>();

  constructor(
    readonly model: ChannelModel,
    private readonly publishTimeoutMs: number,
    onChannelError: (error: Error) => void,
  ) {
    this.publisher = new LazyChannel(async () => {
      const channel = await model.createConfirmChannel();
      channel.on('return', (message: Message) => {
        const id: unknown = message.properties.messageId;
        if (typeof id === 'string') this.returned.add(id);
      });
      return channel;
    }, onChannelError);
    this.admin = new LazyChannel(() => model.createChannel(), onChannelError);
  }

  /** Declares a queue's topology once per connection. */
  declare(topology: QueueTopology): Promise<void> {
    const known = this.declared.get(topology.work);
    if (known) return known;
    const declaring = this.admin
      .get()
      .then((channel) => declareTopology(channel, topology))
      .then(() => undefined);
    declaring.catch(() => this.forget(topology, declaring));
    this.declared.set(topology.work, declaring);
    return declaring;
  }

  /** Makes the next `declare` talk to the broker again, e.g. after a queue was deleted. */
  forget(topology: QueueTopology, only?: Promise<void>): void {
    if (!only || this.declared.get(topology.work) === only) this.declared.delete(topology.work);
  }

  async counts(topology: QueueTopology): Promise<TopologyCounts> {
    return declareTopology(await this.admin.get(), topology);
  }

  /**
   * Publishes a persistent message and resolves once the broker has confirmed it. `mandatory`
   * turns a missing queue into a rejection instead of a silent drop.
   */
  async publish(queue: string, content: Buffer, options: PublishOptions): Promise<void> {
    const channel = await this.publisher.get();
    const messageId = randomUUID();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new QueueUnavailableError(
              `RabbitMQ did not confirm within ${this.publishTimeoutMs} ms`,
            ),
          ),
        this.publishTimeoutMs,
      );
      const confirmed = (error: unknown): void => {
        clearTimeout(timer);
        if (this.returned.delete(messageId)) {
          reject(new UnroutableMessageError(queue));
        } else if (error) {
          reject(
            error instanceof Error
              ? error
              : new QueueUnavailableError('RabbitMQ refused the message'),
          );
        } else {
          resolve();
        }
      };
      try {
        channel.publish(
          '',
          queue,
          content,
          {
            persistent: true,
            mandatory: true,
            contentType: 'application/json',
            messageId,
            priority: options.priority,
            headers: options.headers,
          },
          confirmed,
        );
      } catch (error) {
        confirmed(error); // the channel closed under us
      }
    });
  }

  /** One round trip to the broker. */
  async ping(): Promise<void> {
    await (await this.admin.get()).checkExchange('amq.direct');
  }

  async dispose(): Promise<void> {
    await Promise.all([this.publisher.close(), this.admin.close()]);
  }
}
