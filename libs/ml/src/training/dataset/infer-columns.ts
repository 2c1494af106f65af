import { TrainingInputError } from '../errors';
import type { ColumnType, DatasetValue, TabularDataset } from './types';

/** A decimal number as text: "3", "-0.5", ".5", "1e-3". Not hex, "Infinity" or "NaN". */
const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Types the columns of parsed records and converts their values. A column is 'number' when every
 * present value is a finite number or a decimal number as text, else 'string' (numbers in it are
 * kept as their text). Missing values (null, undefined, empty or blank text) become null; a
 * column with none present is 'number'. Booleans are text ("true", "false"), so they can be a
 * class label. Nested objects and arrays are refused. `columnNames` fixes the columns and their
 * order (a CSV header); by default they are the records' keys in order of first appearance.
 * Row numbers in messages start at 1 with the first record.
 */
export function inferColumns(
  records: readonly Readonly<Record<string, unknown>>[],
  columnNames?: readonly string[],
): TabularDataset {
  const names = columnNames ?? [...new Set(records.flatMap((record) => Object.keys(record)))];
  const cells = records.map((record, i) => names.map((name) => cell(record[name], i, name)));
  const types = names.map((_, j): ColumnType =>
    cells.every((row) => isNumeric(row[j])) ? 'number' : 'string',
  );
  const rows = cells.map((row) =>
    row.map((value, j): DatasetValue => {
      if (value === null) return null;
      return types[j] === 'number' ? Number(value) : String(value);
    }),
  );
  return { columns: names.map((name, j) => ({ name, type: types[j] })), rows };
}

/** The dataset as records keyed by column (the JSONL form it is stored in). */
export function datasetRecords(dataset: TabularDataset): Record<string, DatasetValue>[] {
  return dataset.rows.map((row) =>
    Object.fromEntries(dataset.columns.map((column, j) => [column.name, row[j]])),
  );
}

function isNumeric(value: number | string | null): boolean {
  return value === null || typeof value === 'number' || NUMBER_TEXT.test(value);
}

/** A raw value as a number, text, or null when missing. */
function cell(value: unknown, index: number, column: string): number | string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    throw new TrainingInputError(`row ${index + 1}, column '${column}': ${value} is not finite`, {
      row: index + 1,
      column,
    });
  }
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (typeof value === 'boolean') return String(value);
  throw new TrainingInputError(
    `row ${index + 1}, column '${column}': nested ${Array.isArray(value) ? 'arrays' : 'objects'} are not supported`,
    { row: index + 1, column },
  );
}
