import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import {
  InferenceEngine,
  PredictionLogger,
  checkOutputNames,
  descriptorOf,
  selectOutputs,
  type NamedTensors,
  decodeNamedInputs,
  decodeOipRequestInputs,
  encodeOipOutput,
  toNestedArray,
  type ModelDescriptor,
  type NestedArray,
  type OipOutputTensor,
} from '@mlserve/ml';
import { parseOrThrow } from '../common/zod-validation.pipe';
import { ModelsService, type VersionSelector } from '../models/models.service';

export const predictBodySchema = z
  .object({
    inputs: z.record(z.string(), z.unknown()).optional(),
    rows: z.array(z.unknown()).optional(),
    outputs: z.array(z.string()).optional(),
    /** Keeps a caller on one version of a canary split (e.g. a user id). */
    routingKey: z.string().min(1).max(200).optional(),
  })
  .strict()
  .refine((b) => (b.inputs === undefined) !== (b.rows === undefined), {
    message:
      'give either "inputs" (named tensors as nested arrays) or "rows" (single-input models)',
  });

export const oipInferSchema = z.object({
  id: z.string().max(200).optional(),
  parameters: z.record(z.string(), z.unknown()).optional(),
  inputs: z.array(z.unknown()).min(1),
  outputs: z
    .array(z.object({ name: z.string(), parameters: z.record(z.string(), z.unknown()).optional() }))
    .optional(),
});

export interface PredictResponse {
  model: string;
  version: number;
  outputs: Record<string, NestedArray>;
  /** One per input row when the prediction log sampled this request; send feedback to them. */
  predictionIds?: string[];
}

export interface OipInferResponse {
  model_name: string;
  model_version: string;
  id?: string;
  outputs: OipOutputTensor[];
  parameters?: { prediction_ids: string[] };
}

/** The two request shapes (simple JSON and OIP v2) over one engine. */
@Injectable()
export class InferenceService {
  constructor(
    private readonly models: ModelsService,
    private readonly engine: InferenceEngine,
    private readonly logger: PredictionLogger,
  ) {}

  async describe(
    name: string,
    selector: VersionSelector,
    routingKey?: string,
  ): Promise<ModelDescriptor> {
    const { model, version } = await this.models.resolveServing(name, selector, routingKey);
    return descriptorOf(model, version);
  }

  async predict(name: string, selector: VersionSelector, body: unknown): Promise<PredictResponse> {
    const request = parseOrThrow(predictBodySchema, body, 'predict request');
    const model = await this.describe(name, selector, request.routingKey);
    const inputs = decodeNamedInputs(
      request.rows !== undefined ? { rows: request.rows } : { inputs: request.inputs },
      model.signature,
    );
    const { outputs, predictionIds } = await this.run(
      model,
      inputs,
      'predict',
      request.outputs,
      request.routingKey,
    );
    return {
      model: model.name,
      version: model.version,
      outputs: Object.fromEntries(
        Object.entries(outputs).map(([key, tensor]) => [key, toNestedArray(tensor)]),
      ),
      ...(predictionIds && { predictionIds }),
    };
  }

  async oipInfer(
    name: string,
    selector: VersionSelector,
    body: unknown,
  ): Promise<OipInferResponse> {
    const request = parseOrThrow(oipInferSchema, body, 'inference request');
    const routingKey = routingKeyOf(request.parameters);
    const model = await this.describe(name, selector, routingKey);
    const inputs = decodeOipRequestInputs(request.inputs, model.signature);
    const outputNames = request.outputs?.map((o) => o.name);
    const { outputs, predictionIds } = await this.run(
      model,
      inputs,
      'oip',
      outputNames,
      routingKey,
    );
    return {
      model_name: model.name,
      model_version: String(model.version),
      ...(request.id !== undefined && { id: request.id }),
      outputs: Object.entries(outputs).map(([key, tensor]) => encodeOipOutput(key, tensor)),
      ...(predictionIds && { parameters: { prediction_ids: predictionIds } }),
    };
  }

  /** Runs the model; logs the rows (with every output) when the request is sampled. */
  private async run(
    model: ModelDescriptor,
    inputs: NamedTensors,
    protocol: 'predict' | 'oip',
    outputNames: string[] | undefined,
    routingKey: string | undefined,
  ): Promise<{ outputs: NamedTensors; predictionIds?: string[] }> {
    if (!this.logger.shouldLog(model)) {
      return { outputs: await this.engine.infer(model, inputs, protocol, outputNames) };
    }
    checkOutputNames(model.signature, outputNames);
    const all = await this.engine.infer(model, inputs, protocol);
    const predictionIds = await this.logger.log(model, inputs, all, protocol, routingKey);
    return { outputs: selectOutputs(all, outputNames), predictionIds };
  }

  ready(model: ModelDescriptor): Promise<boolean> {
    return this.engine.ready(model);
  }
}

function routingKeyOf(parameters: Record<string, unknown> | undefined): string | undefined {
  const key = parameters?.routing_key;
  return typeof key === 'string' && key.length > 0 ? key.slice(0, 200) : undefined;
}
