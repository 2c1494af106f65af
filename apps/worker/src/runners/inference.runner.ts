import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, TtlCache, type AppConfig } from '@mlserve/config';
import {
  DomainError,
  NonRetryableJobError,
  type InferenceInput,
  type InferencePayload,
  type InferenceResult,
} from '@mlserve/contracts';
import { ModelRepository } from '@mlserve/db';
import {
  DATA_STORE,
  InferenceEngine,
  PredictionLogger,
  checkOutputNames,
  selectOutputs,
  TensorInputError,
  chunkBody,
  decodeNamedInputs,
  descriptorOf,
  downloadInput,
  formatOf,
  parseBatchFile,
  recordCount,
  recordsFromNamedArrays,
  toNestedArray,
  type BatchRecords,
  type ModelDescriptor,
  type ModelStore,
  type NamedTensors,
} from '@mlserve/ml';
import type { JobContext, JobRunner } from './job-runner';

/** Batch predictions: loads the rows, runs them in chunks, writes a JSONL result file. */
@Injectable()
export class InferenceJobRunner implements JobRunner<'inference'> {
  readonly type = 'inference' as const;

  constructor(
    private readonly models: ModelRepository,
    private readonly engine: InferenceEngine,
    private readonly predictionLog: PredictionLogger,
    @Inject(DATA_STORE) private readonly data: ModelStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.descriptors = new TtlCache(config.api.lookupCacheMs);
  }

  private readonly descriptors: TtlCache<ModelDescriptor>;

  async run(payload: InferencePayload, context: JobContext): Promise<InferenceResult> {
    const model = await this.model(payload);
    const records = await this.load(payload.input);
    const total = recordCount(records);
    const lines: string[] = [];
    let names: string[] = [];
    const logged = this.predictionLog.shouldLog(model); // the whole job is logged, or none of it
    for (let start = 0; start < total; start += payload.chunkSize) {
      if (context.signal.aborted) throw context.signal.reason;
      const end = Math.min(total, start + payload.chunkSize);
      const { inputs, outputs: all } = await this.runChunk(
        model,
        records,
        start,
        end,
        payload.outputs,
      );
      const ids = logged ? await this.predictionLog.log(model, inputs, all, 'job') : [];
      const outputs = selectOutputs(all, payload.outputs);
      names = Object.keys(outputs);
      const columns = names.map((name) => toNestedArray(outputs[name]));
      for (let i = 0; i < end - start; i += 1) {
        const row: Record<string, unknown> = { row: start + i };
        if (ids[i]) row.predictionId = ids[i];
        names.forEach((name, k) => (row[name] = rowOf(columns[k], i)));
        lines.push(JSON.stringify(row));
      }
      if (end < total) await context.reportProgress(end / total, `${end} of ${total} rows`);
    }
    const resultFile = await this.data.put(Buffer.from(`${lines.join('\n')}\n`));
    return { model: model.name, version: model.version, rows: total, outputs: names, resultFile };
  }

  /** Versions are immutable (and cannot be deleted while a job uses them): safe to reuse. */
  private async model(payload: InferencePayload): Promise<ModelDescriptor> {
    const key = `${payload.model}@${payload.version}`;
    const cached = this.descriptors.get(key);
    if (cached) return cached;
    const descriptor = await this.loadModel(payload);
    this.descriptors.set(key, descriptor);
    return descriptor;
  }

  private async loadModel(payload: InferencePayload): Promise<ModelDescriptor> {
    const model = await this.models.findByName(payload.model);
    const version = model?.versions.find((v) => v.version === payload.version);
    if (!model || !version) {
      throw new NonRetryableJobError(
        `model '${payload.model}' version ${payload.version} no longer exists`,
      );
    }
    return descriptorOf(model, version);
  }

  private async load(input: InferenceInput): Promise<BatchRecords> {
    if ('rows' in input) return { kind: 'rows', rows: input.rows };
    if ('inputs' in input) return recordsFromNamedArrays(input.inputs);
    if ('file' in input)
      return parseBatchFile(await this.data.get(input.file.sha256), input.file.format);
    const content = await downloadInput(input.url, {
      allowedHosts: this.config.jobInput.urlAllowedHosts,
      maxBytes: this.config.jobInput.maxBytes,
      timeoutMs: this.config.jobInput.urlTimeoutMs,
    });
    return parseBatchFile(content, formatOf(input.url, input.format));
  }

  private async runChunk(
    model: ModelDescriptor,
    records: BatchRecords,
    start: number,
    end: number,
    outputs: string[] | undefined,
  ): Promise<{ inputs: NamedTensors; outputs: NamedTensors }> {
    try {
      checkOutputNames(model.signature, outputs);
      const inputs = decodeNamedInputs(chunkBody(records, start, end), model.signature);
      return { inputs, outputs: await this.engine.infer(model, inputs, 'job') };
    } catch (error) {
      const badInput =
        error instanceof TensorInputError ||
        (error instanceof DomainError && error.code === 'VALIDATION_FAILED');
      if (!badInput) throw error;
      throw new NonRetryableJobError(`rows ${start + 1}-${end}: ${(error as Error).message}`);
    }
  }
}

/** Row `i` of an output: its i-th element along the batch dimension. */
function rowOf(column: unknown, i: number): unknown {
  return Array.isArray(column) ? column[i] : column;
}
