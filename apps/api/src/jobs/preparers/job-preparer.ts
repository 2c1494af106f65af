import type { JobPayload, JobType } from '@mlserve/contracts';

/** A submitted job whose payload passed its type's schema; `type` narrows `payload`. */
export type ValidatedJob = { [T in JobType]: { type: T; payload: JobPayload<T> } }[JobType];

/** What submit stores: the (possibly completed) payload and what the type decided. */
export interface PreparedJob {
  payload: unknown;
  /** A queue the job must go to (a model's pinned queue). */
  pinnedQueue?: string;
  modelVersionId?: string;
}
