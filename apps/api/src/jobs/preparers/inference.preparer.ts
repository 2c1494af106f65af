import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@mlserve/config';
import { DomainError, type InferencePayload } from '@mlserve/contracts';
import { DATA_STORE, checkInputUrl, type ModelSignature, type ModelStore } from '@mlserve/ml';
import { ModelsService } from '../../models/models.service';
import type { PreparedJob } from './job-preparer';

/**
 * Checks an inference job before it is stored: the model and version exist (an alias is
 * resolved now, so the job runs the version it was submitted against), an uploaded file
 * exists, a URL's host is allowed, and the requested outputs exist.
 */
@Injectable()
export class InferenceJobPreparer {
  constructor(
    private readonly models: ModelsService,
    @Inject(DATA_STORE) private readonly data: ModelStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async prepare(payload: InferencePayload): Promise<PreparedJob> {
    const version = await this.models.resolve(
      payload.model,
      { version: payload.version, alias: payload.alias },
      true, // the lookup cache, as predict uses
    );
    const { input } = payload;
    if ('file' in input && !(await this.data.has(input.file.sha256))) {
      throw new DomainError(
        'VALIDATION_FAILED',
        `payload.input.file: no uploaded file ${input.file.sha256}`,
      );
    }
    if ('url' in input) checkInputUrl(input.url, this.config.jobInput.urlAllowedHosts);
    const signature = version.signature as unknown as ModelSignature;
    const known = signature.outputs.map((o) => o.name);
    const unknown = (payload.outputs ?? []).filter((name) => !known.includes(name));
    if (unknown.length > 0) {
      throw new DomainError(
        'VALIDATION_FAILED',
        `payload.outputs: unknown output(s) ${unknown.join(', ')}; the model's outputs are: ${known.join(', ')}`,
      );
    }
    const { alias: _alias, ...rest } = payload;
    return {
      payload: { ...rest, version: version.version },
      pinnedQueue: version.queue ?? undefined,
      modelVersionId: version.id,
    };
  }
}
