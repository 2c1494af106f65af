import type { JobRef } from '@mlserve/contracts';
import type { QueueDriverName } from '@mlserve/config';

export interface EnqueueOptions {
  /** 0 (default) to MAX_PRIORITY; higher runs first. */
  priority?: number;
  /** Deliver no earlier than this many milliseconds from now (retry backoff). */
  delayMs?: number;
}

/**
 * Handles one delivered reference. Resolving acknowledges the message; rejecting hands it back
 * to the broker for redelivery. The handler does the real bookkeeping in PostgreSQL.
 */
export type JobRefHandler = (ref: JobRef) => Promise<void>;

export interface QueueConsumer {
  /** Stops taking new messages and waits for the handlers in flight to settle. */
  close(): Promise<void>;
}

export interface QueueDepth {
  waiting: number;
  active: number;
  delayed: number;
}

/**
 * The broker behind one port. Messages carry only a `JobRef`; PostgreSQL holds the job, so a
 * lost message is recovered from the database and a duplicate is recognised there.
 */
export interface JobQueue {
  readonly driver: QueueDriverName;
  enqueue(ref: JobRef, options?: EnqueueOptions): Promise<void>;
  consume(queues: string[], concurrency: number, handler: JobRefHandler): Promise<QueueConsumer>;
  depth(queue: string): Promise<QueueDepth>;
  /** Resolves when the broker answers; rejects fast when it is down. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Injection token for the configured `JobQueue` driver. */
export const JOB_QUEUE = Symbol('JOB_QUEUE');
