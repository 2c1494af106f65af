import type { Job } from '@mlserve/db';

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
}

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
  };
}
