import { NonRetryableJobError } from '@mlserve/contracts';

/** What a failed attempt records in `jobs.error`. */
export interface JobErrorRecord {
  message: string;
  name: string;
  retryable: boolean;
  attempt: number;
  at: string;
  details?: unknown;
  [key: string]: unknown;
}

export function jobErrorRecord(error: unknown, attempt: number): JobErrorRecord {
  const retryable = !(error instanceof NonRetryableJobError);
  const record: JobErrorRecord = {
    message: error instanceof Error ? error.message : String(error),
    name: error instanceof Error ? error.name : 'Error',
    retryable,
    attempt,
    at: new Date().toISOString(),
  };
  if (error instanceof NonRetryableJobError && error.details !== undefined) {
    record.details = error.details;
  }
  return record;
}
