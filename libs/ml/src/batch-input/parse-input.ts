import { parse } from 'csv-parse/sync';
import { NonRetryableJobError } from '@mlserve/contracts';

/** Rows for a single-input model, or records keyed by input name. */
export type BatchRecords =
  { kind: 'rows'; rows: unknown[] } | { kind: 'named'; records: Record<string, unknown>[] };

/** A CSV with a header row; every column is a feature, in order (numbers are parsed). */
export function parseCsv(content: Uint8Array): BatchRecords {
  let rows: unknown[][];
  try {
    rows = parse(Buffer.from(content), {
      from_line: 2,
      cast: true,
      skip_empty_lines: true,
      trim: true,
    });
  } catch (error) {
    throw new NonRetryableJobError(`input CSV is malformed: ${(error as Error).message}`);
  }
  if (rows.length === 0) throw new NonRetryableJobError('input CSV has a header but no rows');
  return { kind: 'rows', rows };
}

/** JSON Lines: each line an array (a row) or an object keyed by input name; not a mix. */
export function parseJsonl(content: Uint8Array): BatchRecords {
  const lines = Buffer.from(content).toString('utf8').split('\n');
  const values: unknown[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      values.push(JSON.parse(line));
    } catch {
      throw new NonRetryableJobError(`input JSONL line ${index + 1} is not valid JSON`);
    }
  });
  if (values.length === 0) throw new NonRetryableJobError('input JSONL has no lines');
  if (values.every(Array.isArray)) return { kind: 'rows', rows: values };
  if (values.every(isRecord)) return { kind: 'named', records: values };
  throw new NonRetryableJobError(
    'input JSONL lines must all be arrays (rows) or all objects (named inputs)',
  );
}

export function parseBatchFile(content: Uint8Array, format: 'csv' | 'jsonl'): BatchRecords {
  return format === 'csv' ? parseCsv(content) : parseJsonl(content);
}

/** Inline `inputs`: named nested arrays whose first dimension is the row. */
export function recordsFromNamedArrays(inputs: Record<string, unknown>): BatchRecords {
  const names = Object.keys(inputs);
  const columns = names.map((name): unknown[] => {
    const value: unknown = inputs[name];
    if (!Array.isArray(value))
      throw new NonRetryableJobError(`input '${name}' must be an array of rows`);
    return value;
  });
  const count = columns[0]?.length ?? 0;
  if (columns.some((c) => c.length !== count)) {
    throw new NonRetryableJobError(`inputs ${names.join(', ')} must have the same number of rows`);
  }
  const records = Array.from({ length: count }, (_, i) =>
    Object.fromEntries(names.map((name, k) => [name, columns[k][i]])),
  );
  return { kind: 'named', records };
}

export const recordCount = (records: BatchRecords): number =>
  records.kind === 'rows' ? records.rows.length : records.records.length;

/** The simple-API body for rows [start, end): `{rows}` or `{inputs: {name: rows}}`. */
export function chunkBody(
  records: BatchRecords,
  start: number,
  end: number,
): Record<string, unknown> {
  if (records.kind === 'rows') return { rows: records.rows.slice(start, end) };
  const chunk = records.records.slice(start, end);
  const names = Object.keys(chunk[0] ?? {});
  return { inputs: Object.fromEntries(names.map((name) => [name, chunk.map((r) => r[name])])) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
