import { TrainingInputError } from '../errors';
import type { DatasetValue, LearningTask, TabularDataset, XYData } from './types';

export interface ToXYOptions {
  /** Feature columns, in order; by default every column but the target, in dataset order. */
  features?: readonly string[];
  /**
   * Classification: the class names to map target values to (a trained model's, when
   * evaluating it on another dataset); a value outside them is an error. By default the distinct
   * target values, sorted (numerically for a number column), become classes 0..C-1.
   */
  classes?: readonly string[];
}

/**
 * Turns a dataset into numeric features and a target. Only numeric features are supported: a
 * text feature column is refused (naming the column), as are missing feature or target values
 * (naming the row, 1-based, and the column). Throws a TrainingInputError on every such problem.
 */
export function toXY(
  dataset: TabularDataset,
  target: string,
  task: LearningTask,
  options: ToXYOptions = {},
): XYData {
  const names = dataset.columns.map((column) => column.name);
  const available = (): string => names.map((name) => `'${name}'`).join(', ') || '(none)';
  const targetIndex = names.indexOf(target);
  if (targetIndex < 0) {
    throw new TrainingInputError(
      `target column '${target}' is not in the dataset; available columns: ${available()}`,
      { column: target, available: names },
    );
  }
  const features = options.features ?? names.filter((name) => name !== target);
  const featureIndices = features.map((name) => {
    const index = names.indexOf(name);
    if (index < 0) {
      throw new TrainingInputError(
        `feature column '${name}' is not in the dataset; available columns: ${available()}`,
        { column: name, available: names },
      );
    }
    if (index === targetIndex) {
      throw new TrainingInputError(`column '${name}' cannot be both the target and a feature`);
    }
    return index;
  });
  if (features.length === 0) {
    throw new TrainingInputError(
      `the dataset has no feature columns besides the target '${target}'`,
    );
  }
  if (dataset.rows.length === 0) {
    throw new TrainingInputError('the dataset is empty: it has no rows');
  }
  const x = dataset.rows.map((row, i) =>
    featureIndices.map((j) => numericCell(row[j], i, names[j], 'feature')),
  );
  const targets = dataset.rows.map((row) => row[targetIndex]);
  if (task === 'regression') {
    const y = targets.map((value, i) => numericCell(value, i, target, 'target'));
    return { task, features: [...features], x, y };
  }
  const { y, classes } = classIndices(targets, target, options.classes);
  return { task, features: [...features], x, y, classes };
}

/** The samples at `indices` (such as one side of a split), in that order. */
export function selectRows(data: XYData, indices: readonly number[]): XYData {
  return { ...data, x: indices.map((i) => data.x[i]), y: indices.map((i) => data.y[i]) };
}

function numericCell(
  value: DatasetValue,
  index: number,
  column: string,
  role: 'feature' | 'target',
): number {
  const where = `row ${index + 1}, ${role} column '${column}'`;
  if (value === null) {
    throw new TrainingInputError(`${where}: the value is missing; fill it in or drop the row`, {
      row: index + 1,
      column,
    });
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    const hint =
      role === 'feature' ? '; only numeric features are supported, drop or encode it' : '';
    throw new TrainingInputError(`${where}: '${value}' is not a number${hint}`, {
      row: index + 1,
      column,
    });
  }
  return value;
}

function classIndices(
  targets: readonly DatasetValue[],
  column: string,
  given: readonly string[] | undefined,
): { y: number[]; classes: string[] } {
  const texts = targets.map((value, i) => {
    if (value === null) {
      throw new TrainingInputError(
        `row ${i + 1}, target column '${column}': the label is missing`,
        {
          row: i + 1,
          column,
        },
      );
    }
    return String(value);
  });
  const classes = given ? [...given] : sortedClasses(targets);
  const index = new Map(classes.map((name, i) => [name, i]));
  const y = texts.map((text, i) => {
    const label = index.get(text);
    if (label === undefined) {
      throw new TrainingInputError(
        `row ${i + 1}, target column '${column}': '${text}' is not one of the classes ${classes.join(', ')}`,
        { row: i + 1, column },
      );
    }
    return label;
  });
  return { y, classes };
}

/** Distinct values in order: numeric when all are numbers, else by code point. */
function sortedClasses(targets: readonly DatasetValue[]): string[] {
  const distinct = [...new Set(targets)].filter((value) => value !== null);
  const numbers = distinct.filter((value) => typeof value === 'number');
  if (numbers.length === distinct.length) return numbers.sort((a, b) => a - b).map(String);
  return distinct.map(String).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
