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
  app.useBodyParser('json', { limit: config.api.bodyLimitBytes });
  app.disable('x-powered-by');
  app.enableShutdownHooks();
  setupOpenApi(app);
  return app;
}
