import { allocateData, type TensorData, type TensorDataType } from './datatypes';
import { TensorInputError } from './errors';
import type { HostTensor } from './host-tensor';

type IntegerType = Exclude<TensorDataType, 'BOOL' | 'FP32' | 'FP64' | 'BYTES'>;

/**
 * Inclusive value ranges. 64-bit integers arrive as JSON numbers, which are exact only up to
 * 2^53 - 1, so larger magnitudes are refused rather than silently rounded.
 */
const INTEGER_RANGES: Readonly<Record<IntegerType, readonly [number, number]>> = {
  UINT8: [0, 0xff],
  UINT16: [0, 0xffff],
  UINT32: [0, 0xffffffff],
  UINT64: [0, Number.MAX_SAFE_INTEGER],
  INT8: [-0x80, 0x7f],
  INT16: [-0x8000, 0x7fff],
  INT32: [-0x80000000, 0x7fffffff],
  INT64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

const FP32_MAX = 3.4028234663852886e38;

/** A HostTensor of `datatype` holding `values` (row-major JSON values), checked by convertValues. */
export function valuesToHostTensor(
  input: string,
  datatype: TensorDataType,
  shape: number[],
  values: readonly unknown[],
): HostTensor {
  // convertValues returns the array class of `datatype`, which is what HostTensor pairs it with.
  return { datatype, shape, data: convertValues(input, datatype, values, shape) } as HostTensor;
}

/**
 * Converts row-major JSON values to the array onnxruntime uses for `datatype`, checking each
 * value: booleans for BOOL, strings for BYTES, numbers for FP32/FP64 (within FP32's range),
 * in-range integers for the integer types. `shape` only serves to locate a bad value.
 */
export function convertValues(
  input: string,
  datatype: TensorDataType,
  values: readonly unknown[],
  shape: readonly number[],
): TensorData {
  const bad = (expected: string, index: number): TensorInputError => {
    const got = JSON.stringify(values[index]) ?? String(values[index]);
    const where = position(index, shape);
    return new TensorInputError(
      input,
      `input '${input}': ${datatype} needs ${expected}, got ${got} at ${where}`,
    );
  };
  const n = values.length;
  switch (datatype) {
    case 'BOOL': {
      const out = allocateData(datatype, n);
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (typeof v !== 'boolean') throw bad('true or false', i);
        out[i] = v ? 1 : 0;
      }
      return out;
    }
    case 'BYTES': {
      const out = allocateData(datatype, n);
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (typeof v !== 'string') throw bad('strings', i);
        out[i] = v;
      }
      return out;
    }
    case 'FP32':
    case 'FP64': {
      const out = allocateData(datatype, n);
      const limit = datatype === 'FP32' ? FP32_MAX : Number.MAX_VALUE;
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (typeof v !== 'number' || !(Math.abs(v) <= limit)) throw bad(`${datatype} numbers`, i);
        out[i] = v;
      }
      return out;
    }
    case 'INT64':
    case 'UINT64': {
      const out = allocateData(datatype, n);
      const range = INTEGER_RANGES[datatype];
      for (let i = 0; i < n; i++) out[i] = BigInt(checkInteger(values[i], i, range));
      return out;
    }
    case 'UINT8':
    case 'UINT16':
    case 'UINT32':
    case 'INT8':
    case 'INT16':
    case 'INT32': {
      const out = allocateData(datatype, n);
      const range = INTEGER_RANGES[datatype];
      for (let i = 0; i < n; i++) out[i] = checkInteger(values[i], i, range);
      return out;
    }
  }

  function checkInteger(v: unknown, i: number, [min, max]: readonly [number, number]): number {
    if (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max) return v;
    throw bad(`integers from ${min} to ${max}`, i);
  }
}

/** `[1, 2]`: the multi-index of the `index`-th row-major element of a tensor of `shape`. */
export function position(index: number, shape: readonly number[]): string {
  const indices = new Array<number>(shape.length);
  let rest = index;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    const dim = shape[axis];
    indices[axis] = dim > 0 ? rest % dim : 0;
    rest = dim > 0 ? Math.floor(rest / dim) : 0;
  }
  return `[${indices.join(', ')}]`;
}
