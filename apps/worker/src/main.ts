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
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
}

main().catch((error: unknown) => {
  const message =
    error instanceof ConfigError ? error.message : `failed to start: ${String(error)}`;
  process.stderr.write(`mlserve worker: ${message}\n`);
  process.exit(1);
});
