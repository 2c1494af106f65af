/** One closed-loop round: `concurrency` loops each POST `body` to `url`, then await the answer. */
export interface RoundJob {
  url: string;
  headers: Record<string, string>;
  body: string;
  concurrency: number;
  durationMs: number;
}

/** What the client thread measured; latencies are of the 200 answers only. */
export interface RawRound {
  latenciesMs: Float64Array<ArrayBuffer>;
  errors: number;
  firstError: string | undefined;
  elapsedMs: number;
}

export function isRawRound(value: unknown): value is RawRound {
  return (
    typeof value === 'object' &&
    value !== null &&
    'latenciesMs' in value &&
    value.latenciesMs instanceof Float64Array
  );
}
