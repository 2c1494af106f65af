import { describe, expect, it } from '@jest/globals';
import { TensorInputError, type HostTensor } from '../tensors';
import { BatcherClosedError, DynamicBatcher, type BatchRunner } from './index';

// A fake model: y = 2x per row, and every merged run is recorded.
type Inputs = Record<string, HostTensor>;
const x = (values: number[], width = 1): Inputs => ({
  x: { datatype: 'FP32', shape: [values.length / width, width], data: Float32Array.from(values) },
});
const ys = (outputs: Inputs): number[] => Array.from(outputs.y.data as Float32Array);

function recorder(extra?: (inputs: Inputs) => Inputs) {
  const runs: Inputs[] = [];
  const run: BatchRunner = async (inputs) => {
    runs.push(inputs);
    await new Promise((resolve) => setTimeout(resolve, 1));
    const doubled = Float32Array.from(inputs.x.data as Float32Array, (v) => 2 * v);
    return { y: { datatype: 'FP32', shape: inputs.x.shape, data: doubled }, ...extra?.(inputs) };
  };
  return { runs, run, rows: () => runs.map((inputs) => inputs.x.shape[0]) };
}

describe('DynamicBatcher scheduling', () => {
  it('merges requests of one tick into one run and splits the rows back', async () => {
    const { run, rows } = recorder();
    const batcher = new DynamicBatcher({ maxBatchSize: 10, maxDelayMs: 20, run });
    const results = await Promise.all([[1], [2, 3], [4, 5, 6]].map((v) => batcher.submit(x(v))));
    expect(rows()).toEqual([6]);
    expect(results.map((r) => ys(r.outputs))).toEqual([[2], [4, 6], [8, 10, 12]]);
    expect(results.map((r) => r.batchSize)).toEqual([6, 6, 6]);
  });

  it('starts full batches at once and never exceeds maxBatchSize', async () => {
    const { run, rows } = recorder();
    // With a one-minute delay, this only finishes if full batches start without waiting.
    const batcher = new DynamicBatcher({ maxBatchSize: 4, maxDelayMs: 60_000, run });
    const values = Array.from({ length: 8 }, (_, i) => [i]);
    const results = await Promise.all(values.map((v) => batcher.submit(x(v))));
    expect(rows()).toEqual([4, 4]);
    expect(results.map((r) => ys(r.outputs)[0])).toEqual(values.map(([v]) => 2 * v));
    batcher.close();
  });

  it('waits up to maxDelayMs for a batch to fill', async () => {
    const { run } = recorder();
    const batcher = new DynamicBatcher({ maxBatchSize: 4, maxDelayMs: 30, run });
    const result = await batcher.submit(x([1]));
    expect(result.queueSeconds).toBeGreaterThanOrEqual(0.025);
    expect(result.batchSize).toBe(1);
  });

  it('runs a request larger than maxBatchSize alone', async () => {
    const { run, rows } = recorder();
    const batcher = new DynamicBatcher({ maxBatchSize: 4, maxDelayMs: 5, run });
    const [big, small] = await Promise.all([
      batcher.submit(x([1, 2, 3, 4, 5, 6])),
      batcher.submit(x([7])),
    ]);
    expect(rows()).toEqual([6, 1]);
    expect([big.batchSize, small.batchSize]).toEqual([6, 1]);
    expect(ys(big.outputs)).toEqual([2, 4, 6, 8, 10, 12]);
  });

  it('keeps collecting the next batch while a run is in flight (maxDelayMs 0)', async () => {
    const { run, rows } = recorder();
    const batcher = new DynamicBatcher({ maxBatchSize: 8, maxDelayMs: 0, run });
    const first = batcher.submit(x([1]));
    await Promise.resolve(); // let the first run start on its own
    await new Promise((resolve) => setImmediate(resolve));
    const rest = [2, 3, 4].map((v) => batcher.submit(x([v])));
    const results = await Promise.all([first, ...rest]);
    expect(rows()).toEqual([1, 3]);
    expect(results.map((r) => ys(r.outputs)[0])).toEqual([2, 4, 6, 8]);
    // One caller at a time still works.
    expect(ys((await batcher.submit(x([5]))).outputs)).toEqual([10]);
  });

  it('rejects every caller of a failing run, and recovers', async () => {
    const failure = new Error('model crashed');
    let calls = 0;
    const { run } = recorder();
    const flaky: BatchRunner = (inputs) => (++calls === 1 ? Promise.reject(failure) : run(inputs));
    const batcher = new DynamicBatcher({ maxBatchSize: 8, maxDelayMs: 5, run: flaky });
    const outcomes = await Promise.allSettled([1, 2, 3].map((v) => batcher.submit(x([v]))));
    expect(outcomes).toEqual([1, 2, 3].map(() => ({ status: 'rejected', reason: failure })));
    expect(ys((await batcher.submit(x([4]))).outputs)).toEqual([8]);
  });

  it('puts incompatible requests into separate batches', async () => {
    const { runs, run } = recorder();
    const batcher = new DynamicBatcher({ maxBatchSize: 16, maxDelayMs: 5, run });
    const ints: Inputs = { x: { datatype: 'INT32', shape: [1, 1], data: Int32Array.from([9]) } };
    const results = await Promise.all([
      batcher.submit(x([1, 2], 2)),
      batcher.submit(x([3], 1)),
      batcher.submit(x([4, 5], 2)),
      batcher.submit(ints),
      batcher.submit(x([6], 1)),
    ]);
    const shapes = runs.map((inputs) => `${inputs.x.datatype}${JSON.stringify(inputs.x.shape)}`);
    expect(shapes.sort()).toEqual(['FP32[2,1]', 'FP32[2,2]', 'INT32[1,1]']);
    expect(results.map((r) => r.outputs.y.shape)).toEqual([
      [1, 2],
      [1, 1],
      [1, 2],
      [1, 1],
      [1, 1],
    ]);
    expect(ys(results[2].outputs)).toEqual([8, 10]);
  });

  it('reruns requests unmerged when an output has no batch dim', async () => {
    const count = (inputs: Inputs): Inputs => ({
      n: { datatype: 'INT64', shape: [], data: BigInt64Array.from([BigInt(inputs.x.shape[0])]) },
    });
    const { run, rows } = recorder(count);
    const batcher = new DynamicBatcher({ maxBatchSize: 8, maxDelayMs: 5, run });
    const results = await Promise.all([[1], [2, 3]].map((v) => batcher.submit(x(v))));
    expect(results.map((r) => r.outputs.n.data[0])).toEqual([1n, 2n]);
    expect(results.map((r) => r.batchSize)).toEqual([1, 2]);
    await Promise.all([[4], [5]].map((v) => batcher.submit(x(v)))); // no longer merged
    expect(rows()).toEqual([3, 1, 2, 1, 1]);
  });

  it('rejects queued and later requests once closed, and bad requests at once', async () => {
    const { run } = recorder();
    const batcher = new DynamicBatcher({ maxBatchSize: 8, maxDelayMs: 1000, run });
    const bad: Inputs = { x: { datatype: 'FP32', shape: [2], data: Float32Array.from([1]) } };
    await expect(batcher.submit(bad)).rejects.toThrow(TensorInputError);
    const queued = batcher.submit(x([1]));
    batcher.close();
    await expect(queued).rejects.toThrow(BatcherClosedError);
    await expect(batcher.submit(x([2]))).rejects.toThrow(BatcherClosedError);
    expect(() => new DynamicBatcher({ maxBatchSize: 0, maxDelayMs: 1, run })).toThrow(RangeError);
    expect(() => new DynamicBatcher({ maxBatchSize: 2, maxDelayMs: -1, run })).toThrow(RangeError);
  });
});
