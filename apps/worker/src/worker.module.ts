import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, type AppConfig } from '@mlserve/config';
import { DbModule } from '@mlserve/db';
import { QueueModule } from '@mlserve/queue';
import { MlModule } from '@mlserve/ml';
import { ConsumerService } from './execution/consumer.service';
import { JobExecutor } from './execution/job-executor.service';
import { JobOutcomeWriter } from './execution/job-outcome.writer';
import { ReconcilerService } from './execution/reconciler.service';
import { RetentionSweeper } from './execution/retention.sweeper';
import { WorkerHttpServer } from './http/worker-http.server';
import { DiagnosticSleepRunner } from './runners/diagnostic-sleep.runner';
import { InferenceJobRunner } from './runners/inference.runner';
import { TrainingJobRunner } from './runners/training.runner';
import { EvaluationJobRunner } from './runners/evaluation.runner';
import { DatasetLoader } from './learning/dataset-loader';
import { ModelPublisher } from './learning/model-publisher';
import { PromotionPolicy } from './learning/promotion-policy';
import { VersionScorer } from './learning/version-scorer';
import { JOB_RUNNERS, type JobRunner } from './runners/job-runner';
import { RunnerRegistry } from './runners/runner-registry';

/** Every job type's runner; the registry refuses to start if one is missing or doubled. */
const RUNNERS = [DiagnosticSleepRunner, InferenceJobRunner, TrainingJobRunner, EvaluationJobRunner];
const LEARNING = [DatasetLoader, ModelPublisher, PromotionPolicy, VersionScorer];

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [ConfigModule.forRoot(config), DbModule, QueueModule, MlModule],
      providers: [
        ...RUNNERS,
        ...LEARNING,
        { provide: JOB_RUNNERS, inject: RUNNERS, useFactory: (...runners: JobRunner[]) => runners },
        {
          provide: RunnerRegistry,
          inject: [JOB_RUNNERS],
          useFactory: (runners: JobRunner[]) => new RunnerRegistry(runners),
        },
        JobExecutor,
        JobOutcomeWriter,
        ConsumerService,
        ReconcilerService,
        RetentionSweeper,
        WorkerHttpServer,
      ],
    };
  }
}
