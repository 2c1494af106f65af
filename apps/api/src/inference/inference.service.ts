import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import {
  InferenceEngine,
  descriptorOf,
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
}

export interface OipInferResponse {
  model_name: string;
  model_version: string;
  id?: string;
  outputs: OipOutputTensor[];
}

/** The two request shapes (simple JSON and OIP v2) over one engine. */
@Injectable()
export class InferenceService {
  constructor(
    private readonly models: ModelsService,
    private readonly engine: InferenceEngine,
  ) {}

  async describe(name: string, selector: VersionSelector): Promise<ModelDescriptor> {
    return descriptorOf(name, await this.models.resolve(name, selector, true));
  }

  async predict(name: string, selector: VersionSelector, body: unknown): Promise<PredictResponse> {
    const request = parseOrThrow(predictBodySchema, body, 'predict request');
    const model = await this.describe(name, selector);
    const inputs = decodeNamedInputs(
      request.rows !== undefined ? { rows: request.rows } : { inputs: request.inputs },
      model.signature,
    );
    const outputs = await this.engine.infer(model, inputs, 'predict', request.outputs);
    return {
      model: model.name,
      version: model.version,
      outputs: Object.fromEntries(
        Object.entries(outputs).map(([key, tensor]) => [key, toNestedArray(tensor)]),
      ),
    };
  }

  async oipInfer(
    name: string,
    selector: VersionSelector,
    body: unknown,
  ): Promise<OipInferResponse> {
    const request = parseOrThrow(oipInferSchema, body, 'inference request');
    const model = await this.describe(name, selector);
    const inputs = decodeOipRequestInputs(request.inputs, model.signature);
    const outputNames = request.outputs?.map((o) => o.name);
    const outputs = await this.engine.infer(model, inputs, 'oip', outputNames);
    return {
      model_name: model.name,
      model_version: String(model.version),
      ...(request.id !== undefined && { id: request.id }),
      outputs: Object.entries(outputs).map(([key, tensor]) => encodeOipOutput(key, tensor)),
    };
  }

  ready(model: ModelDescriptor): Promise<boolean> {
    return this.engine.ready(model);
  }
}
