import { Inject, Injectable } from '@nestjs/common';
import { InferenceSession } from 'onnxruntime-node';
import { APP_CONFIG, type AppConfig } from '@mlserve/config';
import { DomainError } from '@mlserve/contracts';
import {
  ModelRepository,
  Prisma,
  asJson,
  type ModelVersion,
  type NewModelVersion,
} from '@mlserve/db';
import {
  HttpOipRuntime,
  MODEL_STORE,
  OnnxSessionCache,
  signatureFromSession,
  type ModelSignature,
  type ModelStore,
} from '@mlserve/ml';
import { ModelsService } from './models.service';
import type { RegisterModelRequest } from './register-model.schema';

/** Adds model versions: ONNX uploads and models served over OIP v2 by another process. */
@Injectable()
export class ModelRegistrationService {
  constructor(
    private readonly versions: ModelRepository,
    private readonly models: ModelsService,
    private readonly sessions: OnnxSessionCache,
    @Inject(MODEL_STORE) private readonly store: ModelStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
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
      const version = await this.addVersion(request, {
        runtime: 'ONNX',
        artifactSha256: artifact.sha256,
        artifactBytes: artifact.bytes,
        signature: asJson(signature),
      });
      this.sessions.adopt(artifact.sha256, session, artifact.bytes);
      return version;
    } catch (error) {
      await session.release();
      await this.models.forgetArtifactIfUnused(artifact.sha256);
      throw error;
    }
  }

  private async addVersion(
    request: RegisterModelRequest,
    runtime: Pick<
      NewModelVersion,
      'runtime' | 'artifactSha256' | 'artifactBytes' | 'endpointUrl' | 'remoteName' | 'signature'
    >,
  ): Promise<ModelVersion> {
    try {
      const added = await this.versions.addVersion(request.name, request.description, {
        ...runtime,
        version: request.version,
        description: request.description,
        labels: request.labels ?? {},
        queue: request.queue,
        maxBatchSize: request.maxBatchSize,
        maxDelayMs: request.maxDelayMs,
      });
      this.models.invalidate(request.name);
      return added;
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        throw new DomainError(
          'CONFLICT',
          `model '${request.name}' already has version ${request.version}`,
        );
      }
      throw error;
    }
  }

  /**
   * Registers a model served by another process over OIP v2: its metadata is read now, so an
   * unreachable server or unknown model is refused before anything is written.
   */
  async registerHttp(request: RegisterModelRequest): Promise<ModelVersion> {
    const endpointUrl = request.endpointUrl ?? '';
    const remoteName = request.remoteName ?? request.name;
    const runtime = new HttpOipRuntime({
      baseUrl: endpointUrl,
      modelName: remoteName,
      timeoutMs: this.config.models.httpTimeoutMs,
    });
    let signature: ModelSignature;
    try {
      signature = await runtime.metadata();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new DomainError(
        'UNPROCESSABLE',
        `could not read the model's metadata from the server: ${reason}`,
      );
    }
    return this.addVersion(request, {
      runtime: 'HTTP',
      endpointUrl,
      remoteName,
      signature: asJson(signature),
    });
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
