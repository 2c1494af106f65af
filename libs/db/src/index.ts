export * from './db.module';
export * from './prisma.service';
export * from './job.repository';
export * from './api-key.repository';
export * from './job-events.listener';
export * from './pg-pool-config';
export { Prisma, type Job, type ApiKey, type JobStatus } from './generated/prisma/client';
