import {
  Body,
  Controller,
  Get,
  Param,
  ParseIntPipe,
  Post,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError } from '@mlserve/contracts';
import { RequireScope } from '../auth/auth.decorators';
import { ZodValidationPipe, parseOrThrow } from '../common/zod-validation.pipe';
import {
  datasetFromPredictionsSchema,
  uploadDatasetSchema,
  type DatasetFromPredictionsRequest,
} from './dataset.schemas';
import { toDatasetView, type DatasetView } from './dataset.view';
import { DatasetsService } from './datasets.service';

const FORMATS = { '.csv': 'csv', '.tsv': 'tsv', '.jsonl': 'jsonl', '.ndjson': 'jsonl' } as const;

@ApiTags('datasets')
@ApiBearerAuth()
@Controller('v1/datasets')
export class DatasetsController {
  constructor(private readonly datasets: DatasetsService) {}

  @Post()
  @RequireScope('write')
  @UseInterceptors(FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiOperation({
    summary: 'Upload a CSV/TSV/JSONL file (+ name, target, format?) as a new dataset version',
  })
  async upload(
    @UploadedFile() file: Express.Multer.File | undefined,
    @Body() fields: unknown,
  ): Promise<DatasetView> {
    const request = parseOrThrow(uploadDatasetSchema, fields, 'dataset upload');
    if (!file)
      throw new DomainError(
        'VALIDATION_FAILED',
        "file: attach the data as the multipart field 'file'",
      );
    const extension = Object.keys(FORMATS).find((ext) =>
      file.originalname.toLowerCase().endsWith(ext),
    );
    const format =
      request.format ?? (extension ? FORMATS[extension as keyof typeof FORMATS] : 'csv');
    return toDatasetView(await this.datasets.upload(request, file.buffer, format));
  }

  @Post('from-predictions')
  @RequireScope('write')
  @ApiOperation({ summary: 'A dataset from logged predictions that received feedback' })
  async fromPredictions(
    @Body(new ZodValidationPipe(datasetFromPredictionsSchema)) body: DatasetFromPredictionsRequest,
  ): Promise<DatasetView> {
    return toDatasetView(await this.datasets.fromPredictions(body));
  }

  @Get()
  @RequireScope('read')
  async list(): Promise<{ items: DatasetView[] }> {
    return { items: (await this.datasets.list()).map(toDatasetView) };
  }

  @Get(':name')
  @RequireScope('read')
  async versions(@Param('name') name: string): Promise<{ name: string; versions: DatasetView[] }> {
    const versions = await this.datasets.versions(name);
    if (versions.length === 0) await this.datasets.get(name); // 404
    return { name, versions: versions.map(toDatasetView) };
  }

  @Get(':name/versions/:version')
  @RequireScope('read')
  @ApiOperation({ summary: 'A dataset version: its schema and a sample of rows' })
  async version(
    @Param('name') name: string,
    @Param('version', ParseIntPipe) version: number,
  ): Promise<DatasetView & { sample: unknown[] }> {
    const dataset = await this.datasets.get(name, version);
    return { ...toDatasetView(dataset), sample: await this.datasets.sample(dataset) };
  }
}
