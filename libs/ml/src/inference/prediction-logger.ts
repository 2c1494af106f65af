import { Injectable } from '@nestjs/common';
import { PredictionRepository, asJson, type NewPrediction } from '@mlserve/db';
import { toNestedArray, type NestedArray } from '../tensors';
import type { NamedTensors } from '../runtimes/model-runtime';
import type { ModelDescriptor } from './inference-engine';

export type PredictionSource = 'predict' | 'oip' | 'job';

/**
 * Writes sampled predictions to the prediction log, one row per input row, so feedback can be
 * given on each. A request is logged whole or not at all (per the model's logSampleRate).
 */
@Injectable()
export class PredictionLogger {
  constructor(private readonly predictions: PredictionRepository) {}

  shouldLog(model: ModelDescriptor): boolean {
    return model.logSampleRate > 0 && Math.random() < model.logSampleRate;
  }

  /** Logs every row; returns the prediction ids in row order. */
  async log(
    model: ModelDescriptor,
    inputs: NamedTensors,
    outputs: NamedTensors,
    source: PredictionSource,
    routingKey?: string,
  ): Promise<string[]> {
    const inputRows = perRow(inputs);
    const outputRows = perRow(outputs);
    const rows: NewPrediction[] = outputRows.map((output, i) => ({
      modelId: model.modelId,
      versionId: model.id,
      source,
      routingKey,
      input: asJson(singleInput(inputRows[i] ?? {})),
      output: asJson(output),
      ...predicted(model, output),
    }));
    return this.predictions.createMany(rows);
  }
}

/** `{name: tensor}` → one `{name: row i}` object per row (the first dimension). */
function perRow(tensors: NamedTensors): Record<string, NestedArray>[] {
  const nested = Object.entries(tensors).map(([name, t]) => [name, toNestedArray(t)] as const);
  const count = Math.max(0, ...nested.map(([, v]) => (Array.isArray(v) ? v.length : 1)));
  return Array.from({ length: count }, (_, i) =>
    Object.fromEntries(nested.map(([name, v]) => [name, Array.isArray(v) ? v[i] : v])),
  );
}

/** A single-input model's row is logged as the row itself. */
function singleInput(row: Record<string, NestedArray>): unknown {
  const values = Object.values(row);
  return values.length === 1 ? values[0] : row;
}

function predicted(model: ModelDescriptor, output: Record<string, NestedArray>) {
  if (model.task === 'classification' && typeof output.label === 'number') {
    return { predictedLabel: output.label };
  }
  if (model.task === 'regression') {
    const value = output.prediction ?? Object.values(output)[0];
    const scalar = Array.isArray(value) ? value[0] : value;
    if (typeof scalar === 'number') return { predictedValue: scalar };
  }
  return {};
}
