import type { RawRound } from './load/protocol';

export interface RoundStats {
  requests: number;
  errors: number;
  elapsedMs: number;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
}

/** Nearest-rank percentile of ascending `sorted` (q in (0, 1]). */
export function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil(q * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** Throughput over the whole round; percentiles over every successful request of the round. */
export function summarize(round: RawRound): RoundStats {
  const sorted = round.latenciesMs.slice().sort();
  return {
    requests: sorted.length,
    errors: round.errors,
    elapsedMs: round.elapsedMs,
    reqPerSec: sorted.length / (round.elapsedMs / 1000),
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
  };
}

/** The round with the median throughput (the lower middle one for an even count). */
export function medianRound(rounds: readonly RoundStats[]): RoundStats {
  if (rounds.length === 0) throw new Error('no rounds');
  const byThroughput = [...rounds].sort((a, b) => a.reqPerSec - b.reqPerSec);
  return byThroughput[Math.floor((byThroughput.length - 1) / 2)];
}
