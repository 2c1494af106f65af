import { DomainError } from '@mlserve/contracts';

/**
 * A multipart submit (`curl -F type=inference -F payload='{"model":"iris"}' -F file=@rows.csv`):
 * every field arrives as a string, so JSON and numbers are decoded here before validation.
 */
export function bodyFromMultipart(fields: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = { ...fields };
  if (typeof fields.payload === 'string') {
    try {
      body.payload = JSON.parse(fields.payload) as unknown;
    } catch {
      throw new DomainError(
        'VALIDATION_FAILED',
        'payload: must be a JSON object in a multipart submit',
      );
    }
  }
  for (const key of ['priority', 'maxAttempts', 'timeoutMs'] as const) {
    if (typeof fields[key] === 'string') body[key] = Number(fields[key]);
  }
  delete body.format;
  return body;
}

/** csv or jsonl, from the `format` field or the file name. */
export function uploadFormat(fileName: string, field: unknown): 'csv' | 'jsonl' {
  const format =
    typeof field === 'string' ? field : fileName.toLowerCase().endsWith('.csv') ? 'csv' : 'jsonl';
  if (format !== 'csv' && format !== 'jsonl') {
    throw new DomainError('VALIDATION_FAILED', `format: csv or jsonl, got '${format}'`);
  }
  return format;
}
