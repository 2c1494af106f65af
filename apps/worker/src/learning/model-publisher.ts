import { Inject, Injectable } from '@nestjs/common';
import { InferenceSession } from 'onnxruntime-node';
import { ModelRepository, asJson, type ModelVersion, type ModelWithVersions } from '@mlserve/db';
import { MODEL_STORE, signatureFromSession, type ModelStore, type TrainedModel } from '@mlserve/ml';

export interface Lineage {
  dataset: { name: string; version: number; id: string };
  parentVersion: number | null;
  algorithm: string;
  hyperparameters: unknown;
  features: string[];
  classes: string[] | null;
  testFraction: number;
  seed: number;
  jobId: string;
}

/** Registers a trained model as the next version of its model, with metrics and lineage. */
@Injectable()
export class ModelPublisher {
  constructor(
    private readonly models: ModelRepository,
    @Inject(MODEL_STORE) private readonly store: ModelStore,
  ) {}

  async publish(
    name: string,
    trained: TrainedModel,
    bytes: Uint8Array,
    metrics: Record<string, unknown>,
    lineage: Lineage,
  ): Promise<{ version: ModelVersion; model: ModelWithVersions }> {
    const session = await InferenceSession.create(bytes);
    const signature = signatureFromSession(session);
    await session.release();
    const artifact = await this.store.put(bytes);
    const version = await this.models.addVersion(name, undefined, {
      runtime: 'ONNX',
      artifactSha256: artifact.sha256,
      artifactBytes: artifact.bytes,
      signature: asJson(signature),
      metrics: asJson(metrics),
      lineage: asJson(lineage),
      description: `${trained.algorithm} on ${lineage.dataset.name}@${lineage.dataset.version}`,
    });
    const model = (await this.models.findByName(name))!;
    if (!model.task || (trained.classes && !Array.isArray(model.classLabels))) {
      await this.models.updateSettings(model.id, {
        task: model.task ?? trained.task,
        ...(trained.classes &&
          !Array.isArray(model.classLabels) && { classLabels: trained.classes }),
      });
    }
    return { version, model: (await this.models.findByName(name))! };
  }
}
