import { json } from 'express';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AppConfig } from '@mlserve/config';
import { createLogger } from '@mlserve/observability';
import { AppModule } from './app.module';
import { httpMetricsMiddleware } from './common/http-metrics.middleware';
import { setupOpenApi } from './openapi.setup';

/** Builds the API application (not yet listening): used by main.ts and by the tests. */
export async function createApiApp(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    logger: createLogger(config.logLevel, config.nodeEnv === 'production', 'api'),
  });
  app.use(httpMetricsMiddleware);
  // Inference bodies carry batches of rows: their own, larger limit. The first parser to run
  // wins, so the route-specific one is registered before the general one.
  const inference = json({ limit: config.api.inferenceBodyLimitBytes });
  app.use(
    ['/v1/models/:name/predict', '/v1/models/:name/versions/:v/predict', '/v2/models'],
    inference,
  );
  app.useBodyParser('json', { limit: config.api.bodyLimitBytes });
  app.disable('x-powered-by');
  app.enableShutdownHooks();
  setupOpenApi(app);
  return app;
}
