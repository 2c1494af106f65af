import { Inject, Injectable } from '@nestjs/common';
import { DomainError, type SubmitJobRequest } from '@mlserve/contracts';
import { DATA_STORE, type ModelStore } from '@mlserve/ml';
import { JobsService } from './jobs.service';

/** Files around jobs: a multipart submit's input file, and a finished job's result file. */
@Injectable()
export class JobFilesService {
  constructor(
    private readonly jobs: JobsService,
    @Inject(DATA_STORE) private readonly data: ModelStore,
  ) {}

  /** Stores a multipart submit's file and points an inference payload's input at it. */
  async attachUpload(
    body: SubmitJobRequest,
    content: Uint8Array,
    format: 'csv' | 'jsonl',
  ): Promise<void> {
    if (body.type !== 'inference') {
      throw new DomainError('VALIDATION_FAILED', `file: job type '${body.type}' takes no file`);
    }
    const stored = await this.data.put(content);
    body.payload = { ...body.payload, input: { file: { ...stored, format } } };
  }

  /** A finished job's result file (inference jobs), or its JSON result. */
  async result(
    id: string,
  ): Promise<{ kind: 'file'; content: Uint8Array } | { kind: 'json'; value: unknown }> {
    const job = await this.jobs.get(id);
    if (job.status !== 'SUCCEEDED') {
      throw new DomainError(
        'INVALID_STATE',
        `job is ${job.status}; a result exists once it has SUCCEEDED`,
        {
          status: job.status,
        },
      );
    }
    const file = resultFileOf(job.result);
    if (!file) return { kind: 'json', value: job.result };
    return { kind: 'file', content: await this.data.get(file) };
  }
}

function resultFileOf(result: unknown): string | undefined {
  if (typeof result !== 'object' || result === null || !('resultFile' in result)) return undefined;
  const file = result.resultFile;
  if (typeof file !== 'object' || file === null || !('sha256' in file)) return undefined;
  return typeof file.sha256 === 'string' ? file.sha256 : undefined;
}
