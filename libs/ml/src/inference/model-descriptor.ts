import type { Model, ModelVersion } from '@mlserve/db';
import type { ModelDescriptor, ModelTask } from './inference-engine';
import type { ModelSignature } from '../tensors';

const asTask = (task: string | null): ModelTask | null =>
  task === 'classification' || task === 'regression' ? task : null;

/** The engine's view of a version row. The signature was written by the registry itself. */
export function descriptorOf(model: Model, version: ModelVersion): ModelDescriptor {
  return {
    id: version.id,
    modelId: model.id,
    name: model.name,
    version: version.version,
    runtime: version.runtime,
    artifactSha256: version.artifactSha256,
    endpointUrl: version.endpointUrl,
    remoteName: version.remoteName,
    signature: version.signature as unknown as ModelSignature,
    maxBatchSize: version.maxBatchSize,
    maxDelayMs: version.maxDelayMs,
    task: asTask(model.task),
    logSampleRate: model.logSampleRate,
  };
}
