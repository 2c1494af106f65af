import { describe, expect, it } from '@jest/globals';
import { TrainingInputError } from '../errors';
import { compareMetric, isMetricName, metricsForTask } from './compare';

describe('compareMetric', () => {
  it('counts a rise as a gain for higher-is-better metrics', () => {
    const result = compareMetric('f1', 0.85, 0.8);
    expect(result).toMatchObject({ metric: 'f1', direction: 'higher', beats: true });
    expect(result.gain).toBeCloseTo(0.05, 12);
    expect(compareMetric('rocAuc', 0.7, 0.8).gain).toBeCloseTo(-0.1, 12);
  });

  it('counts a drop as a gain for lower-is-better metrics', () => {
    const result = compareMetric('rmse', 1.5, 2);
    expect(result).toMatchObject({ direction: 'lower', gain: 0.5, beats: true });
    expect(compareMetric('mae', 2, 1.5)).toMatchObject({ gain: -0.5, beats: false });
  });

  it('requires the minimum gain, and never lets a tie win', () => {
    expect(compareMetric('accuracy', 0.9, 0.9).beats).toBe(false);
    expect(compareMetric('accuracy', 0.91, 0.9, 0.05).beats).toBe(false);
    expect(compareMetric('accuracy', 0.96, 0.9, 0.05).beats).toBe(true);
    expect(compareMetric('r2', 0.5, 0.25, 0.25).beats).toBe(true);
  });

  it('cannot decide with an undefined value', () => {
    expect(compareMetric('rocAuc', null, 0.8)).toMatchObject({ gain: null, beats: false });
    expect(compareMetric('rocAuc', 0.8, null)).toMatchObject({ gain: null, beats: false });
  });

  it('rejects an unknown metric or a negative minimum gain', () => {
    expect(() => compareMetric('auc' as never, 1, 0)).toThrow(TrainingInputError);
    expect(() => compareMetric('f1', 1, 0, -0.1)).toThrow(/minGain/);
  });

  it('lists metric names per task', () => {
    expect(metricsForTask('regression')).toEqual(['rmse', 'mae', 'r2']);
    expect(metricsForTask('classification')).toContain('rocAuc');
    expect(isMetricName('precision')).toBe(true);
    expect(isMetricName('toString')).toBe(false);
  });
});
