import type { Job, JobAttempt } from '@mlserve/db';

/** A job as the API shows it. `payload` is what was submitted; `result` what the runner wrote. */
export interface JobView {
  id: string;
  type: string;
  queue: string;
  status: Job['status'];
  priority: number;
  payload: unknown;
  result: unknown;
  error: unknown;
  progress: number;
  progressMessage: string | null;
  attempts: number;
  maxAttempts: number;
  workerId: string | null;
  cancelRequested: boolean;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  updatedAt: Date;
  /** When RESULT_TTL removed the input and result (null while they are kept). */
  expiredAt: Date | null;
}

/** One finished attempt, for GET /v1/jobs/:id. */
export interface JobAttemptView {
  attempt: number;
  outcome: string;
  workerId: string | null;
  error: unknown;
  startedAt: Date | null;
  finishedAt: Date;
}

export const toAttemptView = (a: JobAttempt): JobAttemptView => ({
  attempt: a.attempt,
  outcome: a.outcome,
  workerId: a.workerId,
  error: a.error,
  startedAt: a.startedAt,
  finishedAt: a.finishedAt,
});

export function toJobView(job: Job): JobView {
  return {
    id: job.id,
    type: job.type,
    queue: job.queue,
    status: job.status,
    priority: job.priority,
    payload: job.input,
    result: job.result,
    error: job.error,
    progress: job.progress,
    progressMessage: job.progressMessage,
    attempts: job.attempts,
    maxAttempts: job.maxAttempts,
    workerId: job.workerId,
    cancelRequested: job.cancelRequestedAt !== null,
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    updatedAt: job.updatedAt,
    expiredAt: job.expiredAt,
  };
}
