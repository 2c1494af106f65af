import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig, loadDotEnv } from '@mlserve/config';
import { createLogger } from '@mlserve/observability';
import { WorkerModule } from './worker.module';

/** A worker: a Nest application context (no HTTP API) that consumes WORKER_QUEUES. */
async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    logger: createLogger(config.logLevel, config.nodeEnv === 'production', 'worker'),
  });
  // Not enableShutdownHooks(): Nest re-raises the signal after closing, and a worker that
  // drained cleanly should exit 0 so orchestrators do not count it as a crash.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      app.close().then(
        () => process.exit(0),
        (error: unknown) => {
          process.stderr.write(`mlserve worker: shutdown failed: ${String(error)}\n`);
          process.exit(1);
        },
      );
    });
  }
}

main().catch((error: unknown) => {
  const message =
    error instanceof ConfigError ? error.message : `failed to start: ${String(error)}`;
  process.stderr.write(`mlserve worker: ${message}\n`);
  process.exit(1);
});
