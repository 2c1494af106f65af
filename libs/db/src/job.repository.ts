import { Injectable } from '@nestjs/common';
import { Prisma, type Job, type JobAttempt, type JobStatus } from './generated/prisma/client';
import { notifyJobChanged } from './job-events.notify';
import { PrismaService } from './prisma.service';

export interface NewJob {
  type: string;
  queue: string;
  priority: number;
  input: Prisma.InputJsonValue;
  maxAttempts: number;
  createdBy: string;
  idempotencyKey?: string;
  requestHash?: string;
  modelVersionId?: string;
  timeoutMs?: number;
}

export interface JobFilter {
  status?: JobStatus;
  type?: string;
  queue?: string;
  createdAfter?: Date;
  createdBefore?: Date;
}

/** Position in the (createdAt desc, id desc) order that list pages walk. */
export interface JobCursor {
  createdAt: Date;
  id: string;
}

/**
 * Who holds a RUNNING job: the worker and the attempt number it claimed. Every write by a worker
 * is conditional on it, so a worker whose lease was taken over cannot overwrite the new owner.
 */
export interface JobLease {
  jobId: string;
  workerId: string;
  attempt: number;
  startedAt?: Date | null;
}

/** How one attempt ended, as recorded in job_attempts. */
export type AttemptOutcome =
  'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'CANCELLED' | 'RETRYING' | 'HANDED_BACK' | 'LEASE_EXPIRED';

export interface LeaseState {
  cancelRequested: boolean;
}

export type FinalOutcome =
  | { status: 'SUCCEEDED'; result: Prisma.InputJsonValue }
  | { status: 'FAILED'; error: Prisma.InputJsonValue }
  | { status: 'CANCELLED'; error?: Prisma.InputJsonValue };

@Injectable()
export class JobRepository {
  constructor(private readonly prisma: PrismaService) {}

  async create(data: NewJob): Promise<Job> {
    const job = await this.prisma.job.create({ data });
    await notifyJobChanged(this.prisma, job.id);
    return job;
  }

  findById(id: string): Promise<Job | null> {
    return this.prisma.job.findUnique({ where: { id } });
  }

  attemptsOf(jobId: string): Promise<JobAttempt[]> {
    return this.prisma.jobAttempt.findMany({ where: { jobId }, orderBy: { finishedAt: 'asc' } });
  }

  findByIdempotencyKey(createdBy: string, idempotencyKey: string): Promise<Job | null> {
    return this.prisma.job.findUnique({
      where: { createdBy_idempotencyKey: { createdBy, idempotencyKey } },
    });
  }

  /** Up to `take` jobs after `cursor`, newest first. */
  list(filter: JobFilter, take: number, cursor?: JobCursor): Promise<Job[]> {
    const where: Prisma.JobWhereInput = {
      status: filter.status,
      type: filter.type,
      queue: filter.queue,
      createdAt: { gte: filter.createdAfter, lt: filter.createdBefore },
    };
    const after: Prisma.JobWhereInput | undefined = cursor && {
      OR: [
        { createdAt: { lt: cursor.createdAt } },
        { createdAt: cursor.createdAt, id: { lt: cursor.id } },
      ],
    };
    return this.prisma.job.findMany({
      where: after ? { AND: [where, after] } : where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take,
    });
  }

  async markEnqueued(id: string): Promise<void> {
    await this.prisma.job.updateMany({
      where: { id, status: 'QUEUED' },
      data: { enqueuedAt: new Date() },
    });
  }

  /** QUEUED → CANCELLED at once; RUNNING → cancel requested (the worker stops it). */
  async requestCancel(id: string): Promise<Job | null> {
    const now = new Date();
    const queued = await this.prisma.job.updateMany({
      where: { id, status: 'QUEUED' },
      data: { status: 'CANCELLED', finishedAt: now, cancelRequestedAt: now },
    });
    if (queued.count === 0) {
      await this.prisma.job.updateMany({
        where: { id, status: 'RUNNING', cancelRequestedAt: null },
        data: { cancelRequestedAt: now },
      });
    }
    await notifyJobChanged(this.prisma, id);
    return this.findById(id);
  }
}

/** A JSON-safe copy of a value for a Json column (drops undefined, turns dates into strings). */
export function asJson(value: unknown): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify(value ?? null)) as Prisma.InputJsonValue;
}
