import { Global, Module } from '@nestjs/common';
import { PrismaService } from './prisma.service';
import { JobRepository } from './job.repository';
import { ApiKeyRepository } from './api-key.repository';
import { JobEventsListener } from './job-events.listener';
import { ModelRepository } from './model.repository';
import { JobLeaseRepository } from './job-lease.repository';
import { JobMaintenanceRepository } from './job-maintenance.repository';
import { PredictionRepository } from './prediction.repository';
import { DatasetRepository } from './dataset.repository';
import { PromotionRepository } from './promotion.repository';

const PROVIDERS = [
  PrismaService,
  JobRepository,
  JobLeaseRepository,
  JobMaintenanceRepository,
  ApiKeyRepository,
  ModelRepository,
  PredictionRepository,
  DatasetRepository,
  PromotionRepository,
  JobEventsListener,
];

/** The database layer: Prisma and the repositories that wrap it (no business logic). */
@Global()
@Module({ providers: PROVIDERS, exports: PROVIDERS })
export class DbModule {}
