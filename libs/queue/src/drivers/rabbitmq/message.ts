import type { Message } from 'amqplib';
import type { JobRef } from '@mlserve/contracts';

/** How many times handlers have rejected this message so far. */
export const FAILURES_HEADER = 'x-mlserve-failures';
/** Epoch ms before which the message must not run; set only for delays beyond the last bucket. */
export const DELIVER_AT_HEADER = 'x-mlserve-deliver-at';

export function encodeRef(ref: JobRef): Buffer {
  const { jobId, queue, attempt } = ref;
  return Buffer.from(JSON.stringify({ jobId, queue, attempt }));
}

/** The JobRef in a message body, or null when the body is not one. */
export function decodeRef(content: Buffer): JobRef | null {
  let value: unknown;
  try {
    value = JSON.parse(content.toString('utf8'));
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { jobId, queue, attempt } = value as Record<string, unknown>;
  if (typeof jobId !== 'string' || jobId.length === 0) return null;
  if (typeof queue !== 'string' || queue.length === 0) return null;
  if (typeof attempt !== 'number' || !Number.isInteger(attempt) || attempt < 0) return null;
  return { jobId, queue, attempt };
}

export function numericHeader(message: Message, name: string): number {
  const value: unknown = message.properties.headers?.[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}
