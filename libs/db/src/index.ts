export * from './db.module';
export * from './prisma.service';
export * from './job.repository';
export * from './job-lease.repository';
export * from './job-maintenance.repository';
export * from './job-events.notify';
export * from './api-key.repository';
export * from './job-events.listener';
export * from './pg-pool-config';
export * from './model.repository';
export * from './prediction.repository';
export * from './dataset.repository';
export * from './promotion.repository';
export {
  Prisma,
  type Job,
  type JobAttempt,
  type ApiKey,
  type JobStatus,
  type Model,
  type ModelVersion,
  type ModelAlias,
  type ModelRuntime,
  type Prediction,
  type Dataset,
  type PromotionDecision,
} from './generated/prisma/client';
