import { parse } from 'csv-parse/sync';
import { TrainingInputError } from '../errors';

export type DatasetFormat = 'csv' | 'tsv' | 'jsonl';

/** Records keyed by column name, and the column names in file order. */
export interface ParsedTable {
  columns: string[];
  records: Record<string, unknown>[];
}

/**
 * Reads an uploaded dataset file. CSV and TSV need a header row naming the columns (values stay
 * strings; `inferColumns` types them); TSV has no quoting. JSONL has one JSON object per line,
 * and its columns are the keys in order of first appearance (a missing key is a missing value).
 * A header with no rows gives columns and no records.
 */
export function parseDatasetFile(content: Uint8Array, format: DatasetFormat): ParsedTable {
  return format === 'jsonl' ? parseJsonlRecords(content) : parseDelimited(content, format);
}

function parseDelimited(content: Uint8Array, format: 'csv' | 'tsv'): ParsedTable {
  let lines: string[][];
  try {
    lines = parse(Buffer.from(content), {
      bom: true,
      delimiter: format === 'tsv' ? '\t' : ',',
      quote: format === 'tsv' ? false : '"',
      skip_empty_lines: true,
      trim: true,
    });
  } catch (error) {
    throw new TrainingInputError(
      `dataset ${format.toUpperCase()} is malformed: ${(error as Error).message}`,
    );
  }
  const [header, ...rows] = lines;
  if (header === undefined) throw new TrainingInputError(`dataset ${format} has no header row`);
  const blank = header.findIndex((name) => name === '');
  if (blank >= 0) throw new TrainingInputError(`dataset header: column ${blank + 1} has no name`);
  const duplicate = header.find((name, i) => header.indexOf(name) !== i);
  if (duplicate !== undefined) {
    throw new TrainingInputError(`dataset header: column '${duplicate}' appears twice`, {
      column: duplicate,
    });
  }
  const records = rows.map((row) => Object.fromEntries(header.map((name, j) => [name, row[j]])));
  return { columns: header, records };
}

function parseJsonlRecords(content: Uint8Array): ParsedTable {
  const columns = new Set<string>();
  const records: Record<string, unknown>[] = [];
  Buffer.from(content)
    .toString('utf8')
    .split('\n')
    .forEach((line, index) => {
      if (line.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new TrainingInputError(`dataset JSONL line ${index + 1} is not valid JSON`);
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new TrainingInputError(
          `dataset JSONL line ${index + 1} must be an object keyed by column name`,
        );
      }
      const record = value as Record<string, unknown>;
      Object.keys(record).forEach((key) => columns.add(key));
      records.push(record);
    });
  return { columns: [...columns], records };
}
