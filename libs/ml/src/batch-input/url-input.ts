import { DomainError, NonRetryableJobError } from '@mlserve/contracts';

export interface UrlInputLimits {
  allowedHosts: readonly string[];
  maxBytes: number;
  timeoutMs: number;
}

/** Only http(s), and only hosts in JOB_INPUT_URL_ALLOWED_HOSTS: the worker must not become a proxy. */
export function checkInputUrl(raw: string, allowedHosts: readonly string[]): URL {
  const url = new URL(raw);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new DomainError(
      'VALIDATION_FAILED',
      `input.url: only http(s) URLs are allowed, got ${url.protocol}`,
    );
  }
  const host = url.hostname.toLowerCase();
  if (!allowedHosts.includes(host)) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `input.url: host '${host}' is not in JOB_INPUT_URL_ALLOWED_HOSTS (${allowedHosts.join(', ') || 'empty'})`,
    );
  }
  return url;
}

/** Downloads an input file within the size and time limits. */
export async function downloadInput(raw: string, limits: UrlInputLimits): Promise<Uint8Array> {
  let url: URL;
  try {
    url = checkInputUrl(raw, limits.allowedHosts);
  } catch (error) {
    throw new NonRetryableJobError((error as Error).message);
  }
  const response = await fetch(url, {
    signal: AbortSignal.timeout(limits.timeoutMs),
    redirect: 'error',
  });
  if (response.status >= 400 && response.status < 500) {
    throw new NonRetryableJobError(`input.url answered ${response.status}`);
  }
  if (!response.ok || !response.body) throw new Error(`input.url answered ${response.status}`);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    if (total > limits.maxBytes) {
      throw new NonRetryableJobError(
        `input.url is larger than JOB_INPUT_MAX_BYTES (${limits.maxBytes} bytes)`,
      );
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** csv or jsonl from an explicit format, else from the URL's extension. */
export function formatOf(url: string, explicit?: 'csv' | 'jsonl'): 'csv' | 'jsonl' {
  if (explicit) return explicit;
  return new URL(url).pathname.toLowerCase().endsWith('.csv') ? 'csv' : 'jsonl';
}
