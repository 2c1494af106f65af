import { Injectable } from '@nestjs/common';
import { Prisma, type Job } from './generated/prisma/client';
import { notifyJobChanged } from './job-events.notify';
import { PrismaService } from './prisma.service';

/** Recovery and retention: what the reconciler reads and writes. */
@Injectable()
export class JobMaintenanceRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Jobs to re-enqueue: QUEUED with no broker message (`enqueuedAt` null since before
   * `notEnqueuedBefore`), QUEUED so long that the broker may have lost the message (enqueued
   * before `staleBefore`; a duplicate is harmless), and RUNNING with an expired lease.
   */
  findRecoverable(notEnqueuedBefore: Date, staleBefore: Date, limit: number): Promise<Job[]> {
    return this.prisma.job.findMany({
      where: {
        OR: [
          { status: 'QUEUED', enqueuedAt: null, updatedAt: { lt: notEnqueuedBefore } },
          { status: 'QUEUED', enqueuedAt: { lt: staleBefore } },
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
    const count = await this.prisma.$transaction(async (tx) => {
      const updated = await tx.job.updateMany({ where: stillExpired, data });
      if (updated.count === 1) {
        await tx.jobAttempt.create({
          data: {
            jobId: job.id,
            attempt: job.attempts,
            workerId: job.workerId,
            outcome: 'LEASE_EXPIRED',
            error: { message: 'the worker stopped renewing its lease (crashed or cut off)' },
            startedAt: job.startedAt,
          },
        });
      }
      return updated.count;
    });
    if (count === 0) return 'skipped';
    await notifyJobChanged(this.prisma, job.id);
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

  /**
   * RESULT_TTL: drops the input and result of jobs that finished before `cutoff`, keeping the
   * row as a small record. Returns the jobs as they were, so their files can be removed.
   */
  async expireFinished(cutoff: Date, limit: number): Promise<Job[]> {
    const jobs = await this.prisma.job.findMany({
      where: { finishedAt: { lt: cutoff }, expiredAt: null },
      orderBy: { finishedAt: 'asc' },
      take: limit,
    });
    if (jobs.length === 0) return [];
    await this.prisma.job.updateMany({
      where: { id: { in: jobs.map((j) => j.id) }, expiredAt: null },
      data: { input: {}, result: Prisma.DbNull, expiredAt: new Date() },
    });
    return jobs;
  }

  /** How many unexpired jobs still point at a stored file (as input or result). */
  countFileReferences(sha256: string): Promise<number> {
    return this.prisma.job.count({
      where: {
        expiredAt: null,
        OR: [
          { result: { path: ['resultFile', 'sha256'], equals: sha256 } },
          { input: { path: ['input', 'file', 'sha256'], equals: sha256 } },
        ],
      },
    });
  }
}
