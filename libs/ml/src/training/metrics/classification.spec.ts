import { describe, expect, it } from '@jest/globals';
import { TrainingInputError } from '../errors';
import { accuracy, confusionMatrix, f1, precision, recall } from './classification';
import { classificationMetrics } from './classification-metrics';

describe('binary classification metrics (positive class 1)', () => {
  // tp = 3 (0, 3, 6), fp = 2 (1, 4), fn = 1 (2), tn = 2 (5, 7)
  const yTrue = [1, 0, 1, 1, 0, 0, 1, 0];
  const yPred = [1, 1, 0, 1, 1, 0, 1, 0];

  it('matches hand-computed counts', () => {
    expect(accuracy(yTrue, yPred)).toBeCloseTo(5 / 8, 12);
    expect(precision(yTrue, yPred)).toBeCloseTo(3 / 5, 12);
    expect(recall(yTrue, yPred)).toBeCloseTo(3 / 4, 12);
    expect(f1(yTrue, yPred)).toBeCloseTo(6 / 9, 12); // 2tp / (2tp + fp + fn)
    expect(confusionMatrix(yTrue, yPred, 2)).toEqual([
      [2, 2],
      [1, 3],
    ]);
  });

  it('is not symmetric in its arguments (precision and recall swap)', () => {
    expect(precision(yPred, yTrue)).toBeCloseTo(3 / 4, 12);
    expect(recall(yPred, yTrue)).toBeCloseTo(3 / 5, 12);
  });

  it('counts an undefined ratio as 0 (zero_division=0)', () => {
    // no predicted positives: precision 0/0 -> 0
    expect(precision([1, 1, 0], [0, 0, 0])).toBe(0);
    expect(recall([1, 1, 0], [0, 0, 0])).toBe(0);
    expect(f1([1, 1, 0], [0, 0, 0])).toBe(0);
    // no actual positives: recall 0/0 -> 0, although every prediction is right
    expect(accuracy([0, 0, 0], [0, 0, 0])).toBe(1);
    expect(recall([0, 0, 0], [0, 0, 0])).toBe(0);
    expect(precision([0, 0, 0], [0, 0, 0])).toBe(0);
  });
});

describe('multiclass classification metrics (macro average)', () => {
  const yTrue = [0, 0, 1, 1, 2, 2];
  const yPred = [0, 1, 1, 1, 2, 0];
  // class 0: tp 1, fp 1, fn 1 -> P 1/2, R 1/2, F1 1/2
  // class 1: tp 2, fp 1, fn 0 -> P 2/3, R 1,   F1 4/5
  // class 2: tp 1, fp 0, fn 1 -> P 1,   R 1/2, F1 2/3
  const macroP = (1 / 2 + 2 / 3 + 1) / 3;
  const macroR = (1 / 2 + 1 + 1 / 2) / 3;
  const macroF1 = (1 / 2 + 4 / 5 + 2 / 3) / 3;

  it('averages per-class values without weights', () => {
    expect(accuracy(yTrue, yPred)).toBeCloseTo(4 / 6, 12);
    expect(precision(yTrue, yPred)).toBeCloseTo(macroP, 12);
    expect(recall(yTrue, yPred)).toBeCloseTo(macroR, 12);
    // the mean of per-class F1s, not the F1 of the macro precision and recall
    expect(f1(yTrue, yPred)).toBeCloseTo(macroF1, 12);
    expect(f1(yTrue, yPred)).not.toBeCloseTo((2 * macroP * macroR) / (macroP + macroR), 4);
  });

  it('leaves out classes that occur in neither labels nor predictions', () => {
    expect(precision(yTrue, yPred, 4)).toBeCloseTo(macroP, 12);
    expect(confusionMatrix(yTrue, yPred, 4)).toEqual([
      [1, 1, 0, 0],
      [0, 2, 0, 0],
      [1, 0, 1, 0],
      [0, 0, 0, 0],
    ]);
  });

  it('gathers everything in classificationMetrics', () => {
    const scores = yPred.map((p) => [0, 1, 2].map((c) => (c === p ? 0.8 : 0.1)));
    const metrics = classificationMetrics(yTrue, yPred, scores, 3);
    expect(metrics).toMatchObject({ support: [2, 2, 2], average: 'macro' });
    expect(metrics.accuracy).toBeCloseTo(4 / 6, 12);
    expect(metrics.f1).toBeCloseTo(macroF1, 12);
    expect(metrics.confusionMatrix).toEqual([
      [1, 1, 0],
      [0, 2, 0],
      [1, 0, 1],
    ]);
    expect(metrics.rocAuc).toBeGreaterThan(0.5);
  });
});

describe('classificationMetrics degenerate cases', () => {
  it('gives a null AUC and zero recall when only one class is present', () => {
    const metrics = classificationMetrics(
      [0, 0, 0],
      [0, 1, 0],
      [
        [0.9, 0.1],
        [0.4, 0.6],
        [0.8, 0.2],
      ],
      2,
    );
    expect(metrics).toMatchObject({
      rocAuc: null,
      recall: 0,
      precision: 0,
      f1: 0,
      support: [3, 0],
    });
    expect(metrics.accuracy).toBeCloseTo(2 / 3, 12);
    expect(metrics.average).toBe('binary');
  });

  it.each([
    ['empty input', () => accuracy([], []), /no samples/],
    ['empty input for all metrics', () => classificationMetrics([], [], [], 2), /no samples/],
    ['mismatched lengths', () => precision([0, 1], [1]), /2 true values but 1 predictions/],
    ['a label outside the classes', () => confusionMatrix([0, 3], [0, 1], 3), /yTrue\[1\] is 3/],
    ['a fractional label', () => recall([0, 1.5], [0, 1]), /yTrue\[1\] is 1.5/],
    ['fewer than 2 classes', () => confusionMatrix([0], [0], 1), /classCount must be/],
    [
      'score rows of the wrong width',
      () => classificationMetrics([0, 1], [0, 1], [[1, 0], [0]], 2),
      /score row 1 has 1 scores for 2 classes/,
    ],
  ])('throws a TrainingInputError on %s', (_, call, message) => {
    expect(call).toThrow(TrainingInputError);
    expect(call).toThrow(message);
  });
});
