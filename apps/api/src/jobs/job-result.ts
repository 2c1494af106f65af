/** Turns a JSONL result (one object per row) into CSV; nested arrays become `name_0`, `name_1`, ... */
export function jsonlToCsv(jsonl: string): string {
  const rows = jsonl
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => flatten(JSON.parse(line) as unknown));
  const header = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const lines = rows.map((row) => header.map((column) => csvCell(row[column])).join(','));
  return `${[header.map(csvCell).join(','), ...lines].join('\n')}\n`;
}

function flatten(
  value: unknown,
  prefix = '',
  out: Record<string, unknown> = {},
): Record<string, unknown> {
  if (Array.isArray(value)) {
    value.forEach((item, i) => flatten(item, prefix ? `${prefix}_${i}` : String(i), out));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value))
      flatten(item, prefix ? `${prefix}_${key}` : key, out);
  } else {
    out[prefix] = value;
  }
  return out;
}

function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
