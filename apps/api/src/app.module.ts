import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ConfigModule, type AppConfig } from '@mlserve/config';
import { DbModule } from '@mlserve/db';
import { QueueModule } from '@mlserve/queue';
import { MlModule } from '@mlserve/ml';
import { ModelsModule } from './models/models.module';
import { InferenceModule } from './inference/inference.module';
import { PredictionsModule } from './predictions/predictions.module';
import { DatasetsModule } from './datasets/datasets.module';
import { AuthModule } from './auth/auth.module';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { HealthModule } from './health/health.module';
import { JobsModule } from './jobs/jobs.module';
import { MetricsController } from './metrics/metrics.controller';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DbModule,
        QueueModule,
        MlModule,
        AuthModule,
        HealthModule,
        JobsModule,
        ModelsModule,
        InferenceModule,
        PredictionsModule,
        DatasetsModule,
      ],
      controllers: [MetricsController],
      providers: [{ provide: APP_FILTER, useClass: AllExceptionsFilter }],
    };
  }
}
