import { Injectable } from '@nestjs/common';
import { Prisma, type Job, type JobStatus } from './generated/prisma/client';
import { PrismaService } from './prisma.service';

export const JOB_EVENTS_CHANNEL = 'mlserve_job_events';

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
}

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
    await this.notify(job.id);
    return job;
  }

  findById(id: string): Promise<Job | null> {
    return this.prisma.job.findUnique({ where: { id } });
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

  /** Claims a job that is QUEUED, or RUNNING with an expired lease. Null when not claimable. */
  async claim(id: string, workerId: string, leaseMs: number): Promise<Job | null> {
    const now = new Date();
    const { count } = await this.prisma.job.updateMany({
      where: {
        id,
        cancelRequestedAt: null,
        OR: [{ status: 'QUEUED' }, { status: 'RUNNING', leaseExpiresAt: { lt: now } }],
      },
      data: {
        status: 'RUNNING',
        workerId,
        startedAt: now,
        leaseExpiresAt: new Date(now.getTime() + leaseMs),
        attempts: { increment: 1 },
      },
    });
    if (count === 0) return null;
    await this.notify(id);
    return this.findById(id);
  }

  /** Extends the lease and records progress. Null when the lease was lost to another worker. */
  async heartbeat(
    lease: JobLease,
    leaseMs: number,
    progress?: { fraction: number; message?: string },
  ): Promise<LeaseState | null> {
    try {
      const job = await this.prisma.job.update({
        where: this.ownedBy(lease),
        data: {
          leaseExpiresAt: new Date(Date.now() + leaseMs),
          ...(progress && { progress: progress.fraction, progressMessage: progress.message }),
        },
        select: { cancelRequestedAt: true },
      });
      if (progress) await this.notify(lease.jobId);
      return { cancelRequested: job.cancelRequestedAt !== null };
    } catch (error) {
      if (isRecordNotFound(error)) return null;
      throw error;
    }
  }

  /** Writes the final state. False when the lease was lost, so the outcome is discarded. */
  async finish(lease: JobLease, outcome: FinalOutcome): Promise<boolean> {
    const data: Prisma.JobUpdateManyMutationInput = {
      status: outcome.status,
      finishedAt: new Date(),
      leaseExpiresAt: null,
      ...(outcome.status === 'SUCCEEDED' && { result: outcome.result, progress: 1 }),
      ...(outcome.status !== 'SUCCEEDED' &&
        outcome.error !== undefined && { error: outcome.error }),
    };
    const { count } = await this.prisma.job.updateMany({ where: this.ownedBy(lease), data });
    if (count === 1) await this.notify(lease.jobId);
    return count === 1;
  }

  /**
   * Puts a RUNNING job back to QUEUED: for a retry (the attempt counts) or because the worker
   * is shutting down (it does not).
   */
  async release(
    lease: JobLease,
    reason: { error?: Prisma.InputJsonValue; attemptCounts: boolean },
  ): Promise<boolean> {
    const { count } = await this.prisma.job.updateMany({
      where: this.ownedBy(lease),
      data: {
        status: 'QUEUED',
        workerId: null,
        leaseExpiresAt: null,
        enqueuedAt: null,
        ...(reason.error !== undefined && { error: reason.error }),
        ...(!reason.attemptCounts && { attempts: { decrement: 1 } }),
      },
    });
    if (count === 1) await this.notify(lease.jobId);
    return count === 1;
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
    await this.notify(id);
    return this.findById(id);
  }

  /** QUEUED jobs with no broker message, and RUNNING jobs whose lease expired: to re-enqueue. */
  findRecoverable(notEnqueuedSince: Date, limit: number): Promise<Job[]> {
    return this.prisma.job.findMany({
      where: {
        OR: [
          { status: 'QUEUED', enqueuedAt: null, updatedAt: { lt: notEnqueuedSince } },
          { status: 'RUNNING', leaseExpiresAt: { lt: new Date() } },
        ],
      },
      orderBy: { createdAt: 'asc' },
      take: limit,
    });
  }

  /**
   * Takes back a RUNNING job whose lease expired (its worker died): QUEUED again when attempts
   * remain, otherwise its final state. Conditional, so a live owner is never overridden.
   */
  async recoverExpired(job: Job): Promise<'requeued' | 'ended' | 'skipped'> {
    const now = new Date();
    const stillExpired = { id: job.id, status: 'RUNNING' as const, leaseExpiresAt: { lt: now } };
    const end = job.cancelRequestedAt !== null || job.attempts >= job.maxAttempts;
    const data: Prisma.JobUpdateManyMutationInput = end
      ? {
          status: job.cancelRequestedAt ? 'CANCELLED' : 'FAILED',
          finishedAt: now,
          leaseExpiresAt: null,
          ...(!job.cancelRequestedAt && {
            error: {
              message: 'the worker running the last attempt stopped responding',
              retryable: false,
            },
          }),
        }
      : { status: 'QUEUED', workerId: null, leaseExpiresAt: null, enqueuedAt: null };
    const { count } = await this.prisma.job.updateMany({ where: stillExpired, data });
    if (count === 0) return 'skipped';
    await this.notify(job.id);
    return end ? 'ended' : 'requeued';
  }

  /** Runs `work` only in the one process that holds the named transaction-scoped lock. */
  async withAdvisoryLock<T>(lockId: number, work: () => Promise<T>): Promise<T | undefined> {
    return this.prisma.$transaction(
      async (tx) => {
        const rows = await tx.$queryRaw<{ locked: boolean }[]>`
          SELECT pg_try_advisory_xact_lock(${lockId}::bigint) AS locked`;
        return rows[0]?.locked ? work() : undefined;
      },
      { timeout: 60_000 },
    );
  }

  private ownedBy(lease: JobLease) {
    return {
      id: lease.jobId,
      status: 'RUNNING' as const,
      workerId: lease.workerId,
      attempts: lease.attempt,
    };
  }

  private async notify(id: string): Promise<void> {
    await this.prisma.$executeRaw`SELECT pg_notify(${JOB_EVENTS_CHANNEL}, ${id})`;
  }
}

function isRecordNotFound(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2025';
}

/** A JSON-safe copy of a value for a Json column (drops undefined, turns dates into strings). */
export function asJson(value: unknown): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify(value ?? null)) as Prisma.InputJsonValue;
}
