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
import { JobRepository, Prisma, asJson, type Job, type JobAttempt } from '@mlserve/db';
import { JOB_QUEUE, type JobQueue } from '@mlserve/queue';
import { jobsSubmitted } from '@mlserve/observability';
import { ownerOf, type Principal } from '../auth/principal';
import { parseOrThrow } from '../common/zod-validation.pipe';
import { decodeJobCursor, encodeJobCursor } from './job-cursor';
import { JobPreparers } from './preparers/job-preparers.service';
import { QueueBackpressure } from './queue-backpressure';
import type { ValidatedJob } from './preparers/job-preparer';

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
    private readonly preparers: JobPreparers,
    private readonly backpressure: QueueBackpressure,
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
    const validated = {
      type: body.type,
      payload: parseOrThrow(definition.payload, body.payload, 'payload', 'payload'),
    } as ValidatedJob; // the schema just parsed is the one for body.type
    const prepared = await this.preparers.prepare(validated);
    if (prepared.pinnedQueue && body.queue && body.queue !== prepared.pinnedQueue) {
      throw new DomainError(
        'VALIDATION_FAILED',
        `queue: this model is pinned to queue '${prepared.pinnedQueue}'; omit queue or use it`,
      );
    }
    const createdBy = ownerOf(principal);
    const hash = idempotencyKey ? requestHash(body) : undefined;
    if (idempotencyKey) {
      const earlier = await this.jobs.findByIdempotencyKey(createdBy, idempotencyKey);
      if (earlier) return { job: this.checkReplay(earlier, hash), created: false };
    }
    const queue = prepared.pinnedQueue ?? body.queue ?? definition.defaultQueue;
    await this.backpressure.check(queue);
    let job: Job;
    try {
      job = await this.jobs.create({
        type: body.type,
        queue,
        priority: body.priority,
        input: asJson(prepared.payload),
        modelVersionId: prepared.modelVersionId,
        maxAttempts: body.maxAttempts ?? definition.defaultMaxAttempts,
        timeoutMs:
          body.timeoutMs ??
          ('defaultTimeoutMs' in definition ? definition.defaultTimeoutMs : undefined),
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

  /** A job; 404 if it never existed, 410 if RESULT_TTL removed its input and result. */
  async get(id: string): Promise<Job> {
    const job = await this.jobs.findById(id);
    if (!job) throw notFound('job', id);
    if (job.expiredAt) {
      throw new DomainError(
        'GONE',
        `job ${id} finished ${job.finishedAt?.toISOString() ?? ''} and its input and result expired at ${job.expiredAt.toISOString()} (RESULT_TTL)`,
        { id, status: job.status, finishedAt: job.finishedAt, expiredAt: job.expiredAt },
      );
    }
    return job;
  }

  attempts(id: string): Promise<JobAttempt[]> {
    return this.jobs.attemptsOf(id);
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
