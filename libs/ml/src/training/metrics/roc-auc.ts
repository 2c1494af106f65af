import { TrainingInputError } from '../errors';
import { checkFinite, checkLabels, checkPaired } from './validate';

/**
 * ROC AUC from scores, through the rank (Mann-Whitney U) formulation:
 *   AUC = (sum of the positives' ranks - nPos(nPos+1)/2) / (nPos * nNeg)
 * with tied scores sharing their average rank. This is exactly the probability that a random
 * positive scores above a random negative, a tie counting one half: what scikit-learn's
 * trapezoidal `roc_auc_score` gives, ties included.
 *
 * - Binary: `scores` are the positive class's (class 1), one per sample, or rows of per-class
 *   scores with 2 columns (column 1 is used).
 * - Multiclass (rows with C > 2 columns): macro one-vs-rest, the unweighted mean of each class's
 *   AUC against the rest, over the classes whose AUC is defined.
 * - Undefined is `null`: when only one class occurs in `yTrue` (binary), or no class has both
 *   positives and negatives (multiclass). Empty or mismatched input throws.
 */
export function rocAuc(
  yTrue: readonly number[],
  scores: readonly number[] | readonly (readonly number[])[],
): number | null {
  checkPaired('rocAuc', yTrue, scores);
  const rows = scores.filter((s): s is readonly number[] => Array.isArray(s));
  if (rows.length === 0) {
    const flat = scores as readonly number[];
    checkLabels('rocAuc', 'yTrue', yTrue, 2);
    checkFinite('rocAuc', 'scores', flat);
    return binaryRocAuc(
      yTrue.map((label) => label === 1),
      flat,
    );
  }
  if (rows.length !== scores.length) {
    throw new TrainingInputError('rocAuc: scores must be all numbers or all rows, not a mix');
  }
  const classCount = rows[0].length;
  if (classCount < 2) {
    throw new TrainingInputError(`rocAuc: score rows need one score per class (at least 2)`);
  }
  const bad = rows.findIndex((row) => row.length !== classCount);
  if (bad >= 0) {
    throw new TrainingInputError(
      `rocAuc: score row ${bad} has ${rows[bad].length} scores, row 0 has ${classCount}`,
    );
  }
  checkLabels('rocAuc', 'yTrue', yTrue, classCount);
  rows.forEach((row, i) => checkFinite('rocAuc', `scores[${i}]`, row));
  const column = (c: number): number[] => rows.map((row) => row[c]);
  if (classCount === 2)
    return binaryRocAuc(
      yTrue.map((label) => label === 1),
      column(1),
    );
  const perClass = Array.from({ length: classCount }, (_, c) =>
    binaryRocAuc(
      yTrue.map((label) => label === c),
      column(c),
    ),
  ).filter((auc): auc is number => auc !== null);
  if (perClass.length === 0) return null;
  return perClass.reduce((sum, auc) => sum + auc, 0) / perClass.length;
}

/** AUC of `scores` for telling `positive` samples from the others; null without both kinds. */
export function binaryRocAuc(
  positive: readonly boolean[],
  scores: readonly number[],
): number | null {
  const ranks = averageRanks(scores);
  let positives = 0;
  let rankSum = 0;
  positive.forEach((isPositive, i) => {
    if (isPositive) {
      positives++;
      rankSum += ranks[i];
    }
  });
  const negatives = positive.length - positives;
  if (positives === 0 || negatives === 0) return null;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** 1-based ranks in ascending order; tied values all get the mean of the ranks they span. */
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Array<number>(values.length);
  let start = 0;
  while (start < order.length) {
    let end = start + 1;
    while (end < order.length && values[order[end]] === values[order[start]]) end++;
    // positions start..end-1 hold ranks start+1..end, whose mean is (start + 1 + end) / 2
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k]] = rank;
    start = end;
  }
  return ranks;
}
