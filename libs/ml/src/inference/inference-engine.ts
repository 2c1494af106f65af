import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@mlserve/config';
import { DomainError } from '@mlserve/contracts';
import {
  inferenceBatchSize,
  inferenceComputeSeconds,
  inferenceQueueSeconds,
  inferenceRequests,
} from '@mlserve/observability';
import { DynamicBatcher, runUnbatched, type BatchedResult } from '../batching';
import { HttpOipRuntime } from '../runtimes/http-oip.runtime';
import type { ModelRuntime, NamedTensors } from '../runtimes/model-runtime';
import { OnnxModelRuntime } from '../runtimes/onnx.runtime';
import { OnnxSessionCache } from '../runtimes/onnx-session-cache';
import { TensorInputError, type ModelSignature } from '../tensors';

export type ModelTask = 'classification' | 'regression';

/** What the engine needs to know about a model version (a row of model_versions). */
export interface ModelDescriptor {
  id: string;
  modelId: string;
  name: string;
  version: number;
  runtime: 'ONNX' | 'HTTP';
  artifactSha256: string | null;
  endpointUrl: string | null;
  remoteName: string | null;
  signature: ModelSignature;
  maxBatchSize: number;
  maxDelayMs: number;
  task: ModelTask | null;
  /** Fraction of requests whose rows go to the prediction log. */
  logSampleRate: number;
}

export type InferenceProtocol = 'predict' | 'oip' | 'job';

interface Served {
  runtime: ModelRuntime;
  batcher: DynamicBatcher | null;
}

/**
 * Runs model versions: one runtime per version (onnxruntime in process, or a remote OIP server),
 * behind a dynamic batcher when the version allows batches above 1. Records the per-model
 * inference metrics (queue and compute time, batch size, outcome).
 */
@Injectable()
export class InferenceEngine implements OnApplicationShutdown {
  private readonly served = new Map<string, Served>();

  constructor(
    private readonly sessions: OnnxSessionCache,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async infer(
    model: ModelDescriptor,
    inputs: NamedTensors,
    protocol: InferenceProtocol,
    outputNames?: readonly string[],
  ): Promise<NamedTensors> {
    const labels = { model: model.name, version: String(model.version) };
    try {
      checkOutputNames(model.signature, outputNames);
      const { runtime, batcher } = this.serve(model);
      const run = (feeds: NamedTensors) => runtime.infer(feeds);
      const result: BatchedResult = batcher
        ? await batcher.submit(inputs)
        : await runUnbatched(inputs, run);
      inferenceQueueSeconds.observe(labels, result.queueSeconds);
      inferenceComputeSeconds.observe(labels, result.computeSeconds);
      inferenceBatchSize.observe(labels, result.batchSize);
      inferenceRequests.inc({ ...labels, protocol, outcome: 'ok' });
      return selectOutputs(result.outputs, outputNames);
    } catch (error) {
      inferenceRequests.inc({ ...labels, protocol, outcome: outcomeOf(error) });
      throw error;
    }
  }

  async ready(model: ModelDescriptor): Promise<boolean> {
    return this.serve(model).runtime.ready();
  }

  /** Forgets a version's runtime and batcher (the version was deleted or changed). */
  forget(versionId: string): void {
    this.served.get(versionId)?.batcher?.close();
    this.served.delete(versionId);
  }

  onApplicationShutdown(): void {
    for (const id of [...this.served.keys()]) this.forget(id);
  }

  private serve(model: ModelDescriptor): Served {
    let served = this.served.get(model.id);
    if (!served) {
      const runtime = this.runtimeFor(model);
      const batcher =
        model.maxBatchSize > 1
          ? new DynamicBatcher({
              maxBatchSize: model.maxBatchSize,
              maxDelayMs: model.maxDelayMs,
              run: (feeds) => runtime.infer(feeds),
            })
          : null;
      served = { runtime, batcher };
      this.served.set(model.id, served);
    }
    return served;
  }

  private runtimeFor(model: ModelDescriptor): ModelRuntime {
    if (model.runtime === 'ONNX' && model.artifactSha256) {
      return new OnnxModelRuntime(this.sessions, model.artifactSha256);
    }
    if (model.runtime === 'HTTP' && model.endpointUrl) {
      return new HttpOipRuntime({
        baseUrl: model.endpointUrl,
        modelName: model.remoteName ?? model.name,
        timeoutMs: this.config.models.httpTimeoutMs,
      });
    }
    throw new Error(`model ${model.name} v${model.version} has no artifact or endpoint`);
  }
}

export function checkOutputNames(
  signature: ModelSignature,
  names: readonly string[] | undefined,
): void {
  const known = new Set(signature.outputs.map((o) => o.name));
  for (const name of names ?? []) {
    if (!known.has(name)) {
      throw new TensorInputError(
        name,
        `unknown output '${name}'; the model's outputs are: ${[...known].join(', ')}`,
      );
    }
  }
}

/** The requested outputs (all when none are named). */
export function selectOutputs(
  outputs: NamedTensors,
  names: readonly string[] | undefined,
): NamedTensors {
  if (!names || names.length === 0) return outputs;
  const selected: NamedTensors = {};
  for (const name of names) {
    const tensor = outputs[name];
    if (tensor) selected[name] = tensor;
  }
  return selected;
}

function outcomeOf(error: unknown): 'invalid' | 'upstream_error' | 'error' {
  if (error instanceof TensorInputError) return 'invalid';
  if (error instanceof DomainError) {
    if (error.code === 'VALIDATION_FAILED') return 'invalid';
    if (error.code === 'UPSTREAM_FAILED' || error.code === 'UPSTREAM_TIMEOUT')
      return 'upstream_error';
  }
  return 'error';
}
