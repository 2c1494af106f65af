export type LearningTask = 'classification' | 'regression';

export type ColumnType = 'number' | 'string';

export interface DatasetColumn {
  name: string;
  type: ColumnType;
}

/** A cell: a number in a 'number' column, a string in a 'string' one, null when missing. */
export type DatasetValue = number | string | null;

/** A table with typed columns; every row has one value per column, in column order. */
export interface TabularDataset {
  columns: DatasetColumn[];
  rows: DatasetValue[][];
}

/** A dataset turned into a numeric design matrix and target, ready for a trainer. */
export interface XYData {
  task: LearningTask;
  /** Feature column names, in the order of `x`'s columns. */
  features: string[];
  /** One row of feature values per sample. */
  x: number[][];
  /** Class indices (classification) or target values (regression). */
  y: number[];
  /** Classification only: class names by index (label i is `classes[i]`). */
  classes?: string[];
}
