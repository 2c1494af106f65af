import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@mlserve/config';
import { JOB_DEFINITIONS, NonRetryableJobError, isJobType, type JobRef } from '@mlserve/contracts';
import {
  JobRepository,
  asJson,
  type FinalOutcome,
  type Job,
  type JobLease,
  type LeaseState,
} from '@mlserve/db';
import { JOB_QUEUE, type JobQueue } from '@mlserve/queue';
import { jobRunSeconds, jobWaitSeconds, jobsFinished } from '@mlserve/observability';
import { RunnerRegistry } from '../runners/runner-registry';
import type { JobContext } from '../runners/job-runner';
import { JobAborted, abortReasonOf, type AbortReason } from './abort-reasons';
import { jobErrorRecord } from './job-error';
import { persistently, retryDelayMs } from './retry-policy';
import { SlotTracker } from './slot-tracker';

/**
 * Runs one delivered job reference: claims the row, keeps the lease alive, runs the runner with
 * an AbortSignal, and writes the outcome. Every write is conditional on the lease, so a job that
 * was taken over (or delivered twice) has exactly one visible outcome.
 */
@Injectable()
export class JobExecutor {
  private readonly logger = new Logger(JobExecutor.name);
  private readonly running = new Map<string, AbortController>();
  private readonly slots: SlotTracker;

  constructor(
    private readonly jobs: JobRepository,
    private readonly runners: RunnerRegistry,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.slots = new SlotTracker(config.worker.concurrency * config.worker.queues.length);
  }

  get runningCount(): number {
    return this.running.size;
  }

  /** Aborts every running job (shutdown); each is put back in its queue. */
  abortAll(reason: AbortReason): void {
    for (const controller of this.running.values()) controller.abort(new JobAborted(reason));
  }

  async handle(ref: JobRef): Promise<void> {
    const { id: workerId, leaseMs } = this.config.worker;
    const job = await this.jobs.claim(ref.jobId, workerId, leaseMs);
    if (!job) return; // finished, cancelled, or held by a live worker: nothing to do
    const lease: JobLease = { jobId: job.id, workerId, attempt: job.attempts };
    const controller = new AbortController();
    this.running.set(job.id, controller);
    this.slots.acquire();
    const heartbeat = setInterval(
      () => void this.renew(lease, controller),
      this.config.worker.heartbeatMs,
    );
    const started = Date.now();
    try {
      const outcome = await this.execute(job, lease, controller);
      if (outcome) this.record(job, outcome, started);
    } finally {
      clearInterval(heartbeat);
      this.running.delete(job.id);
      this.slots.release();
    }
  }

  private async execute(
    job: Job,
    lease: JobLease,
    controller: AbortController,
  ): Promise<FinalOutcome['status'] | undefined> {
    try {
      const result = await this.run(job, lease, controller);
      return (await persistently(() =>
        this.jobs.finish(lease, { status: 'SUCCEEDED', result: asJson(result) }),
      ))
        ? 'SUCCEEDED'
        : undefined;
    } catch (error) {
      return this.afterFailure(job, lease, controller.signal, error);
    }
  }

  private async run(job: Job, lease: JobLease, controller: AbortController) {
    if (!isJobType(job.type)) throw new NonRetryableJobError(`unknown job type '${job.type}'`);
    const parsed = JOB_DEFINITIONS[job.type].payload.safeParse(job.input);
    if (!parsed.success) {
      throw new NonRetryableJobError(
        'stored payload no longer matches its schema',
        parsed.error.issues,
      );
    }
    const context: JobContext = {
      jobId: job.id,
      attempt: lease.attempt,
      workerId: lease.workerId,
      signal: controller.signal,
      reportProgress: async (fraction, message) => {
        const state = await this.jobs.heartbeat(lease, this.config.worker.leaseMs, {
          fraction: Math.min(1, Math.max(0, fraction)),
          message,
        });
        applyLeaseState(state, controller);
      },
    };
    return this.runners.get(job.type).run(parsed.data, context);
  }

  private async afterFailure(
    job: Job,
    lease: JobLease,
    signal: AbortSignal,
    error: unknown,
  ): Promise<FinalOutcome['status'] | undefined> {
    const reason = abortReasonOf(signal);
    if (reason === 'lease-lost') return undefined;
    if (reason === 'shutdown') {
      if (await persistently(() => this.jobs.release(lease, { attemptCounts: false }))) {
        await this.requeue(job, 0);
      }
      return undefined;
    }
    if (reason === 'cancelled') {
      const ok = await persistently(() => this.jobs.finish(lease, { status: 'CANCELLED' }));
      return ok ? 'CANCELLED' : undefined;
    }
    const record = jobErrorRecord(error, lease.attempt);
    if (record.retryable && lease.attempt < job.maxAttempts) {
      this.logger.warn(
        `job ${job.id} attempt ${lease.attempt} failed, retrying: ${record.message}`,
      );
      if (
        await persistently(() =>
          this.jobs.release(lease, { error: asJson(record), attemptCounts: true }),
        )
      ) {
        await this.requeue(job, retryDelayMs(lease.attempt));
      }
      return undefined;
    }
    const ok = await persistently(() =>
      this.jobs.finish(lease, { status: 'FAILED', error: asJson(record) }),
    );
    return ok ? 'FAILED' : undefined;
  }

  /** A failed enqueue is not lost: the row is QUEUED without enqueuedAt, for the reconciler. */
  private async requeue(job: Job, delayMs: number): Promise<void> {
    try {
      await this.queue.enqueue(
        { jobId: job.id, queue: job.queue, attempt: job.attempts },
        {
          priority: job.priority,
          delayMs,
        },
      );
      await this.jobs.markEnqueued(job.id);
    } catch (error) {
      this.logger.warn(`job ${job.id} left for the reconciler: ${String(error)}`);
    }
  }

  private async renew(lease: JobLease, controller: AbortController): Promise<void> {
    try {
      applyLeaseState(await this.jobs.heartbeat(lease, this.config.worker.leaseMs), controller);
    } catch (error) {
      this.logger.warn(`heartbeat for job ${lease.jobId} failed: ${String(error)}`);
    }
  }

  private record(job: Job, status: FinalOutcome['status'], startedAt: number): void {
    const labels = { type: job.type, queue: job.queue };
    jobsFinished.inc({ ...labels, status });
    jobRunSeconds.observe({ ...labels, status }, (Date.now() - startedAt) / 1000);
    if (job.startedAt) {
      jobWaitSeconds.observe(labels, (job.startedAt.getTime() - job.createdAt.getTime()) / 1000);
    }
  }
}

/** Stops the runner when the job was cancelled or another worker took its lease over. */
function applyLeaseState(state: LeaseState | null, controller: AbortController): void {
  if (controller.signal.aborted) return;
  if (!state) controller.abort(new JobAborted('lease-lost'));
  else if (state.cancelRequested) controller.abort(new JobAborted('cancelled'));
}
