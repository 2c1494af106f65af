export * from './errors';
export * from './queues';
export * from './scopes';
export * from './jobs/job-types';
export * from './jobs/job-status';
export * from './jobs/submit-job.schema';
export * from './jobs/diagnostic-sleep.contract';
export * from './jobs/inference.contract';
