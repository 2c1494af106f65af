import { TrainingInputError } from '../errors';

export const CLASSIFICATION_METRICS = ['accuracy', 'precision', 'recall', 'f1', 'rocAuc'] as const;
export const REGRESSION_METRICS = ['rmse', 'mae', 'r2'] as const;

export type ClassificationMetricName = (typeof CLASSIFICATION_METRICS)[number];
export type RegressionMetricName = (typeof REGRESSION_METRICS)[number];
export type MetricName = ClassificationMetricName | RegressionMetricName;

/** Which way is better for each metric. */
export const METRIC_DIRECTION: Readonly<Record<MetricName, 'higher' | 'lower'>> = {
  accuracy: 'higher',
  precision: 'higher',
  recall: 'higher',
  f1: 'higher',
  rocAuc: 'higher',
  r2: 'higher',
  rmse: 'lower',
  mae: 'lower',
};

export function isMetricName(value: unknown): value is MetricName {
  return typeof value === 'string' && Object.hasOwn(METRIC_DIRECTION, value);
}

/** The scalar metrics a task reports, for validating a promotion policy against a model. */
export function metricsForTask(task: 'classification' | 'regression'): readonly MetricName[] {
  return task === 'classification' ? CLASSIFICATION_METRICS : REGRESSION_METRICS;
}

export interface MetricComparison {
  metric: MetricName;
  direction: 'higher' | 'lower';
  /**
   * How much better the candidate is, in the metric's units: candidate - current for
   * higher-is-better metrics, current - candidate for lower-is-better ones. Negative when worse;
   * null when either value is null (an undefined metric, such as AUC on one class).
   */
  gain: number | null;
  /** gain > 0 and gain >= minGain: a tie never wins, and an unknown gain never does. */
  beats: boolean;
}

export function compareMetric(
  metric: MetricName,
  candidate: number | null,
  current: number | null,
  minGain = 0,
): MetricComparison {
  if (!isMetricName(metric)) throw new TrainingInputError(`unknown metric '${String(metric)}'`);
  if (!Number.isFinite(minGain) || minGain < 0) {
    throw new TrainingInputError(`minGain must be a finite number >= 0, got ${minGain}`);
  }
  const direction = METRIC_DIRECTION[metric];
  if (candidate === null || current === null)
    return { metric, direction, gain: null, beats: false };
  const gain = direction === 'higher' ? candidate - current : current - candidate;
  return { metric, direction, gain, beats: gain > 0 && gain >= minGain };
}
