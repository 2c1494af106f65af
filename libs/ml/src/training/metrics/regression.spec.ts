import { describe, expect, it } from '@jest/globals';
import { TrainingInputError } from '../errors';
import { mae, r2, regressionMetrics, rmse } from './regression';

describe('regression metrics', () => {
  // scikit-learn's documentation example: MAE 0.5, MSE 0.375, R² 0.9486081370449679
  const yTrue = [3, -0.5, 2, 7];
  const yPred = [2.5, 0, 2, 8];

  it('matches hand-computed values', () => {
    expect(mae(yTrue, yPred)).toBeCloseTo(0.5, 12);
    expect(rmse(yTrue, yPred)).toBeCloseTo(Math.sqrt(0.375), 12);
    expect(r2(yTrue, yPred)).toBeCloseTo(0.9486081370449679, 12);
    expect(regressionMetrics(yTrue, yPred)).toEqual({
      rmse: rmse(yTrue, yPred),
      mae: 0.5,
      r2: r2(yTrue, yPred),
    });
  });

  it('lets R² go negative for a model worse than the mean', () => {
    // SS_res = 8, SS_tot = 2
    expect(r2([1, 2, 3], [3, 2, 1])).toBeCloseTo(-3, 12);
  });

  it('defines R² on a constant target like scikit-learn: 1 if perfect, else 0', () => {
    expect(r2([4, 4, 4], [4, 4, 4])).toBe(1);
    expect(r2([4, 4, 4], [4, 5, 4])).toBe(0);
    expect(r2([4], [4])).toBe(1);
  });

  it.each([
    ['empty input', () => rmse([], []), /no samples/],
    ['empty input for all metrics', () => regressionMetrics([], []), /no samples/],
    ['mismatched lengths', () => mae([1, 2], [1]), /2 true values but 1 predictions/],
    ['a NaN prediction', () => r2([1, 2], [1, NaN]), /yPred\[1\] is NaN/],
  ])('throws a TrainingInputError on %s', (_, call, message) => {
    expect(call).toThrow(TrainingInputError);
    expect(call).toThrow(message);
  });
});
