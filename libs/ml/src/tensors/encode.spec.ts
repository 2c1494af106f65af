import { describe, expect, it } from '@jest/globals';
import { encodeOipOutput, toNestedArray, type HostTensor } from './index';

const fp32 = (shape: number[], values: number[]): HostTensor => ({
  datatype: 'FP32',
  shape,
  data: Float32Array.from(values),
});

describe('encodeOipOutput', () => {
  it('gives flat JSON data with the shape and datatype', () => {
    expect(encodeOipOutput('y', fp32([2, 2], [1, 2, 3, 4.5]))).toEqual({
      name: 'y',
      datatype: 'FP32',
      shape: [2, 2],
      data: [1, 2, 3, 4.5],
    });
  });

  it('turns BOOL into booleans, BYTES into strings and 64-bit ints into numbers', () => {
    const flags: HostTensor = { datatype: 'BOOL', shape: [2], data: Uint8Array.from([1, 0]) };
    const words: HostTensor = { datatype: 'BYTES', shape: [1], data: ['ok'] };
    const ids: HostTensor = { datatype: 'UINT64', shape: [1], data: BigUint64Array.from([7n]) };
    expect(encodeOipOutput('f', flags).data).toEqual([true, false]);
    expect(encodeOipOutput('w', words).data).toEqual(['ok']);
    expect(encodeOipOutput('i', ids).data).toEqual([7]);
  });

  it('rounds INT64 values beyond 2^53 to the nearest double (documented precision loss)', () => {
    const big: HostTensor = {
      datatype: 'INT64',
      shape: [1],
      data: BigInt64Array.from([2n ** 53n + 1n]),
    };
    expect(encodeOipOutput('big', big).data).toEqual([2 ** 53]);
  });
});

describe('toNestedArray', () => {
  it.each<[string, HostTensor, unknown]>([
    ['a scalar', fp32([], [2.5]), 2.5],
    ['a vector', fp32([3], [1, 2, 3]), [1, 2, 3]],
    [
      'a matrix',
      fp32([2, 3], [1, 2, 3, 4, 5, 6]),
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
    ],
    ['a 3-d tensor', fp32([2, 1, 2], [1, 2, 3, 4]), [[[1, 2]], [[3, 4]]]],
    ['no rows', fp32([0, 4], []), []],
    ['empty rows', fp32([2, 0], []), [[], []]],
  ])('nests %s row-major', (_, tensor, expected) => {
    expect(toNestedArray(tensor)).toEqual(expected);
  });

  it('nests BOOL and INT64 values as JSON', () => {
    const flags: HostTensor = { datatype: 'BOOL', shape: [1, 2], data: Uint8Array.from([0, 1]) };
    const ids: HostTensor = {
      datatype: 'INT64',
      shape: [2, 1],
      data: BigInt64Array.from([-1n, 2n]),
    };
    expect(toNestedArray(flags)).toEqual([[false, true]]);
    expect(toNestedArray(ids)).toEqual([[-1], [2]]);
  });
});
