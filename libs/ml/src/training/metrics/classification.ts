import { checkClassCount, checkLabels, checkPaired, inferClassCount } from './validate';

/**
 * Classification metrics on class indices (0..C-1), following scikit-learn:
 * - with 2 classes, precision, recall and F1 are binary, for the positive class 1;
 * - with more, they are macro averages: the unweighted mean over the classes that occur in
 *   `yTrue` or `yPred` (scikit-learn's default `labels`), so a class absent from both does not
 *   drag the mean down; F1 is the mean of per-class F1s, not the F1 of mean precision and recall;
 * - a ratio whose denominator is 0 (no predicted positives for precision, no actual positives
 *   for recall, neither for F1) counts as 0: scikit-learn's `zero_division=0`.
 * Empty input, mismatched lengths and labels outside 0..C-1 throw a TrainingInputError.
 * `classCount` defaults to one more than the largest label, and at least 2.
 */

/** Rows are true classes, columns predicted ones: `matrix[t][p]` counts samples of t predicted p. */
export function confusionMatrix(
  labels: readonly number[],
  predictions: readonly number[],
  classCount: number,
): number[][] {
  const counted = checkedClassCount('confusionMatrix', labels, predictions, classCount);
  const matrix = Array.from({ length: counted }, () => new Array<number>(counted).fill(0));
  labels.forEach((label, i) => matrix[label][predictions[i]]++);
  return matrix;
}

export function accuracy(yTrue: readonly number[], yPred: readonly number[]): number {
  checkPaired('accuracy', yTrue, yPred);
  const correct = yTrue.reduce((sum, label, i) => sum + (label === yPred[i] ? 1 : 0), 0);
  return correct / yTrue.length;
}

export function precision(
  yTrue: readonly number[],
  yPred: readonly number[],
  classCount?: number,
): number {
  return averaged('precision', yTrue, yPred, classCount, ({ tp, fp }) => ratio(tp, tp + fp));
}

export function recall(
  yTrue: readonly number[],
  yPred: readonly number[],
  classCount?: number,
): number {
  return averaged('recall', yTrue, yPred, classCount, ({ tp, fn }) => ratio(tp, tp + fn));
}

export function f1(
  yTrue: readonly number[],
  yPred: readonly number[],
  classCount?: number,
): number {
  return averaged('f1', yTrue, yPred, classCount, ({ tp, fp, fn }) =>
    ratio(2 * tp, 2 * tp + fp + fn),
  );
}

/** How precision, recall and F1 are averaged for `classCount` classes. */
export function averageKind(classCount: number): 'binary' | 'macro' {
  return classCount === 2 ? 'binary' : 'macro';
}

interface ClassCounts {
  tp: number;
  fp: number;
  fn: number;
}

function averaged(
  name: string,
  yTrue: readonly number[],
  yPred: readonly number[],
  classCount: number | undefined,
  score: (counts: ClassCounts) => number,
): number {
  const matrix = confusionMatrix(yTrue, yPred, checkedClassCount(name, yTrue, yPred, classCount));
  const counts = matrix.map((row, c): ClassCounts & { present: boolean } => {
    const tp = row[c];
    const actual = row.reduce((sum, value) => sum + value, 0);
    const predicted = matrix.reduce((sum, r) => sum + r[c], 0);
    return { tp, fp: predicted - tp, fn: actual - tp, present: actual + predicted > 0 };
  });
  if (averageKind(matrix.length) === 'binary') return score(counts[1]);
  const present = counts.filter((c) => c.present);
  return present.reduce((sum, c) => sum + score(c), 0) / present.length;
}

function checkedClassCount(
  name: string,
  yTrue: readonly number[],
  yPred: readonly number[],
  classCount: number | undefined,
): number {
  checkPaired(name, yTrue, yPred);
  checkLabels(name, 'yTrue', yTrue);
  checkLabels(name, 'yPred', yPred);
  const count = classCount ?? inferClassCount(yTrue, yPred);
  checkClassCount(name, count);
  checkLabels(name, 'yTrue', yTrue, count);
  checkLabels(name, 'yPred', yPred, count);
  return count;
}

/** `zero_division=0`: an undefined ratio counts as 0. */
function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}
