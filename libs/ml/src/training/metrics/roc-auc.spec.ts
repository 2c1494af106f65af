import { describe, expect, it } from '@jest/globals';
import { seededRandom } from '../../onnx';
import { TrainingInputError } from '../errors';
import { averageRanks, rocAuc } from './roc-auc';

/** The definition: P(score of a positive > score of a negative), ties counting 1/2. */
function pairwiseAuc(y: number[], s: number[]): number {
  let wins = 0;
  let pairs = 0;
  y.forEach((yi, i) =>
    y.forEach((yj, j) => {
      if (yi !== 1 || yj !== 0) return;
      pairs++;
      wins += s[i] > s[j] ? 1 : s[i] === s[j] ? 0.5 : 0;
    }),
  );
  return wins / pairs;
}

describe('rocAuc', () => {
  it('matches a hand-computed value without ties', () => {
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(0.75, 12);
  });

  it('counts a tie between a positive and a negative as one half', () => {
    // pairs (pos, neg): (0.5, 0.5) = 1/2, (0.5, 0.2) = 1, (0.9, 0.5) = 1, (0.9, 0.2) = 1
    expect(rocAuc([0, 1, 0, 1], [0.5, 0.5, 0.2, 0.9])).toBeCloseTo(3.5 / 4, 12);
    expect(rocAuc([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5])).toBeCloseTo(0.5, 12);
    expect(rocAuc([1, 1, 0, 0], [0.7, 0.7, 0.7, 0.1])).toBeCloseTo(3 / 4, 12);
  });

  it('agrees with the pairwise definition on random scores full of ties', () => {
    const random = seededRandom(7);
    for (let trial = 0; trial < 20; trial++) {
      const y = Array.from({ length: 40 }, (_, i) => (i < 2 ? i : random() < 0.4 ? 1 : 0));
      const s = y.map(() => Math.round(random() * 5) / 5);
      expect(rocAuc(y, s)).toBeCloseTo(pairwiseAuc(y, s), 12);
    }
  });

  it('is 1 for a perfect ranking, 0 for a reversed one', () => {
    expect(rocAuc([0, 0, 1], [0.1, 0.2, 0.9])).toBe(1);
    expect(rocAuc([0, 0, 1], [0.9, 0.8, 0.1])).toBe(0);
  });

  it('takes rows of class scores, using column 1 for two classes', () => {
    const rows = [0.1, 0.4, 0.35, 0.8].map((p) => [1 - p, p]);
    expect(rocAuc([0, 0, 1, 1], rows)).toBeCloseTo(0.75, 12);
  });

  it('macro-averages one-vs-rest AUCs for more classes', () => {
    const scores = [
      [0.6, 0.3, 0.1],
      [0.2, 0.5, 0.3],
      [0.3, 0.4, 0.3],
      [0.1, 0.2, 0.7],
    ];
    // class 0: 3/4, class 1: 2/3, class 2: 1
    expect(rocAuc([0, 0, 1, 2], scores)).toBeCloseTo((3 / 4 + 2 / 3 + 1) / 3, 12);
    // class 2 never occurs, so its AUC is undefined and left out of the mean
    expect(rocAuc([0, 0, 1, 1], scores)).toBeCloseTo(
      (pairwiseAuc([1, 1, 0, 0], [0.6, 0.2, 0.3, 0.1]) +
        pairwiseAuc([0, 0, 1, 1], [0.3, 0.5, 0.4, 0.2])) /
        2,
      12,
    );
  });

  it('is null when only one class is present', () => {
    expect(rocAuc([1, 1, 1], [0.2, 0.5, 0.9])).toBeNull();
    expect(rocAuc([0], [[0.4, 0.6]])).toBeNull();
    expect(
      rocAuc(
        [2, 2],
        [
          [0.1, 0.2, 0.7],
          [0.3, 0.3, 0.4],
        ],
      ),
    ).toBeNull();
  });

  it.each([
    ['empty input', () => rocAuc([], []), /no samples/],
    ['a non-binary label with flat scores', () => rocAuc([0, 2], [0.1, 0.2]), /yTrue\[1\] is 2/],
    ['a NaN score', () => rocAuc([0, 1], [0.1, NaN]), /scores\[1\] is NaN/],
    ['ragged rows', () => rocAuc([0, 1], [[0.5, 0.5], [1]]), /row 1 has 1 scores/],
  ])('throws a TrainingInputError on %s', (_, call, message) => {
    expect(call).toThrow(TrainingInputError);
    expect(call).toThrow(message);
  });
});

describe('averageRanks', () => {
  it('gives tied values the mean of their ranks', () => {
    expect(averageRanks([0.3, 0.1, 0.3, 0.2, 0.3])).toEqual([4, 1, 4, 2, 4]);
    expect(averageRanks([5, 5])).toEqual([1.5, 1.5]);
    expect(averageRanks([])).toEqual([]);
  });
});
