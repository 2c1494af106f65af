import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@mlserve/config';
import { JobMaintenanceRepository, type Job } from '@mlserve/db';
import { DATA_STORE, type ModelStore } from '@mlserve/ml';

const BATCH = 1000;

/** RESULT_TTL: drops old jobs' inputs and results (rows and files); a small record remains. */
@Injectable()
export class RetentionSweeper {
  private readonly logger = new Logger(RetentionSweeper.name);

  constructor(
    private readonly maintenance: JobMaintenanceRepository,
    @Inject(DATA_STORE) private readonly data: ModelStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async sweep(): Promise<number> {
    const cutoff = new Date(Date.now() - this.config.resultTtlMs);
    const expired = await this.maintenance.expireFinished(cutoff, BATCH);
    for (const sha256 of new Set(expired.flatMap(filesOf))) {
      if ((await this.maintenance.countFileReferences(sha256)) === 0)
        await this.data.delete(sha256);
    }
    if (expired.length > 0)
      this.logger.log(`expired the inputs and results of ${expired.length} job(s)`);
    return expired.length;
  }
}

/** The stored files a job points at: an uploaded input, a result file. */
function filesOf(job: Job): string[] {
  const found: string[] = [];
  const visit = (value: unknown, key: string): void => {
    if (typeof value !== 'object' || value === null) return;
    if (
      (key === 'file' || key === 'resultFile') &&
      'sha256' in value &&
      typeof value.sha256 === 'string'
    ) {
      found.push(value.sha256);
    }
    for (const [childKey, child] of Object.entries(value)) visit(child, childKey);
  };
  visit(job.input, '');
  visit(job.result, '');
  return found;
}
