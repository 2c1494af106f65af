import { Module } from '@nestjs/common';
import { JobsController } from './jobs.controller';
import { JobsService } from './jobs.service';
import { JobEventsService } from './job-events.service';

@Module({
  controllers: [JobsController],
  providers: [JobsService, JobEventsService],
  exports: [JobsService],
})
export class JobsModule {}
