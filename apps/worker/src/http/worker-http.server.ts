import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@mlserve/config';
import { PrismaService } from '@mlserve/db';
import { registry } from '@mlserve/observability';
import { JOB_QUEUE, type JobQueue } from '@mlserve/queue';

/** The worker's own small HTTP server: /metrics for Prometheus, /health/live and /health/ready. */
@Injectable()
export class WorkerHttpServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerHttpServer.name);
  private server: Server | null = null;

  constructor(
    private readonly prisma: PrismaService,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get port(): number | undefined {
    return (this.server?.address() as AddressInfo | null)?.port;
  }

  async onApplicationBootstrap(): Promise<void> {
    const server = createServer((req, res) => {
      void this.route(req.url ?? '/').then(({ status, type, body }) => {
        res.writeHead(status, { 'Content-Type': type }).end(body);
      });
    });
    await new Promise<void>((resolve) => server.listen(this.config.worker.httpPort, resolve));
    this.server = server;
    this.logger.log(`metrics and health on :${this.port}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  private async route(url: string): Promise<{ status: number; type: string; body: string }> {
    const json = (status: number, body: unknown) => ({
      status,
      type: 'application/json',
      body: JSON.stringify(body),
    });
    switch (url.split('?')[0]) {
      case '/metrics':
        return { status: 200, type: registry.contentType, body: await registry.metrics() };
      case '/health/live':
        return json(200, { status: 'ok' });
      case '/health/ready': {
        const [postgres, broker] = await Promise.all([
          probe(() => this.prisma.ping()),
          probe(() => this.queue.ping()),
        ]);
        const ok = postgres === 'up' && broker === 'up';
        return json(ok ? 200 : 503, { status: ok ? 'ok' : 'error', postgres, broker });
      }
      default:
        return json(404, { error: { code: 'NOT_FOUND', message: `no route ${url}` } });
    }
  }
}

async function probe(ping: () => Promise<void>): Promise<'up' | 'down'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), 1000)),
  );
  try {
    await Promise.race([ping(), timeout]);
    return 'up';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}
