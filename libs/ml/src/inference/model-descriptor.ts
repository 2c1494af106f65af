import type { ModelVersion } from '@mlserve/db';
import type { ModelDescriptor } from './inference-engine';
import type { ModelSignature } from '../tensors';

/** The engine's view of a version row. The signature was written by the registry itself. */
export function descriptorOf(modelName: string, version: ModelVersion): ModelDescriptor {
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
