import { describe, expect, it } from '@jest/globals';
import {
  TensorInputError,
  decodeOipRequestInputs,
  type ModelSignature,
  type TensorSpec,
} from './index';

const x: TensorSpec = { name: 'x', datatype: 'FP32', shape: [null, 4] };
const a: TensorSpec = { name: 'a', datatype: 'FP32', shape: [null, 3] };
const b: TensorSpec = { name: 'b', datatype: 'FP32', shape: [null, 3] };
const one = (spec: TensorSpec): ModelSignature => ({ inputs: [spec], outputs: [] });
const two: ModelSignature = { inputs: [a, b], outputs: [] };

function oipError(inputs: unknown[], sig: ModelSignature): TensorInputError {
  try {
    decodeOipRequestInputs(inputs, sig);
  } catch (error) {
    if (error instanceof TensorInputError) return error;
    throw error;
  }
  throw new Error('expected a TensorInputError');
}

const ok = { name: 'a', datatype: 'FP32', shape: [1, 3], data: [1, 2, 3] };

describe('decodeOipRequestInputs errors', () => {
  it.each<[string, unknown[], ModelSignature, string, string]>([
    [
      'a wrong fixed dim',
      [{ name: 'x', datatype: 'FP32', shape: [2, 3], data: [1, 2, 3, 4, 5, 6] }],
      one(x),
      'x',
      "input 'x': expected shape [-1, 4] (any batch size), got [2, 3]",
    ],
    [
      'a wrong rank',
      [{ name: 'x', datatype: 'FP32', shape: [4], data: [1, 2, 3, 4] }],
      one(x),
      'x',
      "input 'x': expected shape [-1, 4] (any batch size), got [4]",
    ],
    [
      'several dynamic dims',
      [{ name: 'm', datatype: 'FP32', shape: [1, 2], data: [1, 2] }],
      one({ name: 'm', datatype: 'FP32', shape: [null, 3, null] }),
      'm',
      "input 'm': expected shape [-1, 3, -1] (-1 = any size), got [1, 2]",
    ],
    [
      'another datatype',
      [{ name: 'ids', datatype: 'FP32', shape: [1], data: [1] }],
      one({ name: 'ids', datatype: 'INT64', shape: [null] }),
      'ids',
      "input 'ids': datatype FP32 does not match the model's INT64",
    ],
    [
      'a non-OIP datatype',
      [{ ...ok, datatype: 'FLOAT' }],
      one(a),
      'a',
      'input \'a\': datatype "FLOAT" is not one of BOOL, UINT8',
    ],
    [
      'too few values',
      [{ name: 'x', datatype: 'FP32', shape: [2, 4], data: [1, 2, 3, 4, 5, 6, 7] }],
      one(x),
      'x',
      "input 'x': shape [2, 4] needs 8 values, got 7",
    ],
    [
      'an unknown input',
      [ok, { ...ok, name: 'foo' }],
      one(a),
      'foo',
      "unknown input 'foo'; the model's inputs are: a",
    ],
    ['a missing input', [ok], two, 'b', "missing input 'b' (expected FP32 with shape [-1, 3])"],
    ['a repeated input', [ok, ok], one(a), 'a', "input 'a' is given more than once"],
    ['an entry that is not an object', [ok, 'a'], two, 'inputs[1]', 'inputs[1] must be an object'],
    [
      'an entry without a name',
      [{ ...ok, name: '' }],
      one(a),
      'inputs[0]',
      "inputs[0]: 'name' must be a non-empty string",
    ],
    [
      'a negative dim',
      [{ ...ok, shape: [-1, 3] }],
      one(a),
      'a',
      "input 'a': shape must be an array of non-negative integers, got [-1,3]",
    ],
    [
      'a missing shape',
      [{ ...ok, shape: undefined }],
      one(a),
      'a',
      "input 'a': shape must be an array",
    ],
    [
      'data that is not an array',
      [{ ...ok, data: 'abc' }],
      one(a),
      'a',
      "input 'a': data must be an array",
    ],
    [
      'binary data',
      [{ ...ok, parameters: { binary_data_size: 12 } }],
      one(a),
      'a',
      "input 'a': binary tensor data (binary_data_size) is not supported",
    ],
    [
      'unequal batch sizes',
      [ok, { ...ok, name: 'b', shape: [2, 3], data: [1, 2, 3, 4, 5, 6] }],
      two,
      'b',
      "input 'b': batch size 2 does not match input 'a' (batch size 1)",
    ],
  ])('names the input for %s', (_, inputs, sig, input, message) => {
    const error = oipError(inputs, sig);
    expect(error.input).toBe(input);
    expect(error.message).toContain(message);
  });

  it('refuses nested data whose nesting disagrees with shape', () => {
    const entry = { name: 'a', datatype: 'FP32', shape: [1, 3], data: [[1], [2], [3]] };
    expect(oipError([entry], one({ ...a, shape: [null, null] })).message).toBe(
      "input 'a': nested data has shape [3, 1], but 'shape' says [1, 3]",
    );
  });
});
