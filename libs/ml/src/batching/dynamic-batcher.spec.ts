import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { InferenceSession } from 'onnxruntime-node';
import {
  logisticRegression,
  logisticRegressionReference,
  randomDenseLayer,
  randomMatrix,
  seededRandom,
  toRows,
} from '../onnx';
import { runOrtSession, type HostTensor } from '../tensors';
import { DynamicBatcher, runUnbatched, type BatchedResult } from './index';

// Many concurrent callers against one real onnxruntime session, checked row by row.
const TOLERANCE = 1e-5;
const model = logisticRegression(randomDenseLayer(seededRandom(3), 4, 3));

/** Caller i sends 1 to 3 rows of its own (seeded) data. */
function callerRows(i: number): number[][] {
  return randomMatrix(seededRandom(1000 + i), 1 + (i % 3), 4, 2);
}

function request(rows: number[][]): Record<string, HostTensor> {
  return {
    input: { datatype: 'FP32', shape: [rows.length, 4], data: Float32Array.from(rows.flat()) },
  };
}

function expectOwnRows(result: BatchedResult, rows: number[][]): void {
  const reference = logisticRegressionReference(model.params, rows);
  const { probabilities, label } = result.outputs;
  expect(probabilities.shape).toEqual([rows.length, 3]);
  expect(label.shape).toEqual([rows.length]);
  const got = toRows(probabilities.data as Float32Array, 3).flat();
  const worst = Math.max(...got.map((v, j) => Math.abs(v - reference.probabilities.flat()[j])));
  expect(worst).toBeLessThan(TOLERANCE);
  expect(Array.from(label.data as BigInt64Array, Number)).toEqual(reference.label);
}

describe('DynamicBatcher with an onnxruntime session', () => {
  let session: InferenceSession;
  const mergedSizes: number[] = [];
  const run = async (inputs: Record<string, HostTensor>) => {
    mergedSizes.push(inputs.input.shape[0]);
    return runOrtSession(session, inputs);
  };
  beforeAll(async () => {
    session = await InferenceSession.create(model.bytes);
  });
  afterAll(() => session.release());

  it.each([
    { maxBatchSize: 16, maxDelayMs: 5 },
    { maxBatchSize: 8, maxDelayMs: 0 },
  ])('gives each of 64 concurrent callers its own rows (%o)', async (options) => {
    mergedSizes.length = 0;
    const batcher = new DynamicBatcher({ ...options, run });
    const inputs = Array.from({ length: 64 }, (_, i) => callerRows(i));
    const results = await Promise.all(inputs.map((rows) => batcher.submit(request(rows))));

    results.forEach((result, i) => expectOwnRows(result, inputs[i]));
    const totalRows = inputs.reduce((sum, rows) => sum + rows.length, 0);
    expect(mergedSizes.reduce((sum, n) => sum + n, 0)).toBe(totalRows); // every row ran once
    expect(Math.max(...mergedSizes)).toBeLessThanOrEqual(options.maxBatchSize);
    expect(mergedSizes.length).toBeLessThan(64);
    const sizes = results.map((result) => result.batchSize);
    expect(Math.max(...sizes)).toBeGreaterThan(1);
    expect(sizes.every((size) => size <= options.maxBatchSize)).toBe(true);
    for (const result of results) {
      expect(result.queueSeconds).toBeGreaterThanOrEqual(0);
      expect(result.computeSeconds).toBeGreaterThan(0);
    }
    batcher.close();
  });

  it('keeps callers apart even when their rows are identical', async () => {
    const batcher = new DynamicBatcher({ maxBatchSize: 64, maxDelayMs: 2, run });
    const rows = callerRows(1);
    const results = await Promise.all([1, 2, 3].map(() => batcher.submit(request(rows))));
    results.forEach((result) => expectOwnRows(result, rows));
    expect(results[0].outputs.probabilities.data).not.toBe(results[1].outputs.probabilities.data);
    batcher.close();
  });

  it('runUnbatched gives the same result shape for batching-off mode', async () => {
    const rows = callerRows(2);
    const result = await runUnbatched(request(rows), run);
    expectOwnRows(result, rows);
    expect(result.batchSize).toBe(rows.length);
    expect(result.queueSeconds).toBe(0);
  });
});
