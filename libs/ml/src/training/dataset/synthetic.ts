import { seededRandom } from '../../onnx';
import type { TabularDataset } from './types';

export interface SyntheticClassificationOptions {
  rows: number;
  /** At least 2. Columns are named x1..xF. */
  features: number;
  seed: number;
  /**
   * 'linear': label 1 when x·w + b > 0 for seeded w, b (a logistic regression can learn it);
   * 'xor': label 1 when x1 and x2 have the same sign (it needs a nonlinear model).
   */
  kind?: 'linear' | 'xor';
  /** Probability of flipping each label; 0 by default. */
  labelNoise?: number;
  /** Target column name; 'label' by default. Its values are the numbers 0 and 1. */
  target?: string;
}

/**
 * A reproducible labelled dataset with features uniform in [-2, 2), for tests, demos and the
 * traffic simulator: the same options always give the same rows.
 */
export function syntheticClassification(options: SyntheticClassificationOptions): TabularDataset {
  const { rows, features, seed, kind = 'linear', labelNoise = 0, target = 'label' } = options;
  const random = seededRandom(seed);
  const weights = Array.from({ length: features }, () => random() * 4 - 2);
  const bias = random() - 0.5;
  const data = Array.from({ length: rows }, () => {
    const x = Array.from({ length: features }, () => random() * 4 - 2);
    const positive =
      kind === 'xor' ? x[0] * x[1] > 0 : x.reduce((sum, v, j) => sum + v * weights[j], bias) > 0;
    const flip = random() < labelNoise;
    return [...x, positive !== flip ? 1 : 0];
  });
  return { columns: columnsFor(features, target), rows: data };
}

export interface SyntheticRegressionOptions {
  rows: number;
  /** True coefficients; one feature (x1..xF) per weight. */
  weights: readonly number[];
  bias: number;
  /** Standard deviation of the Gaussian noise added to the target; 0 by default. */
  noise?: number;
  seed: number;
  /** Target column name; 'y' by default. */
  target?: string;
}

/** y = x·weights + bias + noise, with features uniform in [-2, 2). */
export function syntheticRegression(options: SyntheticRegressionOptions): TabularDataset {
  const { rows, weights, bias, noise = 0, seed, target = 'y' } = options;
  const random = seededRandom(seed);
  const data = Array.from({ length: rows }, () => {
    const x = weights.map(() => random() * 4 - 2);
    const y = x.reduce((sum, v, j) => sum + v * weights[j], bias) + noise * gaussian(random);
    return [...x, y];
  });
  return { columns: columnsFor(weights.length, target), rows: data };
}

function columnsFor(features: number, target: string): TabularDataset['columns'] {
  return [
    ...Array.from({ length: features }, (_, j) => ({ name: `x${j + 1}`, type: 'number' as const })),
    { name: target, type: 'number' },
  ];
}

/** A standard normal draw (Box-Muller). */
function gaussian(random: () => number): number {
  const u = 1 - random(); // in (0, 1], so the log is finite
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
