import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@mlserve/config';
import {
  JOB_DEFINITIONS,
  NonRetryableJobError,
  isDependencyUnavailable,
  isJobType,
  type JobRef,
} from '@mlserve/contracts';
import { JobLeaseRepository, type Job, type JobLease, type LeaseState } from '@mlserve/db';
import { jobRunSeconds, jobWaitSeconds, jobsFinished } from '@mlserve/observability';
import { RunnerRegistry } from '../runners/runner-registry';
import type { JobContext } from '../runners/job-runner';
import { JobAborted, abortReasonOf, type AbortReason } from './abort-reasons';
import { JobOutcomeWriter, type RecordedStatus } from './job-outcome.writer';
import { SlotTracker } from './slot-tracker';

/**
 * Runs one delivered job reference: claims the row, keeps the lease alive, runs the runner with
 * an AbortSignal (cancel, lost lease, shutdown, timeout), and has the outcome written. Every
 * write is conditional on the lease, so a job delivered twice has exactly one visible outcome.
 */
@Injectable()
export class JobExecutor {
  private readonly running = new Map<string, AbortController>();
  private readonly slots: SlotTracker;

  constructor(
    private readonly leases: JobLeaseRepository,
    private readonly runners: RunnerRegistry,
    private readonly outcomes: JobOutcomeWriter,
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
    const { id: workerId, leaseMs, heartbeatMs } = this.config.worker;
    const job = await this.leases.claim(ref.jobId, workerId, leaseMs);
    if (!job) return; // finished, cancelled, or held by a live worker: nothing to do
    const lease: JobLease = {
      jobId: job.id,
      workerId,
      attempt: job.attempts,
      startedAt: job.startedAt,
    };
    const controller = new AbortController();
    this.running.set(job.id, controller);
    this.slots.acquire();
    const heartbeat = setInterval(() => void this.renew(lease, controller), heartbeatMs);
    const timeout = job.timeoutMs
      ? setTimeout(() => controller.abort(new JobAborted('timeout')), job.timeoutMs)
      : undefined;
    const started = Date.now();
    try {
      const status = await this.execute(job, lease, controller);
      if (status) this.record(job, status, started);
    } finally {
      clearInterval(heartbeat);
      clearTimeout(timeout);
      this.running.delete(job.id);
      this.slots.release();
    }
  }

  private async execute(
    job: Job,
    lease: JobLease,
    controller: AbortController,
  ): Promise<RecordedStatus | undefined> {
    try {
      const result = await this.run(job, lease, controller);
      // a runner that ignored its signal still must not outlive a timeout or a lost lease
      const aborted = abortReasonOf(controller.signal);
      if (aborted === 'timeout' || aborted === 'lease-lost') {
        return this.outcomes.failed(job, lease, controller.signal.reason, aborted);
      }
      return await this.outcomes.succeeded(lease, result);
    } catch (error) {
      return this.outcomes.failed(job, lease, error, abortReasonOf(controller.signal));
    }
  }

  private async run(job: Job, lease: JobLease, controller: AbortController): Promise<unknown> {
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
        try {
          const state = await this.leases.heartbeat(lease, this.config.worker.leaseMs, {
            fraction: Math.min(1, Math.max(0, fraction)),
            message,
          });
          applyLeaseState(state, controller);
        } catch (error) {
          // progress is best effort: a database blip must not fail the job (the lease has slack)
          if (!isDependencyUnavailable(error)) throw error;
        }
      },
    };
    return this.runners.get(job.type).run(parsed.data, context);
  }

  private async renew(lease: JobLease, controller: AbortController): Promise<void> {
    try {
      applyLeaseState(await this.leases.heartbeat(lease, this.config.worker.leaseMs), controller);
    } catch {
      // PostgreSQL is briefly unreachable; the lease has slack for the next heartbeat
    }
  }

  private record(job: Job, status: RecordedStatus, startedAt: number): void {
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
