import { type TensorDataType } from './datatypes';
import type { HostTensor } from './host-tensor';
import type { NestedArray } from './nested';

/** One entry of an Open Inference Protocol v2 response's `outputs`. */
export interface OipOutputTensor {
  name: string;
  datatype: TensorDataType;
  shape: number[];
  /** Row-major: booleans for BOOL, strings for BYTES, numbers otherwise. */
  data: number[] | boolean[] | string[];
}

/**
 * `t` as an OIP response output with flat JSON data. INT64/UINT64 values become JSON numbers via
 * `Number()`, so magnitudes above 2^53 lose precision (JSON clients could not read them exactly
 * anyway); models that produce such ids should output strings or split them.
 */
export function encodeOipOutput(name: string, t: HostTensor): OipOutputTensor {
  return { name, datatype: t.datatype, shape: [...t.shape], data: jsonValues(t) };
}

/**
 * `t` as nested JSON arrays for the simple API, e.g. shape [2, 3] → `[[a, b, c], [d, e, f]]`; a
 * scalar (shape []) comes back as the bare value. Values convert as in encodeOipOutput.
 */
export function toNestedArray(t: HostTensor): NestedArray {
  const values: (number | boolean | string)[] = jsonValues(t);
  if (t.shape.length === 0) return values[0];
  const strides = t.shape.map((_, axis) => t.shape.slice(axis + 1).reduce((a, b) => a * b, 1));
  const build = (axis: number, offset: number): NestedArray[] => {
    const size = t.shape[axis];
    if (axis === t.shape.length - 1) return values.slice(offset, offset + size);
    return Array.from({ length: size }, (_, i) => build(axis + 1, offset + i * strides[axis]));
  };
  return build(0, 0);
}

/** Flat, row-major JSON values of `t`. */
export function jsonValues(t: HostTensor): number[] | boolean[] | string[] {
  switch (t.datatype) {
    case 'BOOL':
      return Array.from(t.data, (value) => value !== 0);
    case 'BYTES':
      return [...t.data];
    case 'INT64':
    case 'UINT64':
      return Array.from(t.data, Number);
    case 'UINT8':
    case 'UINT16':
    case 'UINT32':
    case 'INT8':
    case 'INT16':
    case 'INT32':
    case 'FP32':
    case 'FP64':
      return Array.from(t.data);
  }
}
