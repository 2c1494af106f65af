import { z } from 'zod';
import { MAX_PRIORITY, queueNameSchema } from '../queues';
import { JOB_TYPES, type JobType } from './job-types';

/** The body of `POST /v1/jobs`. The payload is checked against its type's schema afterwards. */
export const submitJobSchema = z
  .object({
    type: z.enum(JOB_TYPES as [JobType, ...JobType[]]),
    payload: z.record(z.string(), z.unknown()).default({}),
    queue: queueNameSchema.optional(),
    priority: z.number().int().min(0).max(MAX_PRIORITY).default(0),
    maxAttempts: z.number().int().min(1).max(20).optional(),
    /** Abort an attempt after this many milliseconds (1 s to 24 h); FAILED with a timeout error. */
    timeoutMs: z.number().int().min(1000).max(86_400_000).optional(),
  })
  .strict();

export type SubmitJobRequest = z.infer<typeof submitJobSchema>;

const isoDate = z.iso.datetime({ offset: true }).transform((value) => new Date(value));

/** Query string of `GET /v1/jobs`. */
export const listJobsQuerySchema = z
  .object({
    status: z.enum(['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED']).optional(),
    type: z.string().max(100).optional(),
    queue: queueNameSchema.optional(),
    createdAfter: isoDate.optional(),
    createdBefore: isoDate.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(200).optional(),
  })
  .strict();

export type ListJobsQuery = z.infer<typeof listJobsQuerySchema>;
