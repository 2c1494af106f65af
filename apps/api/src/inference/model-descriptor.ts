import type { ModelVersion } from '@mlserve/db';
import type { ModelDescriptor, ModelSignature } from '@mlserve/ml';

/** The engine's view of a version row. The signature was written by the registry itself. */
export function toDescriptor(modelName: string, version: ModelVersion): ModelDescriptor {
  return {
    id: version.id,
    name: modelName,
    version: version.version,
    runtime: version.runtime,
    artifactSha256: version.artifactSha256,
    endpointUrl: version.endpointUrl,
    remoteName: version.remoteName,
    signature: version.signature as unknown as ModelSignature,
    maxBatchSize: version.maxBatchSize,
    maxDelayMs: version.maxDelayMs,
  };
}
