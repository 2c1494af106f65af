import { checkFinite, checkPaired } from './validate';

/**
 * Regression metrics, as scikit-learn computes them. Empty input, mismatched lengths and
 * non-finite values throw a TrainingInputError.
 */
export interface RegressionMetrics {
  rmse: number;
  mae: number;
  r2: number;
}

export function rmse(yTrue: readonly number[], yPred: readonly number[]): number {
  check('rmse', yTrue, yPred);
  return Math.sqrt(mean(yTrue.map((y, i) => (y - yPred[i]) ** 2)));
}

export function mae(yTrue: readonly number[], yPred: readonly number[]): number {
  check('mae', yTrue, yPred);
  return mean(yTrue.map((y, i) => Math.abs(y - yPred[i])));
}

/**
 * Coefficient of determination, 1 - SS_res / SS_tot. It can be negative (worse than predicting
 * the mean). When `yTrue` is constant SS_tot is 0 and the ratio undefined; like scikit-learn
 * (`force_finite=True`) the result is then 1 for a perfect prediction and 0 otherwise.
 */
export function r2(yTrue: readonly number[], yPred: readonly number[]): number {
  check('r2', yTrue, yPred);
  const average = mean(yTrue);
  const residual = yTrue.reduce((sum, y, i) => sum + (y - yPred[i]) ** 2, 0);
  const total = yTrue.reduce((sum, y) => sum + (y - average) ** 2, 0);
  if (total === 0) return residual === 0 ? 1 : 0;
  return 1 - residual / total;
}

export function regressionMetrics(
  yTrue: readonly number[],
  yPred: readonly number[],
): RegressionMetrics {
  return { rmse: rmse(yTrue, yPred), mae: mae(yTrue, yPred), r2: r2(yTrue, yPred) };
}

function check(name: string, yTrue: readonly number[], yPred: readonly number[]): void {
  checkPaired(name, yTrue, yPred);
  checkFinite(name, 'yTrue', yTrue);
  checkFinite(name, 'yPred', yPred);
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}
