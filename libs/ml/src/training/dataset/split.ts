import { seededRandom } from '../../onnx';
import { TrainingInputError } from '../errors';

export interface Split {
  /** Row indices, ascending. */
  train: number[];
  test: number[];
}

/**
 * A reproducible random train/test split of `n` rows: the same (n, testFraction, seed) always
 * gives the same indices. The test side gets round(n * testFraction) rows, but at least one and
 * leaving at least one for training.
 */
export function seededSplit(n: number, testFraction: number, seed: number): Split {
  if (!Number.isInteger(n) || n < 2) {
    throw new TrainingInputError(`a train/test split needs at least 2 rows, got ${n}`);
  }
  if (!(testFraction > 0 && testFraction < 1)) {
    throw new TrainingInputError(
      `testFraction must be between 0 and 1 (exclusive), got ${testFraction}`,
    );
  }
  if (!Number.isInteger(seed)) throw new TrainingInputError(`seed must be an integer, got ${seed}`);
  const order = seededPermutation(n, seed);
  const testCount = Math.min(n - 1, Math.max(1, Math.round(n * testFraction)));
  const ascending = (a: number, b: number): number => a - b;
  return {
    train: order.slice(testCount).sort(ascending),
    test: order.slice(0, testCount).sort(ascending),
  };
}

/** 0..n-1 shuffled by Fisher-Yates with a seeded generator (or `random`, to continue one). */
export function seededPermutation(n: number, seed: number | (() => number)): number[] {
  const random = typeof seed === 'number' ? seededRandom(seed) : seed;
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}
