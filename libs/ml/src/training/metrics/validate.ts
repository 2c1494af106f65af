import { TrainingInputError } from '../errors';

/**
 * Input checks shared by the metric functions. Every metric throws a TrainingInputError on empty
 * input or mismatched lengths: a metric of nothing is not 0, and the caller (an evaluation job,
 * the API) should report that the dataset was empty rather than store a misleading number.
 */
export function checkPaired(
  name: string,
  yTrue: readonly unknown[],
  yPred: readonly unknown[],
): void {
  if (yTrue.length === 0) throw new TrainingInputError(`${name}: no samples (empty input)`);
  if (yTrue.length !== yPred.length) {
    throw new TrainingInputError(
      `${name}: ${yTrue.length} true values but ${yPred.length} predictions`,
    );
  }
}

export function checkFinite(name: string, what: string, values: readonly number[]): void {
  const index = values.findIndex((value) => !Number.isFinite(value));
  if (index >= 0) {
    throw new TrainingInputError(`${name}: ${what}[${index}] is ${values[index]}, not a number`);
  }
}

/** Class indices must be integers in [0, classCount), or just >= 0 without a count. */
export function checkLabels(
  name: string,
  what: string,
  labels: readonly number[],
  classCount = Infinity,
): void {
  const index = labels.findIndex(
    (label) => !Number.isInteger(label) || label < 0 || label >= classCount,
  );
  if (index >= 0) {
    const range = classCount === Infinity ? 'an integer >= 0' : `in 0..${classCount - 1}`;
    throw new TrainingInputError(
      `${name}: ${what}[${index}] is ${labels[index]}, not a class index ${range}`,
    );
  }
}

export function checkClassCount(name: string, classCount: number): void {
  if (!Number.isInteger(classCount) || classCount < 2) {
    throw new TrainingInputError(`${name}: classCount must be an integer >= 2, got ${classCount}`);
  }
}

/** Without an explicit count: one more than the largest label seen, and at least 2. */
export function inferClassCount(...labelSets: readonly (readonly number[])[]): number {
  let max = 1;
  for (const labels of labelSets) for (const label of labels) max = Math.max(max, label);
  return Math.floor(max) + 1;
}
