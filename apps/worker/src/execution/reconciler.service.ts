import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@mlserve/config';
import { JobMaintenanceRepository, JobRepository, type Job } from '@mlserve/db';
import { JOB_QUEUE, type JobQueue } from '@mlserve/queue';
import { RetentionSweeper } from './retention.sweeper';

/** Arbitrary constant naming the reconciler's PostgreSQL advisory lock. */
const RECONCILER_LOCK_ID = 0x6d6c7376;
const BATCH = 500;
/** A QUEUED row this old without a broker message was not enqueued (crash or broker outage). */
const NOT_ENQUEUED_AFTER_MS = 5000;

/**
 * Recovers what the broker lost or never got: QUEUED jobs whose enqueue failed, and RUNNING jobs
 * whose worker died (lease expired); then applies RESULT_TTL. Every worker runs it; a PostgreSQL
 * advisory lock lets one at a time.
 */
@Injectable()
export class ReconcilerService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ReconcilerService.name);
  private timer: NodeJS.Timeout | null = null;
  private pass: Promise<unknown> | null = null;

  constructor(
    private readonly maintenance: JobMaintenanceRepository,
    private readonly jobs: JobRepository,
    private readonly retention: RetentionSweeper,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.pass ??= this.reconcileOnce()
        .catch((error: unknown) => this.logger.warn(`reconcile pass failed: ${String(error)}`))
        .finally(() => (this.pass = null));
    }, this.config.worker.reconcileIntervalMs);
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.pass;
  }

  /** One pass; returns how many jobs were recovered (undefined: another worker holds the lock). */
  async reconcileOnce(): Promise<number | undefined> {
    return this.maintenance.withAdvisoryLock(RECONCILER_LOCK_ID, async () => {
      const now = Date.now();
      const candidates = await this.maintenance.findRecoverable(
        new Date(now - NOT_ENQUEUED_AFTER_MS),
        new Date(now - this.config.worker.requeueStaleAfterMs),
        BATCH,
      );
      let recovered = 0;
      for (const job of candidates) {
        if (await this.recover(job)) recovered += 1;
      }
      if (recovered > 0) this.logger.log(`recovered ${recovered} job(s)`);
      await this.retention.sweep();
      return recovered;
    });
  }

  private async recover(job: Job): Promise<boolean> {
    if (job.status === 'RUNNING') {
      const outcome = await this.maintenance.recoverExpired(job);
      if (outcome !== 'requeued') return outcome === 'ended';
    }
    await this.queue.enqueue(
      { jobId: job.id, queue: job.queue, attempt: job.attempts },
      { priority: job.priority },
    );
    await this.jobs.markEnqueued(job.id);
    return true;
  }
}
