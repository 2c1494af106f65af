import { Tensor, type InferenceSession } from 'onnxruntime-node';
import type { BenchModel, ModelKey } from './models';
import { percentile } from './stats';

export interface ComputeProbe {
  model: ModelKey;
  rows: number;
  /** Median wall time of `await session.run(...)` in an otherwise idle process. */
  medianMs: number;
}

const RUNS = 300;

/**
 * Times onnxruntime alone on the request's row repeated `rows` times: what a request costs at
 * least, and what a batch of 64 costs compared with 64 single runs.
 */
export async function probeCompute(
  model: BenchModel,
  session: InferenceSession,
  rowCounts: readonly number[] = [1, 64],
): Promise<ComputeProbe[]> {
  const [row] = (JSON.parse(model.body) as { rows: number[][] }).rows;
  const probes: ComputeProbe[] = [];
  for (const rows of rowCounts) {
    const data = Float32Array.from({ length: rows * row.length }, (_, i) => row[i % row.length]);
    const feeds = { [session.inputNames[0]]: new Tensor('float32', data, [rows, row.length]) };
    const times = new Float64Array(RUNS);
    for (let i = -20; i < RUNS; i++) {
      const started = process.hrtime.bigint();
      await session.run(feeds);
      if (i >= 0) times[i] = Number(process.hrtime.bigint() - started) / 1e6;
    }
    probes.push({ model: model.key, rows, medianMs: percentile(times.sort(), 0.5) });
  }
  return probes;
}
