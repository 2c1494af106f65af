import { describe, expect, it } from '@jest/globals';
import { TensorInputError, decodeNamedInputs, type ModelSignature } from './index';

const single: ModelSignature = {
  inputs: [{ name: 'input', datatype: 'FP32', shape: [null, 4] }],
  outputs: [],
};
const pair: ModelSignature = {
  inputs: [
    { name: 'a', datatype: 'FP32', shape: [null, 3] },
    { name: 'b', datatype: 'BOOL', shape: [null] },
  ],
  outputs: [],
};

function errorOf(body: Record<string, unknown>, sig: ModelSignature): TensorInputError {
  try {
    decodeNamedInputs(body, sig);
  } catch (error) {
    if (error instanceof TensorInputError) return error;
    throw error;
  }
  throw new Error('expected a TensorInputError');
}

describe('decodeNamedInputs', () => {
  it('infers shapes from nesting and datatypes from the signature', () => {
    const decoded = decodeNamedInputs(
      {
        inputs: {
          b: [true, false],
          a: [
            [1, 2, 3],
            [4, 5, 6],
          ],
        },
      },
      pair,
    );
    expect(decoded).toEqual({
      a: { datatype: 'FP32', shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, 6]) },
      b: { datatype: 'BOOL', shape: [2], data: Uint8Array.from([1, 0]) },
    });
  });

  it('maps rows to the only input', () => {
    expect(decodeNamedInputs({ rows: [[1, 2, 3, 4]] }, single).input.shape).toEqual([1, 4]);
  });

  it('treats an input named __proto__ as data, not as a prototype', () => {
    const sig: ModelSignature = {
      inputs: [{ name: '__proto__', datatype: 'INT32', shape: [null] }],
      outputs: [],
    };
    const decoded = decodeNamedInputs(JSON.parse('{"inputs": {"__proto__": [1, 2]}}'), sig);
    expect(Object.keys(decoded)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
  });

  it.each<[string, Record<string, unknown>, ModelSignature, string, string]>([
    [
      'ragged rows',
      {
        rows: [
          [1, 2, 3, 4],
          [1, 2, 3],
        ],
      },
      single,
      'input',
      "input 'input': ragged array: [1] has 3 elements, but [0] has 4",
    ],
    [
      'a value where a row belongs',
      { inputs: { input: [[1, 2, 3, 4], 5] } },
      single,
      'input',
      "input 'input': ragged array: [1] is a value, but [0] is an array",
    ],
    [
      'a row where a value belongs',
      { inputs: { a: [[1, 2, [3]]], b: [true] } },
      pair,
      'a',
      "input 'a': ragged array: [0, 2] is an array, but [0, 0] is a value",
    ],
    [
      'a wrong row width',
      { rows: [[1, 2, 3]] },
      single,
      'input',
      "input 'input': expected shape [-1, 4] (any batch size), got [1, 3]",
    ],
    [
      'a flat row',
      { rows: [1, 2, 3, 4] },
      single,
      'input',
      "input 'input': expected shape [-1, 4] (any batch size), got [4]",
    ],
    [
      'a bad value',
      { inputs: { a: [[1, 2, 3]], b: [1] } },
      pair,
      'b',
      "input 'b': BOOL needs true or false, got 1 at [0]",
    ],
    [
      'an unknown input',
      { inputs: { input: [[1, 2, 3, 4]], foo: [1] } },
      single,
      'foo',
      "unknown input 'foo'; the model's inputs are: input",
    ],
    [
      'a missing input',
      { inputs: { a: [[1, 2, 3]] } },
      pair,
      'b',
      "missing input 'b' (expected BOOL with shape [-1])",
    ],
    [
      'unequal batch sizes',
      { inputs: { a: [[1, 2, 3]], b: [true, false] } },
      pair,
      'b',
      "input 'b': batch size 2 does not match input 'a' (batch size 1)",
    ],
    [
      'rows on a two-input model',
      { rows: [[1, 2, 3]] },
      pair,
      'rows',
      "'rows' is only for models with one input; this model's inputs are: a, b",
    ],
    [
      'both inputs and rows',
      { rows: [], inputs: {} },
      single,
      'rows',
      "send either 'inputs' or 'rows', not both",
    ],
    [
      'neither inputs nor rows',
      {},
      single,
      'inputs',
      "'inputs' must be an object mapping input names (input) to nested arrays, or send 'rows'",
    ],
    [
      'inputs given as an array',
      { inputs: [[1, 2, 3]] },
      pair,
      'inputs',
      "'inputs' must be an object mapping input names (a, b) to nested arrays",
    ],
  ])('refuses %s, naming the input', (_, body, sig, input, message) => {
    const error = errorOf(body, sig);
    expect(error.input).toBe(input);
    expect(error.message).toContain(message);
  });
});
