import type { JobPayload, JobResult, JobType } from '@mlserve/contracts';

/** What a runner gets besides its payload. */
export interface JobContext {
  jobId: string;
  attempt: number;
  workerId: string;
  /** Aborted when the job is cancelled, its lease is lost, or the worker shuts down. */
  signal: AbortSignal;
  /** Records progress (0..1) on the job row; also renews the lease. */
  reportProgress(fraction: number, message?: string): Promise<void>;
}

/** Runs one job type. Throw `NonRetryableJobError` for failures a retry cannot fix. */
export interface JobRunner<T extends JobType = JobType> {
  readonly type: T;
  run(payload: JobPayload<T>, context: JobContext): Promise<JobResult<T>>;
}

/** Injection token for the list of all runners. */
export const JOB_RUNNERS = Symbol('JOB_RUNNERS');
