import type { Message } from 'amqplib';
import { MAX_PRIORITY } from '@mlserve/contracts';
import { DELIVER_AT_HEADER } from './message';
import { UnroutableMessageError, type RabbitmqSession } from './session';
import { bucketFor, type QueueTopology } from './topology';

export interface Delivery {
  priority: number;
  delayMs: number;
  headers?: Record<string, number>;
}

/**
 * Publishes to the work queue, or to the delay bucket that rounds the delay up. Delays beyond
 * the last bucket carry their due time, and the consumer sends them round again until then.
 */
export async function publishTo(
  session: RabbitmqSession,
  topology: QueueTopology,
  content: Buffer,
  delivery: Delivery,
): Promise<void> {
  try {
    await publishOnce(session, topology, content, delivery);
  } catch (error) {
    if (!(error instanceof UnroutableMessageError)) throw error;
    session.forget(topology); // deleted behind our back: declare it again
    await publishOnce(session, topology, content, delivery);
  }
}

async function publishOnce(
  session: RabbitmqSession,
  topology: QueueTopology,
  content: Buffer,
  delivery: Delivery,
): Promise<void> {
  await session.declare(topology);
  if (delivery.delayMs <= 0) {
    await session.publish(topology.work, content, delivery);
    return;
  }
  const bucket = bucketFor(topology, delivery.delayMs);
  const headers = { ...delivery.headers };
  if (delivery.delayMs > bucket.ttlMs) headers[DELIVER_AT_HEADER] = Date.now() + delivery.delayMs;
  await session.publish(bucket.name, content, { priority: delivery.priority, headers });
}

/** API priority 0..MAX_PRIORITY maps directly onto the queue's x-max-priority. */
export function clampPriority(priority: number | undefined): number {
  return Math.min(MAX_PRIORITY, Math.max(0, Math.round(priority ?? 0)));
}

export function priorityOf(message: Message): number {
  const priority: unknown = message.properties.priority;
  return typeof priority === 'number' ? clampPriority(priority) : 0;
}
