import type { XYData } from '../dataset/types';
import { TrainingInputError } from '../errors';
import type { Algorithm } from './types';

const TASK_OF: Readonly<Record<Algorithm, XYData['task'] | undefined>> = {
  logistic_regression: 'classification',
  linear_regression: 'regression',
  mlp: undefined,
};

/** Refuses data a trainer cannot learn from, naming what is wrong. */
export function checkTrainingData(algorithm: Algorithm, data: XYData): void {
  const task = TASK_OF[algorithm];
  if (task !== undefined && data.task !== task) {
    throw new TrainingInputError(`${algorithm} is for ${task}, not ${data.task}`);
  }
  if (data.x.length === 0)
    throw new TrainingInputError('the training data is empty: it has no rows');
  if (data.y.length !== data.x.length) {
    throw new TrainingInputError(`${data.x.length} feature rows but ${data.y.length} targets`);
  }
  const width = data.features.length;
  if (width === 0) throw new TrainingInputError('the training data has no features');
  data.x.forEach((row, i) => {
    if (row.length !== width) {
      throw new TrainingInputError(`row ${i + 1} has ${row.length} values for ${width} features`);
    }
    const j = row.findIndex((value) => !Number.isFinite(value));
    if (j >= 0) {
      throw new TrainingInputError(
        `row ${i + 1}, feature '${data.features[j]}': ${row[j]} is not a number`,
      );
    }
  });
  if (data.task === 'regression') {
    const i = data.y.findIndex((value) => !Number.isFinite(value));
    if (i >= 0) throw new TrainingInputError(`row ${i + 1}: target ${data.y[i]} is not a number`);
    return;
  }
  const classes = data.classes ?? [];
  if (classes.length < 2) {
    throw new TrainingInputError(`a classifier needs at least 2 classes, got ${classes.length}`);
  }
  const i = data.y.findIndex(
    (label) => !Number.isInteger(label) || label < 0 || label >= classes.length,
  );
  if (i >= 0) throw new TrainingInputError(`row ${i + 1}: label ${data.y[i]} is not a class index`);
  if (data.y.every((label) => label === data.y[0])) {
    throw new TrainingInputError(
      `the training data has only one class ('${classes[data.y[0]]}'); a classifier needs examples of at least two`,
    );
  }
}
