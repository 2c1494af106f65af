export const JOB_STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
export type JobStatusName = (typeof JOB_STATUSES)[number];

export const TERMINAL_STATUSES: readonly JobStatusName[] = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

export const isTerminal = (status: JobStatusName): boolean => TERMINAL_STATUSES.includes(status);
