import { percentile } from '../inference/stats';
import type { JobTiming, LoopResult } from './closed-loop';
import type { CpuSnapshot } from './cpu';

/** Mean milliseconds per job in each stage; they add up to the mean end-to-end latency. */
export interface StageMeans {
  /** Client sends the submit → the job is recorded (row inserted / BullMQ job created). */
  accept: number;
  /** Recorded → a worker starts it (enqueue, broker delivery, waiting for a free slot, claim). */
  queued: number;
  /** Worker start → its final write begins (lookups, inference, result file, progress). */
  run: number;
}

export interface JobRoundStats {
  jobs: number;
  errors: number;
  firstError: string | undefined;
  /** First submit → the last job's finish. */
  elapsedMs: number;
  jobsPerSec: number;
  /** End to end: the client's submit → the worker's final write. */
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  /** The submit call's round trip as the client saw it (HTTP 202, or BullMQ `add`). */
  submitP50Ms: number;
  /** Mean of: the job was recorded → the client had its answer (enqueue, bookkeeping, reply). */
  afterRecordMs: number;
  stages: StageMeans;
  /** CPU milliseconds per job of each process group during the round. */
  cpuMsPerJob: CpuSnapshot;
  /** Their sum: what a job costs, whatever else the machine was doing. */
  totalCpuMsPerJob: number;
  /** Cores kept busy on average by all the process groups together. */
  coresBusy: number;
  /** Cores busy on the whole machine, with anything (other people's work included). */
  machineCoresBusy: number;
}

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

function sortedOf(timings: readonly JobTiming[], pick: (t: JobTiming) => number) {
  return Float64Array.from(timings, pick).sort();
}

export function summarizeRound(
  loop: LoopResult,
  cpuMs: CpuSnapshot,
  machineCoresBusy: number,
): JobRoundStats {
  const { timings } = loop;
  if (timings.length === 0) throw new Error(`no job of the round succeeded: ${loop.firstError}`);
  const lastFinish = Math.max(...timings.map((t) => t.finishedAt));
  const elapsedMs = lastFinish - loop.startedAt;
  const endToEnd = sortedOf(timings, (t) => t.finishedAt - t.submittedAt);
  const cpuTotal = Object.values(cpuMs).reduce((a, b) => a + b, 0);
  return {
    jobs: timings.length,
    errors: loop.errors,
    firstError: loop.firstError,
    elapsedMs,
    jobsPerSec: timings.length / (elapsedMs / 1000),
    p50Ms: percentile(endToEnd, 0.5),
    p99Ms: percentile(endToEnd, 0.99),
    meanMs: mean([...endToEnd]),
    submitP50Ms: percentile(
      sortedOf(timings, (t) => t.submitMs),
      0.5,
    ),
    afterRecordMs: mean(timings.map((t) => t.submittedAt + t.submitMs - t.createdAt)),
    stages: {
      accept: mean(timings.map((t) => t.createdAt - t.submittedAt)),
      queued: mean(timings.map((t) => t.startedAt - t.createdAt)),
      run: mean(timings.map((t) => t.finishedAt - t.startedAt)),
    },
    cpuMsPerJob: Object.fromEntries(
      Object.entries(cpuMs).map(([name, ms]) => [name, ms / Math.max(1, timings.length)]),
    ),
    totalCpuMsPerJob: cpuTotal / Math.max(1, timings.length),
    coresBusy: cpuTotal / elapsedMs,
    machineCoresBusy,
  };
}

/** The round with the median throughput (the lower middle one for an even count). */
export function medianRound(rounds: readonly JobRoundStats[]): JobRoundStats {
  if (rounds.length === 0) throw new Error('no rounds');
  const byThroughput = [...rounds].sort((a, b) => a.jobsPerSec - b.jobsPerSec);
  return byThroughput[Math.floor((byThroughput.length - 1) / 2)];
}
