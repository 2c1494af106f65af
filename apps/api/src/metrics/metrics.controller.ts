import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { APP_CONFIG, type AppConfig } from '@mlserve/config';
import { DEFAULT_QUEUE } from '@mlserve/contracts';
import { queueDepth, registry } from '@mlserve/observability';
import { JOB_QUEUE, type JobQueue } from '@mlserve/queue';
import { Public } from '../auth/auth.decorators';

/** Prometheus scrape endpoint. Keep it on the internal network (see docker-compose.yaml). */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Header('Content-Type', registry.contentType)
  async scrape(): Promise<string> {
    await this.refreshQueueDepth();
    return registry.metrics();
  }

  /** Depth is read from the broker at scrape time; a broker outage leaves the last values. */
  private async refreshQueueDepth(): Promise<void> {
    const queues = new Set([DEFAULT_QUEUE, ...this.config.worker.queues]);
    await Promise.all(
      [...queues].map(async (name) => {
        try {
          const depth = await this.queue.depth(name);
          for (const state of ['waiting', 'active', 'delayed'] as const) {
            queueDepth.set({ queue: name, state }, depth[state]);
          }
        } catch {
          // reported by /health/ready instead
        }
      }),
    );
  }
}
