import { Injectable } from '@nestjs/common';
import {
  InferenceEngine,
  classificationMetrics,
  decodeNamedInputs,
  regressionMetrics,
  toNestedArray,
  type LearningTask,
  type ModelDescriptor,
} from '@mlserve/ml';

const CHUNK = 1000;

export interface Scores {
  /** Predicted class index or value per row. */
  predictions: number[];
  /** Class probabilities per row (classification). */
  probabilities: number[][];
}

/**
 * Runs a registered version on feature rows through the serving engine, so a version is judged
 * by exactly what it serves, and computes the task's metrics.
 */
@Injectable()
export class VersionScorer {
  constructor(private readonly engine: InferenceEngine) {}

  async score(
    model: ModelDescriptor,
    x: readonly (readonly number[])[],
    task: LearningTask,
  ): Promise<Scores> {
    const predictions: number[] = [];
    const probabilities: number[][] = [];
    for (let start = 0; start < x.length; start += CHUNK) {
      const rows = x.slice(start, start + CHUNK);
      const outputs = await this.engine.infer(
        model,
        decodeNamedInputs({ rows }, model.signature),
        'job',
      );
      if (task === 'classification') {
        const probs = toNestedArray(outputs.probabilities) as number[][];
        probabilities.push(...probs);
        predictions.push(...probs.map(argmax));
      } else {
        const values = toNestedArray(outputs.prediction ?? Object.values(outputs)[0]) as number[][];
        predictions.push(...values.map((v) => (Array.isArray(v) ? v[0] : v)));
      }
    }
    return { predictions, probabilities };
  }

  async metrics(
    model: ModelDescriptor,
    x: readonly (readonly number[])[],
    y: readonly number[],
    task: LearningTask,
    classCount: number,
  ): Promise<Record<string, unknown>> {
    const scores = await this.score(model, x, task);
    return task === 'classification'
      ? { ...classificationMetrics(y, scores.predictions, scores.probabilities, classCount) }
      : { ...regressionMetrics(y, scores.predictions) };
  }
}

function argmax(row: readonly number[]): number {
  let best = 0;
  row.forEach((v, i) => {
    if (v > row[best]) best = i;
  });
  return best;
}
