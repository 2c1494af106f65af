import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  DomainError,
  JOB_DEFINITIONS,
  isTerminal,
  notFound,
  scopeSatisfies,
  type ListJobsQuery,
  type SubmitJobRequest,
} from '@mlserve/contracts';
import { JobRepository, Prisma, type Job } from '@mlserve/db';
import { JOB_QUEUE, type JobQueue } from '@mlserve/queue';
import { jobsSubmitted } from '@mlserve/observability';
import { ownerOf, type Principal } from '../auth/principal';
import { parseOrThrow } from '../common/zod-validation.pipe';
import { decodeJobCursor, encodeJobCursor } from './job-cursor';

export interface SubmitOutcome {
  job: Job;
  /** False when an earlier request with the same Idempotency-Key already created it. */
  created: boolean;
}

export interface JobPage {
  items: Job[];
  nextCursor: string | null;
}

const requestHash = (body: SubmitJobRequest): string =>
  createHash('sha256').update(JSON.stringify(body)).digest('hex');

@Injectable()
export class JobsService {
  private readonly logger = new Logger(JobsService.name);

  constructor(
    private readonly jobs: JobRepository,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {}

  async submit(
    principal: Principal,
    body: SubmitJobRequest,
    idempotencyKey?: string,
  ): Promise<SubmitOutcome> {
    const definition = JOB_DEFINITIONS[body.type];
    if (!scopeSatisfies(principal.scopes, definition.requiredScope)) {
      throw new DomainError(
        'FORBIDDEN',
        `job type '${body.type}' needs the '${definition.requiredScope}' scope`,
      );
    }
    const payload = parseOrThrow(definition.payload, body.payload, 'payload', 'payload');
    const createdBy = ownerOf(principal);
    const hash = idempotencyKey ? requestHash(body) : undefined;
    if (idempotencyKey) {
      const earlier = await this.jobs.findByIdempotencyKey(createdBy, idempotencyKey);
      if (earlier) return { job: this.checkReplay(earlier, hash), created: false };
    }
    let job: Job;
    try {
      job = await this.jobs.create({
        type: body.type,
        queue: body.queue ?? definition.defaultQueue,
        priority: body.priority,
        input: payload,
        maxAttempts: body.maxAttempts ?? definition.defaultMaxAttempts,
        createdBy,
        idempotencyKey,
        requestHash: hash,
      });
    } catch (error) {
      const raced = idempotencyKey && isUniqueViolation(error);
      if (!raced) throw error;
      const earlier = await this.jobs.findByIdempotencyKey(createdBy, idempotencyKey);
      if (!earlier) throw error;
      return { job: this.checkReplay(earlier, hash), created: false };
    }
    jobsSubmitted.inc({ type: job.type, queue: job.queue });
    await this.enqueue(job);
    return { job, created: true };
  }

  async get(id: string): Promise<Job> {
    const job = await this.jobs.findById(id);
    if (!job) throw notFound('job', id);
    return job;
  }

  async list(query: ListJobsQuery): Promise<JobPage> {
    const cursor = query.cursor ? decodeJobCursor(query.cursor) : undefined;
    const rows = await this.jobs.list(query, query.limit + 1, cursor);
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    const nextCursor = rows.length > query.limit && last ? encodeJobCursor(last) : null;
    return { items, nextCursor };
  }

  async cancel(id: string): Promise<Job> {
    const job = await this.get(id);
    if (isTerminal(job.status)) {
      throw new DomainError(
        'INVALID_STATE',
        `job is already ${job.status} and cannot be cancelled`,
        {
          status: job.status,
        },
      );
    }
    const updated = await this.jobs.requestCancel(id);
    if (!updated) throw notFound('job', id);
    return updated;
  }

  /**
   * The row is already durable, so a broker outage does not lose the job: it stays QUEUED with
   * no `enqueuedAt`, and the workers' reconciler enqueues it once the broker is back.
   */
  private async enqueue(job: Job): Promise<void> {
    try {
      await this.queue.enqueue(
        { jobId: job.id, queue: job.queue, attempt: job.attempts },
        { priority: job.priority },
      );
      await this.jobs.markEnqueued(job.id);
    } catch (error) {
      this.logger.warn(`job ${job.id} saved but not enqueued yet (${String(error)})`);
    }
  }

  private checkReplay(earlier: Job, hash: string | undefined): Job {
    if (earlier.requestHash !== hash) {
      throw new DomainError(
        'IDEMPOTENCY_KEY_REUSED',
        'this Idempotency-Key was already used with a different request body',
        { jobId: earlier.id },
      );
    }
    return earlier;
  }
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}
