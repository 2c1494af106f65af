import { Injectable } from '@nestjs/common';
import { Prisma, type Job } from './generated/prisma/client';
import { notifyJobChanged } from './job-events.notify';
import type { AttemptOutcome, FinalOutcome, JobLease, LeaseState } from './job.repository';
import { PrismaService } from './prisma.service';

/**
 * A worker's writes to a job it runs. Every write after the claim is conditional on the lease
 * (worker id and attempt), so a worker whose lease was taken over cannot overwrite the new owner.
 */
@Injectable()
export class JobLeaseRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Claims a job that is QUEUED, or RUNNING with an expired lease. Null when not claimable. */
  async claim(id: string, workerId: string, leaseMs: number): Promise<Job | null> {
    const now = new Date();
    // one conditional UPDATE ... RETURNING: the claim and the row it claimed, in one round trip
    const [claimed] = await this.prisma.job.updateManyAndReturn({
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
    if (!claimed) return null;
    await notifyJobChanged(this.prisma, id);
    return claimed;
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
      if (progress) await notifyJobChanged(this.prisma, lease.jobId);
      return { cancelRequested: job.cancelRequestedAt !== null };
    } catch (error) {
      if (isRecordNotFound(error)) return null;
      throw error;
    }
  }

  /** Writes the final state. False when the lease was lost, so the outcome is discarded. */
  async finish(lease: JobLease, outcome: FinalOutcome, attempt?: AttemptOutcome): Promise<boolean> {
    const data: Prisma.JobUpdateManyMutationInput = {
      status: outcome.status,
      finishedAt: new Date(),
      leaseExpiresAt: null,
      ...(outcome.status === 'SUCCEEDED' && { result: outcome.result, progress: 1 }),
      ...(outcome.status !== 'SUCCEEDED' &&
        outcome.error !== undefined && { error: outcome.error }),
    };
    const error = outcome.status === 'SUCCEEDED' ? undefined : outcome.error;
    return this.updateOwned(lease, data, attempt ?? outcome.status, error);
  }

  /**
   * Puts a RUNNING job back to QUEUED: for a retry (the attempt counts) or because the worker
   * is shutting down (it does not).
   */
  async release(
    lease: JobLease,
    reason: { error?: Prisma.InputJsonValue; attemptCounts: boolean },
  ): Promise<boolean> {
    const data: Prisma.JobUpdateManyMutationInput = {
      status: 'QUEUED',
      workerId: null,
      leaseExpiresAt: null,
      enqueuedAt: null,
      ...(reason.error !== undefined && { error: reason.error }),
      ...(!reason.attemptCounts && { attempts: { decrement: 1 } }),
    };
    const outcome = reason.attemptCounts ? 'RETRYING' : 'HANDED_BACK';
    return this.updateOwned(lease, data, outcome, reason.error);
  }

  /** The lease-guarded update plus its attempt record, in one transaction. */
  private async updateOwned(
    lease: JobLease,
    data: Prisma.JobUpdateManyMutationInput,
    outcome: AttemptOutcome,
    error: Prisma.InputJsonValue | undefined,
  ): Promise<boolean> {
    const done = await this.prisma.$transaction(async (tx) => {
      const { count } = await tx.job.updateMany({ where: this.ownedBy(lease), data });
      if (count === 1) {
        await tx.jobAttempt.create({
          data: {
            jobId: lease.jobId,
            attempt: lease.attempt,
            workerId: lease.workerId,
            outcome,
            error,
            startedAt: lease.startedAt,
          },
        });
      }
      return count === 1;
    });
    if (done) await notifyJobChanged(this.prisma, lease.jobId);
    return done;
  }

  private ownedBy(lease: JobLease) {
    return {
      id: lease.jobId,
      status: 'RUNNING' as const,
      workerId: lease.workerId,
      attempts: lease.attempt,
    };
  }
}

function isRecordNotFound(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2025';
}
