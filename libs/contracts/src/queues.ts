import { z } from 'zod';

/**
 * Queue names are a persisted contract: they are stored on job rows and used as broker queue
 * names, so a rename strands jobs. Any lowercase name is allowed; a model may pin its own.
 */
export const DEFAULT_QUEUE = 'default';

export const queueNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'queue names are 1-63 chars of lowercase a-z, 0-9, _ and -');

/** What travels through the broker: a reference only. The job's data lives in PostgreSQL. */
export interface JobRef {
  jobId: string;
  queue: string;
  /** Which claim this message is for; a stale duplicate is recognised by the database. */
  attempt: number;
}

/** API-level priority: 0 (default) to 10 (most urgent). Drivers map it to their own scale. */
export const MAX_PRIORITY = 10;
