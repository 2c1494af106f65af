import { printTable as printTableWith, writeResultsTo } from '../shared/output';
import os from 'node:os';
import path from 'node:path';
import type { ContenderId } from './contender';
import type { ContenderResult } from './rounds';

export interface Ratio {
  label: string;
  numerator: ContenderId;
  denominator: ContenderId;
  /** Of the median rounds: jobs/s below 1 means fewer; p50 and p99 above 1 mean slower. */
  jobsPerSec: number;
  p50: number;
  p99: number;
  /** Of the median rounds' total CPU ms per job: how many times more a job costs. */
  cpuPerJob: number;
}

const PAIRS: { label: string; numerator: ContenderId; denominator: ContenderId }[] = [
  { label: 'rabbitmq / bullmq', numerator: 'platform-rabbitmq', denominator: 'platform-bullmq' },
  { label: 'platform bullmq / raw', numerator: 'platform-bullmq', denominator: 'raw-bullmq' },
  { label: 'platform rabbitmq / raw', numerator: 'platform-rabbitmq', denominator: 'raw-bullmq' },
];

export function ratios(results: readonly ContenderResult[]): Ratio[] {
  const find = (id: ContenderId) => results.find((r) => r.contender === id)?.median;
  return PAIRS.flatMap(({ label, numerator, denominator }) => {
    const top = find(numerator);
    const bottom = find(denominator);
    if (!top || !bottom) return [];
    return [
      {
        label,
        numerator,
        denominator,
        jobsPerSec: top.jobsPerSec / bottom.jobsPerSec,
        p50: top.p50Ms / bottom.p50Ms,
        p99: top.p99Ms / bottom.p99Ms,
        cpuPerJob: top.totalCpuMsPerJob / bottom.totalCpuMsPerJob,
      },
    ];
  });
}

const ms = (value: number) => value.toFixed(1);

const cpus = os.cpus().length;

/** Jobs per second at which this much CPU per job would keep every core of the machine busy. */
export function cpuBoundJobsPerSec(cpuMsPerJob: number): number {
  return (cpus * 1000) / cpuMsPerJob;
}

export function printTables(results: readonly ContenderResult[], computed: readonly Ratio[]) {
  console.log(
    '\nMedian round (by jobs/s); latency is end to end, submit → the worker’s final write',
  );
  printTable(
    [
      'contender',
      'jobs/s',
      'p50 ms',
      'p99 ms',
      'jobs/s of every round',
      'errors',
      'cores: its own',
      'machine',
    ],
    results.map(({ contender, median, rounds }) => [
      contender,
      median.jobsPerSec.toFixed(0),
      ms(median.p50Ms),
      ms(median.p99Ms),
      rounds.map((r) => r.jobsPerSec.toFixed(0)).join(' / '),
      String(rounds.reduce((sum, r) => sum + r.errors, 0)),
      median.coresBusy.toFixed(2),
      median.machineCoresBusy.toFixed(2),
    ]),
  );
  console.log('\nWhere a job’s time goes (means of the median round, ms)');
  printTable(
    ['contender', 'submit p50', 'accept', 'queued', 'run', 'end to end', 'recorded → 202'],
    results.map(({ contender, median: m }) => [
      contender,
      ms(m.submitP50Ms),
      ms(m.stages.accept),
      ms(m.stages.queued),
      ms(m.stages.run),
      ms(m.meanMs),
      ms(m.afterRecordMs),
    ]),
  );
  const sources = [...new Set(results.flatMap((r) => Object.keys(r.median.cpuMsPerJob)))];
  console.log('\nCPU ms per job (median round), and the jobs/s that would make all cores busy');
  printTable(
    ['contender', ...sources, 'total', `jobs/s at ${cpus} cores`],
    results.map(({ contender, median }) => [
      contender,
      ...sources.map((s) => median.cpuMsPerJob[s]?.toFixed(2) ?? '-'),
      median.totalCpuMsPerJob.toFixed(2),
      cpuBoundJobsPerSec(median.totalCpuMsPerJob).toFixed(0),
    ]),
  );
  console.log('\nRatios of the median rounds');
  printTable(
    ['ratio', 'jobs/s', 'p50', 'p99', 'CPU per job'],
    computed.map((r) => [
      r.label,
      `${r.jobsPerSec.toFixed(2)}x`,
      `${r.p50.toFixed(2)}x`,
      `${r.p99.toFixed(2)}x`,
      `${r.cpuPerJob.toFixed(2)}x`,
    ]),
  );
}

const printTable = (headers: string[], rows: string[][]): void => printTableWith(headers, rows, 1);

/** Writes `results/<UTC date and time>.json` next to this file; returns its path. */
export function writeResults(report: object, startedAt: Date): Promise<string> {
  return writeResultsTo(path.join(__dirname, 'results'), report, startedAt);
}
