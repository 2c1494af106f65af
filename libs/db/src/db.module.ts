import { Global, Module } from '@nestjs/common';
import { PrismaService } from './prisma.service';
import { JobRepository } from './job.repository';
import { ApiKeyRepository } from './api-key.repository';
import { JobEventsListener } from './job-events.listener';
import { ModelRepository } from './model.repository';

@Global()
@Module({
  providers: [PrismaService, JobRepository, ApiKeyRepository, JobEventsListener, ModelRepository],
  exports: [PrismaService, JobRepository, ApiKeyRepository, JobEventsListener, ModelRepository],
})
export class DbModule {}
