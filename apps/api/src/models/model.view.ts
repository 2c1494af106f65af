import type { ModelVersion, ModelWithVersions } from '@mlserve/db';

export interface ModelVersionView {
  version: number;
  runtime: 'onnx' | 'http';
  description: string | null;
  labels: unknown;
  signature: unknown;
  artifact: { sha256: string; bytes: number | null } | null;
  endpoint: { url: string; remoteName: string | null } | null;
  queue: string | null;
  batching: { maxBatchSize: number; maxDelayMs: number };
  metrics: unknown;
  lineage: unknown;
  aliases: string[];
  createdAt: Date;
}

export interface ModelView {
  name: string;
  description: string | null;
  task: string | null;
  classLabels: unknown;
  logSampleRate: number;
  promotion: { metric: string; minGain: number } | null;
  /** Alias → version; an alias with a canary split also appears in `splits`. */
  aliases: Record<string, number>;
  splits: Record<string, unknown>;
  versions: ModelVersionView[];
  createdAt: Date;
  updatedAt: Date;
}

export function toVersionView(version: ModelVersion, aliases: string[] = []): ModelVersionView {
  return {
    version: version.version,
    runtime: version.runtime === 'ONNX' ? 'onnx' : 'http',
    description: version.description,
    labels: version.labels,
    signature: version.signature,
    artifact: version.artifactSha256
      ? { sha256: version.artifactSha256, bytes: version.artifactBytes }
      : null,
    endpoint: version.endpointUrl
      ? { url: version.endpointUrl, remoteName: version.remoteName }
      : null,
    queue: version.queue,
    batching: { maxBatchSize: version.maxBatchSize, maxDelayMs: version.maxDelayMs },
    metrics: version.metrics,
    lineage: version.lineage,
    aliases,
    createdAt: version.createdAt,
  };
}

export function toModelView(model: ModelWithVersions): ModelView {
  const versionById = new Map(model.versions.map((v) => [v.id, v.version]));
  const aliases = Object.fromEntries(
    model.aliases.map((a) => [a.name, versionById.get(a.versionId) ?? 0]),
  );
  return {
    name: model.name,
    description: model.description,
    task: model.task,
    classLabels: model.classLabels,
    logSampleRate: model.logSampleRate,
    promotion: model.promotionMetric
      ? { metric: model.promotionMetric, minGain: model.promotionMinGain }
      : null,
    aliases,
    splits: Object.fromEntries(
      model.aliases.filter((a) => a.split !== null).map((a) => [a.name, a.split]),
    ),
    versions: model.versions.map((v) =>
      toVersionView(
        v,
        model.aliases.filter((a) => a.versionId === v.id).map((a) => a.name),
      ),
    ),
    createdAt: model.createdAt,
    updatedAt: model.updatedAt,
  };
}
