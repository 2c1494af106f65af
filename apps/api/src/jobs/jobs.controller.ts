import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Query,
  Res,
  Sse,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Observable } from 'rxjs';
import { z } from 'zod';
import {
  listJobsQuerySchema,
  submitJobSchema,
  type ListJobsQuery,
  type SubmitJobRequest,
} from '@mlserve/contracts';
import { CurrentPrincipal, RequireScope } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { openApiSchema } from '../common/openapi';
import { ZodValidationPipe, parseOrThrow } from '../common/zod-validation.pipe';
import { bodyFromMultipart, uploadFormat } from './job-upload';
import { jsonlToCsv } from './job-result';
import { UuidOr404Pipe } from '../common/uuid-or-404.pipe';
import { JobEventsService } from './job-events.service';
import { JobsService } from './jobs.service';
import { JobFilesService } from './job-files.service';
import { toAttemptView, toJobView, type JobAttemptView, type JobView } from './job.view';

const idempotencyKeySchema = z.string().min(1).max(200).optional();
const resultQuerySchema = z.object({ format: z.enum(['jsonl', 'csv']).default('jsonl') }).strict();

@ApiTags('jobs')
@ApiBearerAuth()
@Controller('v1/jobs')
export class JobsController {
  constructor(
    private readonly jobs: JobsService,
    private readonly files: JobFilesService,
    private readonly jobEvents: JobEventsService,
  ) {}

  @Post()
  @HttpCode(202)
  @RequireScope('write')
  @ApiOperation({ summary: 'Submit a job; answers 202 with Location. Honours Idempotency-Key.' })
  @ApiBody({ schema: openApiSchema(submitJobSchema) })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @UseInterceptors(FileInterceptor('file'))
  async submit(
    @CurrentPrincipal() principal: Principal,
    @Body() raw: Record<string, unknown>,
    @UploadedFile() file: Express.Multer.File | undefined,
    @Headers('idempotency-key') rawKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<JobView> {
    const key = parseOrThrow(idempotencyKeySchema, rawKey, 'Idempotency-Key header');
    const body: SubmitJobRequest = parseOrThrow(
      submitJobSchema,
      file ? bodyFromMultipart(raw) : raw,
      'request body',
    );
    if (file)
      await this.files.attachUpload(body, file.buffer, uploadFormat(file.originalname, raw.format));
    const { job, created } = await this.jobs.submit(principal, body, key);
    res.setHeader('Location', `/v1/jobs/${job.id}`);
    if (!created) res.setHeader('Idempotent-Replayed', 'true');
    return toJobView(job);
  }

  @Get()
  @RequireScope('read')
  @ApiOperation({ summary: 'List jobs, newest first, with filters and cursor pagination' })
  async list(
    @Query(new ZodValidationPipe(listJobsQuerySchema, 'query string')) query: ListJobsQuery,
  ): Promise<{ items: JobView[]; nextCursor: string | null }> {
    const page = await this.jobs.list(query);
    return { items: page.items.map(toJobView), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @RequireScope('read')
  @ApiOperation({ summary: 'A job with every finished attempt; 410 once RESULT_TTL expired it' })
  async get(
    @Param('id', new UuidOr404Pipe('job')) id: string,
  ): Promise<JobView & { history: JobAttemptView[] }> {
    const job = await this.jobs.get(id);
    const attempts = await this.jobs.attempts(id);
    return { ...toJobView(job), history: attempts.map(toAttemptView) };
  }

  @Sse(':id/events')
  @RequireScope('read')
  @ApiOperation({ summary: 'Server-Sent Events: the job now, then each change until it ends' })
  async events(
    @Param('id', new UuidOr404Pipe('job')) id: string,
  ): Promise<Observable<{ type: string; id: string; data: JobView }>> {
    const job = await this.jobs.get(id);
    return this.jobEvents.stream(job);
  }

  @Get(':id/result')
  @RequireScope('read')
  @ApiOperation({ summary: "Download a finished job's result: ?format=jsonl (default) or csv" })
  async result(
    @Param('id', new UuidOr404Pipe('job')) id: string,
    @Query(new ZodValidationPipe(resultQuerySchema, 'query string'))
    query: z.infer<typeof resultQuerySchema>,
    @Res() res: Response,
  ): Promise<void> {
    const result = await this.files.result(id);
    if (result.kind === 'json') {
      res.json(result.value);
      return;
    }
    const jsonl = Buffer.from(result.content).toString('utf8');
    const csv = query.format === 'csv';
    res
      .type(csv ? 'text/csv' : 'application/x-ndjson')
      .setHeader('Content-Disposition', `attachment; filename="${id}.${csv ? 'csv' : 'jsonl'}"`)
      .send(csv ? jsonlToCsv(jsonl) : jsonl);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @RequireScope('write')
  @ApiOperation({ summary: 'Cancel: QUEUED ends at once, RUNNING is told to stop' })
  async cancel(@Param('id', new UuidOr404Pipe('job')) id: string): Promise<JobView> {
    return toJobView(await this.jobs.cancel(id));
  }
}
