import { Global, Module } from '@nestjs/common';
import { PrismaService } from './prisma.service';
import { JobRepository } from './job.repository';
import { ApiKeyRepository } from './api-key.repository';
import { JobEventsListener } from './job-events.listener';

@Global()
@Module({
  providers: [PrismaService, JobRepository, ApiKeyRepository, JobEventsListener],
  exports: [PrismaService, JobRepository, ApiKeyRepository, JobEventsListener],
})
export class DbModule {}
