import { Inject, Injectable, Logger } from '@nestjs/common';
import { isDependencyUnavailable } from '@mlserve/contracts';
import type { Job } from '@mlserve/db';
import {
  JobLeaseRepository,
  JobRepository,
  asJson,
  type FinalOutcome,
  type JobLease,
} from '@mlserve/db';
import { JOB_QUEUE, type JobQueue } from '@mlserve/queue';
import type { AbortReason } from './abort-reasons';
import { jobErrorRecord } from './job-error';
import { persistently, retryDelayMs } from './retry-policy';

export type RecordedStatus = FinalOutcome['status'];

const DEPENDENCY_RETRY_DELAY_MS = 2000;

/**
 * Writes how an attempt ended: the final state, a retry with backoff, or a hand-back to the
 * queue. Each write is lease-guarded and recorded in job_attempts; undefined means nothing final
 * was written (lease lost, retry, hand-back).
 */
@Injectable()
export class JobOutcomeWriter {
  private readonly logger = new Logger(JobOutcomeWriter.name);

  constructor(
    private readonly leases: JobLeaseRepository,
    private readonly jobs: JobRepository,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {}

  async succeeded(lease: JobLease, result: unknown): Promise<RecordedStatus | undefined> {
    const ok = await persistently(() =>
      this.leases.finish(lease, { status: 'SUCCEEDED', result: asJson(result) }),
    );
    return ok ? 'SUCCEEDED' : undefined;
  }

  async failed(
    job: Job,
    lease: JobLease,
    error: unknown,
    aborted: AbortReason | undefined,
  ): Promise<RecordedStatus | undefined> {
    switch (aborted) {
      case 'lease-lost':
        return undefined;
      case 'shutdown':
        if (await persistently(() => this.leases.release(lease, { attemptCounts: false }))) {
          await this.requeue(job, 0);
        }
        return undefined;
      case 'cancelled':
        return (await persistently(() => this.leases.finish(lease, { status: 'CANCELLED' })))
          ? 'CANCELLED'
          : undefined;
      case 'timeout': {
        const record = {
          ...jobErrorRecord(
            new Error(`the attempt exceeded its timeout of ${job.timeoutMs} ms`),
            lease.attempt,
          ),
          name: 'TimeoutError',
          code: 'TIMEOUT',
          retryable: false,
        };
        const ok = await persistently(() =>
          this.leases.finish(lease, { status: 'FAILED', error: asJson(record) }, 'TIMED_OUT'),
        );
        return ok ? 'FAILED' : undefined;
      }
      case undefined:
        return this.failedOrRetried(job, lease, error);
    }
  }

  private async failedOrRetried(
    job: Job,
    lease: JobLease,
    error: unknown,
  ): Promise<RecordedStatus | undefined> {
    if (isDependencyUnavailable(error)) {
      // PostgreSQL, the broker or a store was unreachable: not the job's fault, so the attempt
      // does not count; the job goes back to its queue after a pause.
      this.logger.warn(`job ${job.id} handed back, a dependency is unavailable: ${String(error)}`);
      if (await persistently(() => this.leases.release(lease, { attemptCounts: false }))) {
        await this.requeue(job, DEPENDENCY_RETRY_DELAY_MS);
      }
      return undefined;
    }
    const record = jobErrorRecord(error, lease.attempt);
    if (record.retryable && lease.attempt < job.maxAttempts) {
      this.logger.warn(
        `job ${job.id} attempt ${lease.attempt} failed, retrying: ${record.message}`,
      );
      const released = await persistently(() =>
        this.leases.release(lease, { error: asJson(record), attemptCounts: true }),
      );
      if (released) await this.requeue(job, retryDelayMs(lease.attempt));
      return undefined;
    }
    const ok = await persistently(() =>
      this.leases.finish(lease, { status: 'FAILED', error: asJson(record) }),
    );
    return ok ? 'FAILED' : undefined;
  }

  /** A failed enqueue is not lost: the row is QUEUED without enqueuedAt, for the reconciler. */
  private async requeue(job: Job, delayMs: number): Promise<void> {
    try {
      await this.queue.enqueue(
        { jobId: job.id, queue: job.queue, attempt: job.attempts },
        { priority: job.priority, delayMs },
      );
      await this.jobs.markEnqueued(job.id);
    } catch (error) {
      this.logger.warn(`job ${job.id} left for the reconciler: ${String(error)}`);
    }
  }
}
