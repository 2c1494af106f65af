import { TrainingInputError } from '../errors';
import { accuracy, averageKind, confusionMatrix, f1, precision, recall } from './classification';
import { rocAuc } from './roc-auc';
import { checkClassCount } from './validate';

export interface ClassificationMetrics {
  accuracy: number;
  /** Binary (positive class 1) with 2 classes, macro average with more; see `average`. */
  precision: number;
  recall: number;
  f1: number;
  /** null when undefined: a single class in `yTrue`. */
  rocAuc: number | null;
  /** `confusionMatrix[true][predicted]`, classCount x classCount. */
  confusionMatrix: number[][];
  /** Samples per true class, by class index. */
  support: number[];
  average: 'binary' | 'macro';
}

/**
 * All classification metrics at once. `scores` holds one row of class scores (probabilities)
 * per sample, `classCount` columns wide; ROC AUC is computed from them, the other metrics from
 * `yPred`. The conventions are those of `./classification` and `./roc-auc`.
 */
export function classificationMetrics(
  yTrue: readonly number[],
  yPred: readonly number[],
  scores: readonly (readonly number[])[],
  classCount: number,
): ClassificationMetrics {
  checkClassCount('classificationMetrics', classCount);
  const matrix = confusionMatrix(yTrue, yPred, classCount);
  if (scores.length !== yTrue.length) {
    throw new TrainingInputError(
      `classificationMetrics: ${yTrue.length} labels but ${scores.length} score rows`,
    );
  }
  const narrow = scores.findIndex((row) => row.length !== classCount);
  if (narrow >= 0) {
    throw new TrainingInputError(
      `classificationMetrics: score row ${narrow} has ${scores[narrow].length} scores for ${classCount} classes`,
    );
  }
  return {
    accuracy: accuracy(yTrue, yPred),
    precision: precision(yTrue, yPred, classCount),
    recall: recall(yTrue, yPred, classCount),
    f1: f1(yTrue, yPred, classCount),
    rocAuc: rocAuc(yTrue, scores),
    confusionMatrix: matrix,
    support: matrix.map((row) => row.reduce((sum, value) => sum + value, 0)),
    average: averageKind(classCount),
  };
}
