import { printTable as printTableWith, writeResultsTo } from '../shared/output';
import path from 'node:path';
import type { ComputeProbe } from './compute-probe';
import type { ContenderId, ContenderResult } from './scenarios';

export interface Ratio {
  label: string;
  scenario: string;
  numerator: ContenderId;
  denominator: ContenderId;
  /** numerator / denominator of the median rounds: < 1 means fewer req/s, > 1 slower latency. */
  reqPerSec: number;
  p50: number;
  p99: number;
}

const PAIRS: { label: string; numerator: ContenderId; denominator: ContenderId }[] = [
  { label: 'platform / bare', numerator: 'platform', denominator: 'bare' },
  { label: 'batching on / off', numerator: 'platform+batching', denominator: 'platform' },
  { label: 'batching on / bare', numerator: 'platform+batching', denominator: 'bare' },
];

export function ratios(results: readonly ContenderResult[]): Ratio[] {
  const scenarios = [...new Set(results.map((r) => r.scenario))];
  return scenarios.flatMap((scenario) => {
    const find = (id: ContenderId) =>
      results.find((r) => r.scenario === scenario && r.contender === id)?.median;
    return PAIRS.flatMap(({ label, numerator, denominator }) => {
      const top = find(numerator);
      const bottom = find(denominator);
      if (!top || !bottom) return [];
      return [
        {
          label,
          scenario,
          numerator,
          denominator,
          reqPerSec: top.reqPerSec / bottom.reqPerSec,
          p50: top.p50Ms / bottom.p50Ms,
          p99: top.p99Ms / bottom.p99Ms,
        },
      ];
    });
  });
}

export function printTables(results: readonly ContenderResult[], computed: readonly Ratio[]) {
  console.log('\nMedian round (by req/s) of each contender; onnx ms, queue ms and batch are the');
  console.log("platform's own per-request means (its Prometheus histograms) over all rounds");
  printTable(
    [
      'scenario',
      'server',
      'req/s',
      'p50 ms',
      'p99 ms',
      'req/s of every round',
      'errors',
      'onnx ms',
      'queue ms',
      'batch',
    ],
    results.map((r) => [
      r.scenario,
      r.contender,
      r.median.reqPerSec.toFixed(0),
      r.median.p50Ms.toFixed(2),
      r.median.p99Ms.toFixed(2),
      r.rounds.map((round) => round.reqPerSec.toFixed(0)).join(' / '),
      String(r.rounds.reduce((sum, round) => sum + round.errors, 0)),
      r.engine?.computeMs.toFixed(3) ?? '-',
      r.engine?.queueMs.toFixed(3) ?? '-',
      r.engine?.batchSize.toFixed(1) ?? '-',
    ]),
  );
  const failed = results.filter((r) => r.rounds.some((round) => round.errors > 0));
  for (const r of failed) {
    console.warn(
      `WARNING: ${r.scenario} ${r.contender} had errors; its figures are not comparable`,
    );
  }
  console.log('\nRatios of the median rounds');
  printTable(
    ['scenario', 'ratio', 'req/s', 'p50', 'p99'],
    computed.map((r) => [
      r.scenario,
      r.label,
      `${r.reqPerSec.toFixed(2)}x`,
      `${r.p50.toFixed(2)}x`,
      `${r.p99.toFixed(2)}x`,
    ]),
  );
}

export function printCompute(probes: readonly ComputeProbe[]): void {
  console.log('onnxruntime alone: await session.run(...) in the idle process, median of 300');
  printTable(
    ['model', 'rows', 'ms per run', 'ms per row'],
    probes.map((p) => [
      p.model,
      String(p.rows),
      p.medianMs.toFixed(3),
      (p.medianMs / p.rows).toFixed(4),
    ]),
  );
}

const printTable = (headers: string[], rows: string[][]): void => printTableWith(headers, rows, 2);

/** Writes `results/<UTC date and time>.json` next to this file; returns its path. */
export function writeResults(report: object, startedAt: Date): Promise<string> {
  return writeResultsTo(path.join(__dirname, 'results'), report, startedAt);
}
