import { describe, expect, it } from '@jest/globals';
import {
  TensorInputError,
  decodeOipRequestInputs,
  type ModelSignature,
  type TensorDataType,
} from './index';

const sig = (datatype: TensorDataType): ModelSignature => ({
  inputs: [{ name: 'v', datatype, shape: [null, 2] }],
  outputs: [],
});
const decode = (datatype: TensorDataType, data: unknown[]) =>
  decodeOipRequestInputs(
    [{ name: 'v', datatype, shape: [data.length / 2, 2], data }],
    sig(datatype),
  ).v;

describe('value conversion', () => {
  it.each<[TensorDataType, unknown[], ArrayLike<unknown>]>([
    ['BOOL', [true, false, false, true], Uint8Array.from([1, 0, 0, 1])],
    ['UINT8', [0, 255], Uint8Array.from([0, 255])],
    ['UINT16', [0, 65535], Uint16Array.from([0, 65535])],
    ['UINT32', [0, 4294967295], Uint32Array.from([0, 4294967295])],
    ['UINT64', [0, 2 ** 53 - 1], BigUint64Array.from([0n, 2n ** 53n - 1n])],
    ['INT8', [-128, 127], Int8Array.from([-128, 127])],
    ['INT16', [-32768, 32767], Int16Array.from([-32768, 32767])],
    ['INT32', [-(2 ** 31), 2 ** 31 - 1], Int32Array.from([-(2 ** 31), 2 ** 31 - 1])],
    [
      'INT64',
      [-(2 ** 53) + 1, 2 ** 53 - 1],
      BigInt64Array.from([-(2n ** 53n) + 1n, 2n ** 53n - 1n]),
    ],
    ['FP32', [0.5, -3.4e38], Float32Array.from([0.5, -3.4e38])],
    ['FP64', [0.1, 1e300], Float64Array.from([0.1, 1e300])],
    ['BYTES', ['héllo', ''], ['héllo', '']],
  ])(
    'stores %s in the array onnxruntime uses, at the edges of its range',
    (datatype, data, expected) => {
      const tensor = decode(datatype, data);
      expect(tensor.datatype).toBe(datatype);
      expect(tensor.shape).toEqual([data.length / 2, 2]);
      expect(tensor.data).toEqual(expected);
    },
  );

  it.each<[TensorDataType, unknown[], string]>([
    [
      'INT64',
      [1, 1.5],
      "input 'v': INT64 needs integers from -9007199254740991 to 9007199254740991, got 1.5 at [0, 1]",
    ],
    ['INT64', [2 ** 53, 0], 'got 9007199254740992 at [0, 0]'],
    [
      'UINT64',
      [0, 0, 0, -1],
      "input 'v': UINT64 needs integers from 0 to 9007199254740991, got -1 at [1, 1]",
    ],
    ['INT32', ['7', 1], 'INT32 needs integers from -2147483648 to 2147483647, got "7" at [0, 0]'],
    ['INT8', [1, 128], 'INT8 needs integers from -128 to 127, got 128 at [0, 1]'],
    ['UINT8', [-1, 0], 'UINT8 needs integers from 0 to 255, got -1 at [0, 0]'],
    ['UINT16', [1, 65536], 'UINT16 needs integers from 0 to 65535, got 65536'],
    ['UINT32', [true, 1], 'UINT32 needs integers from 0 to 4294967295, got true'],
    ['BOOL', [true, 1], "input 'v': BOOL needs true or false, got 1 at [0, 1]"],
    ['BYTES', ['a', 3], "input 'v': BYTES needs strings, got 3 at [0, 1]"],
    ['FP32', ['a', 1], 'input \'v\': FP32 needs FP32 numbers, got "a" at [0, 0]'],
    ['FP32', [1, 1e39], 'FP32 needs FP32 numbers, got 1e+39 at [0, 1]'],
    ['FP64', [null, 1], 'FP64 needs FP64 numbers, got null at [0, 0]'],
  ])('refuses a bad %s value, saying where it is', (datatype, data, message) => {
    expect(() => decode(datatype, data)).toThrow(TensorInputError);
    expect(() => decode(datatype, data)).toThrow(message);
  });

  it('accepts any shape for an input of unknown rank, and scalars', () => {
    const anyRank: ModelSignature = {
      inputs: [{ name: 's', datatype: 'FP64', shape: null }],
      outputs: [],
    };
    const scalar = decodeOipRequestInputs(
      [{ name: 's', datatype: 'FP64', shape: [], data: [2.5] }],
      anyRank,
    );
    expect(scalar.s).toEqual({ datatype: 'FP64', shape: [], data: Float64Array.from([2.5]) });
    const cube = decodeOipRequestInputs(
      [{ name: 's', datatype: 'FP64', shape: [1, 1, 2], data: [[[1, 2]]] }],
      anyRank,
    );
    expect(cube.s.shape).toEqual([1, 1, 2]);
  });
});
