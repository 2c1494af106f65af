import { Inject, Injectable, Logger } from '@nestjs/common';
import { InferenceSession } from 'onnxruntime-node';
import { DomainError, notFound } from '@mlserve/contracts';
import {
  ModelRepository,
  Prisma,
  asJson,
  type ModelVersion,
  type ModelWithVersions,
} from '@mlserve/db';
import { MODEL_STORE, OnnxSessionCache, signatureFromSession, type ModelStore } from '@mlserve/ml';
import type { RegisterModelRequest } from './register-model.schema';

/** How a caller names a version: a number, an alias, or neither (the `production` alias, else the latest). */
export interface VersionSelector {
  version?: number;
  alias?: string;
}

@Injectable()
export class ModelsService {
  private readonly logger = new Logger(ModelsService.name);

  constructor(
    private readonly models: ModelRepository,
    private readonly sessions: OnnxSessionCache,
    @Inject(MODEL_STORE) private readonly store: ModelStore,
  ) {}

  /**
   * Registers an ONNX model version. The file is loaded by onnxruntime before anything is
   * written, so an invalid upload leaves no row and no file; that load is kept as the warm-up.
   */
  async registerOnnx(
    request: RegisterModelRequest,
    file: Uint8Array | undefined,
  ): Promise<ModelVersion> {
    if (!file || file.byteLength === 0) {
      throw new DomainError(
        'VALIDATION_FAILED',
        "file: attach the .onnx file as the multipart field 'file'",
        {
          problems: [{ field: 'file', message: 'required' }],
        },
      );
    }
    const session = await loadOnnx(file);
    const signature = signatureFromSession(session);
    const artifact = await this.store.put(file);
    try {
      const version = await this.models.addVersion(request.name, request.description, {
        version: request.version,
        runtime: 'ONNX',
        description: request.description,
        labels: request.labels ?? {},
        artifactSha256: artifact.sha256,
        artifactBytes: artifact.bytes,
        signature: asJson(signature),
        queue: request.queue,
        maxBatchSize: request.maxBatchSize,
        maxDelayMs: request.maxDelayMs,
      });
      this.sessions.adopt(artifact.sha256, session, artifact.bytes);
      return version;
    } catch (error) {
      await session.release();
      await this.forgetArtifactIfUnused(artifact.sha256);
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        throw new DomainError(
          'CONFLICT',
          `model '${request.name}' already has version ${request.version}`,
        );
      }
      throw error;
    }
  }

  async get(name: string): Promise<ModelWithVersions> {
    const model = await this.models.findByName(name);
    if (!model) throw notFound('model', name);
    return model;
  }

  list(limit: number, after?: string): Promise<ModelWithVersions[]> {
    return this.models.list(limit, after);
  }

  async resolve(name: string, selector: VersionSelector = {}): Promise<ModelVersion> {
    const model = await this.get(name);
    if (selector.version !== undefined) {
      const version = model.versions.find((v) => v.version === selector.version);
      if (!version) throw notFound(`version of model '${name}'`, String(selector.version));
      return version;
    }
    const aliasName = selector.alias ?? 'production';
    const alias = model.aliases.find((a) => a.name === aliasName);
    if (alias) return model.versions.find((v) => v.id === alias.versionId) ?? this.noVersion(name);
    if (selector.alias !== undefined) throw notFound(`alias of model '${name}'`, selector.alias);
    return model.versions.at(-1) ?? this.noVersion(name);
  }

  async setAlias(name: string, alias: string, versionNumber: number): Promise<ModelWithVersions> {
    const model = await this.get(name);
    const version = await this.resolve(name, { version: versionNumber });
    await this.models.setAlias(model.id, alias, version.id);
    return this.get(name);
  }

  async removeAlias(name: string, alias: string): Promise<void> {
    const model = await this.get(name);
    if (!(await this.models.removeAlias(model.id, alias)))
      throw notFound(`alias of model '${name}'`, alias);
  }

  /** Refused (409) while an alias points at the version or a job using it is queued or running. */
  async deleteVersion(name: string, versionNumber: number): Promise<void> {
    const model = await this.get(name);
    const version = await this.resolve(name, { version: versionNumber });
    const aliases = model.aliases.filter((a) => a.versionId === version.id).map((a) => a.name);
    if (aliases.length > 0) {
      throw new DomainError(
        'CONFLICT',
        `version ${versionNumber} is still aliased as ${aliases.join(', ')}; move the alias first`,
        { aliases },
      );
    }
    const jobs = await this.models.countActiveJobs(version.id);
    if (jobs > 0) {
      throw new DomainError(
        'CONFLICT',
        `version ${versionNumber} is used by ${jobs} queued or running job(s)`,
        { jobs },
      );
    }
    await this.models.deleteVersion(version.id);
    if (version.artifactSha256) await this.forgetArtifactIfUnused(version.artifactSha256);
  }

  private async forgetArtifactIfUnused(sha256: string): Promise<void> {
    if ((await this.models.countArtifactUsers(sha256)) > 0) return;
    await this.sessions.unload(sha256);
    await this.store.delete(sha256);
    this.logger.log(`removed artifact ${sha256}`);
  }

  private noVersion(name: string): never {
    throw new DomainError('NOT_FOUND', `model '${name}' has no versions`);
  }
}

async function loadOnnx(file: Uint8Array): Promise<InferenceSession> {
  try {
    return await InferenceSession.create(file);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new DomainError(
      'UNPROCESSABLE',
      `file is not a valid ONNX model onnxruntime can load: ${reason}`,
    );
  }
}
