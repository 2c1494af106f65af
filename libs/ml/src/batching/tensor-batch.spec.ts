import { describe, expect, it } from '@jest/globals';
import { TensorInputError, type HostTensor } from '../tensors';
import { concatInputs, requestLayout, splitOutputs } from './tensor-batch';

const fp32 = (shape: number[], values: number[]): HostTensor => ({
  datatype: 'FP32',
  shape,
  data: Float32Array.from(values),
});

describe('requestLayout', () => {
  it('keys requests by names, datatypes and trailing dims, not by rows or input order', () => {
    const a = requestLayout({ x: fp32([1, 2], [1, 2]), y: fp32([1], [0]) });
    const b = requestLayout({ y: fp32([3], [0, 0, 0]), x: fp32([3, 2], [1, 2, 3, 4, 5, 6]) });
    expect(a.rows).toBe(1);
    expect(b.rows).toBe(3);
    expect(a.key).toBeDefined();
    expect(a.key).toBe(b.key);
    expect(requestLayout({ x: fp32([1, 3], [1, 2, 3]) }).key).not.toBe(
      requestLayout({ x: fp32([1, 2], [1, 2]) }).key,
    );
    const ints: HostTensor = { datatype: 'INT32', shape: [1, 2], data: Int32Array.from([1, 2]) };
    expect(requestLayout({ x: ints }).key).not.toBe(requestLayout({ x: fp32([1, 2], [1, 2]) }).key);
  });

  it('marks scalars and disagreeing first dims as never mergeable', () => {
    expect(requestLayout({ s: fp32([], [1]) })).toEqual({ rows: 1, key: undefined });
    expect(requestLayout({ x: fp32([2], [1, 2]), y: fp32([1], [1]) }).key).toBeUndefined();
    expect(requestLayout({})).toEqual({ rows: 1, key: undefined });
  });

  it('refuses a tensor whose data does not fill its shape', () => {
    expect(() => requestLayout({ x: fp32([2, 2], [1, 2, 3]) })).toThrow(TensorInputError);
    expect(() => requestLayout({ x: fp32([2, 2], [1, 2, 3]) })).toThrow(
      "input 'x': shape [2, 2] needs 4 values, got 3",
    );
  });
});

describe('concatInputs and splitOutputs', () => {
  it('stacks every datatype along dim 0 and splits it back by row offsets', () => {
    const first: Record<string, HostTensor> = {
      x: fp32([1, 2], [1, 2]),
      ids: { datatype: 'INT64', shape: [1], data: BigInt64Array.from([10n]) },
      text: { datatype: 'BYTES', shape: [1], data: ['a'] },
    };
    const second: Record<string, HostTensor> = {
      x: fp32([2, 2], [3, 4, 5, 6]),
      ids: { datatype: 'INT64', shape: [2], data: BigInt64Array.from([20n, 30n]) },
      text: { datatype: 'BYTES', shape: [2], data: ['b', 'c'] },
    };
    const merged = concatInputs([first, second]);
    expect(merged).toEqual({
      x: fp32([3, 2], [1, 2, 3, 4, 5, 6]),
      ids: { datatype: 'INT64', shape: [3], data: BigInt64Array.from([10n, 20n, 30n]) },
      text: { datatype: 'BYTES', shape: [3], data: ['a', 'b', 'c'] },
    });
    expect(splitOutputs(merged, [1, 2])).toEqual([first, second]);
  });

  it('gives zero-row requests empty slices', () => {
    const parts = splitOutputs({ y: fp32([2, 1], [7, 8]) }, [0, 2, 0]);
    expect(parts?.map((part) => part.y)).toEqual([
      fp32([0, 1], []),
      fp32([2, 1], [7, 8]),
      fp32([0, 1], []),
    ]);
  });

  it('cannot split outputs without a batch dim', () => {
    expect(splitOutputs({ y: fp32([], [1]) }, [1, 1])).toBeUndefined();
    expect(splitOutputs({ y: fp32([3], [1, 2, 3]) }, [1, 1])).toBeUndefined();
  });
});
