import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { APP_CONFIG, type AppConfig } from '@mlserve/config';
import { JobsController } from './jobs.controller';
import { JobsService } from './jobs.service';
import { JobFilesService } from './job-files.service';
import { JobEventsService } from './job-events.service';
import { ModelsModule } from '../models/models.module';
import { InferenceJobPreparer } from './preparers/inference.preparer';
import { LearningJobPreparer } from './preparers/learning.preparer';
import { JobPreparers } from './preparers/job-preparers.service';
import { QueueBackpressure } from './queue-backpressure';

@Module({
  imports: [
    ModelsModule,
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        limits: { fileSize: config.jobInput.maxBytes, files: 1 },
      }),
    }),
  ],
  controllers: [JobsController],
  providers: [
    JobsService,
    JobFilesService,
    JobEventsService,
    JobPreparers,
    InferenceJobPreparer,
    LearningJobPreparer,
    QueueBackpressure,
  ],
  exports: [JobsService],
})
export class JobsModule {}
