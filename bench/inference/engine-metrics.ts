import type { Histogram } from 'prom-client';
import {
  inferenceBatchSize,
  inferenceComputeSeconds,
  inferenceQueueSeconds,
} from '@mlserve/observability';

/** Running totals of the platform's own per-request inference histograms for one model. */
export interface EngineTotals {
  requests: number;
  computeSeconds: number;
  queueSeconds: number;
  batchRows: number;
}

/** Means over the requests between two snapshots: how much of a request is onnxruntime. */
export interface EngineMeans {
  /** Time of the onnxruntime run the request was part of (shared by a whole batch). */
  computeMs: number;
  /** Time the request waited in the dynamic batcher (0 with batching off). */
  queueMs: number;
  /** Rows of the run the request was part of (1 = not merged). */
  batchSize: number;
}

/** Reads the in-process Prometheus histograms the engine records (same registry as /metrics). */
export async function engineTotals(model: string): Promise<EngineTotals> {
  const [compute, queue, batch] = await Promise.all(
    [inferenceComputeSeconds, inferenceQueueSeconds, inferenceBatchSize].map((h) =>
      sumAndCount(h, model),
    ),
  );
  return {
    requests: compute.count,
    computeSeconds: compute.sum,
    queueSeconds: queue.sum,
    batchRows: batch.sum,
  };
}

export function engineMeans(before: EngineTotals, after: EngineTotals): EngineMeans {
  const requests = after.requests - before.requests;
  return {
    computeMs: ((after.computeSeconds - before.computeSeconds) * 1000) / requests,
    queueMs: ((after.queueSeconds - before.queueSeconds) * 1000) / requests,
    batchSize: (after.batchRows - before.batchRows) / requests,
  };
}

async function sumAndCount(histogram: Histogram<string>, model: string) {
  const { values } = await histogram.get();
  const total = (suffix: string) =>
    values
      .filter((v) => v.labels.model === model && v.metricName?.endsWith(suffix))
      .reduce((sum, v) => sum + v.value, 0);
  return { sum: total('_sum'), count: total('_count') };
}
