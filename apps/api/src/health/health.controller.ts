import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  HealthCheckService,
  HealthIndicatorService,
  type HealthCheckResult,
  type HealthIndicatorResult,
} from '@nestjs/terminus';
import type { Response } from 'express';
import { PrismaService } from '@mlserve/db';
import { JOB_QUEUE, type JobQueue } from '@mlserve/queue';
import { Public } from '../auth/auth.decorators';
import { RateLimiter } from '../auth/rate-limiter';
import { withTimeout } from './with-timeout';

const PROBE_TIMEOUT_MS = 1000;

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly prisma: PrismaService,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    private readonly rateLimiter: RateLimiter,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'The process is up (no dependency is checked)' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({
    summary: 'PostgreSQL, the queue broker and Redis (rate limits) answer; 503 names what is down',
  })
  async ready(@Res({ passthrough: true }) res: Response): Promise<HealthCheckResult> {
    const bullmq = this.queue.driver === 'bullmq';
    try {
      return await this.health.check([
        () => this.probe('postgres', () => this.prisma.ping()),
        () => this.probe(bullmq ? 'redis' : 'rabbitmq', () => this.queue.ping()),
        // with RabbitMQ as the broker, Redis still counts the rate limits
        ...(!bullmq && this.rateLimiter.enabled
          ? [() => this.probe('redis', () => this.rateLimiter.ping())]
          : []),
      ]);
    } catch (error) {
      res.status(HttpStatus.SERVICE_UNAVAILABLE);
      return (error as { getResponse(): HealthCheckResult }).getResponse();
    }
  }

  private async probe(key: string, ping: () => Promise<void>): Promise<HealthIndicatorResult> {
    const session = this.indicators.check(key);
    try {
      await withTimeout(ping(), PROBE_TIMEOUT_MS, key);
      return session.up();
    } catch (error) {
      return session.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}
