import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Prints an aligned table; the first `leftColumns` columns are left-aligned, numbers right. */
export function printTable(headers: string[], rows: string[][], leftColumns = 1): void {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i < leftColumns ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
      .join('  ');
  console.log(line(headers));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}

/** Writes `<dir>/<UTC date and time>.json`; returns its path. */
export async function writeResultsTo(
  dir: string,
  report: object,
  startedAt: Date,
): Promise<string> {
  await mkdir(dir, { recursive: true });
  const stamp = startedAt
    .toISOString()
    .replace(/:/g, '-')
    .replace(/\.\d+Z$/, 'Z');
  const file = path.join(dir, `${stamp}.json`);
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}
