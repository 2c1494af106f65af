import { Tensor } from 'onnxruntime-node';
import {
  dataTypeFromOrt,
  elementCount,
  formatShape,
  type TensorDataMap,
  type TensorDataType,
} from './datatypes';

/**
 * A tensor in this process's memory, row-major, with the same array class onnxruntime-node uses
 * for its type (so conversion to and from `ort.Tensor` does not copy). Narrow on `datatype` to
 * get the concrete array type: `if (t.datatype === 'INT64') t.data // BigInt64Array`.
 */
export type HostTensor<T extends TensorDataType = TensorDataType> = T extends TensorDataType
  ? { datatype: T; shape: number[]; data: TensorDataMap[T] }
  : never;

/** Wraps `t` as an onnxruntime tensor; the data is shared, not copied. */
export function toOrtTensor(t: HostTensor): Tensor {
  checkLength(t);
  const dims = t.shape;
  switch (t.datatype) {
    case 'BOOL':
      return new Tensor('bool', t.data, dims);
    case 'UINT8':
      return new Tensor('uint8', t.data, dims);
    case 'UINT16':
      return new Tensor('uint16', t.data, dims);
    case 'UINT32':
      return new Tensor('uint32', t.data, dims);
    case 'UINT64':
      return new Tensor('uint64', t.data, dims);
    case 'INT8':
      return new Tensor('int8', t.data, dims);
    case 'INT16':
      return new Tensor('int16', t.data, dims);
    case 'INT32':
      return new Tensor('int32', t.data, dims);
    case 'INT64':
      return new Tensor('int64', t.data, dims);
    case 'FP32':
      return new Tensor('float32', t.data, dims);
    case 'FP64':
      return new Tensor('float64', t.data, dims);
    case 'BYTES':
      return new Tensor('string', t.data, dims);
  }
}

/** The host view of an onnxruntime CPU tensor (an output, typically); the data is shared. */
export function fromOrtTensor(t: Tensor): HostTensor {
  const datatype = dataTypeFromOrt(t.type);
  if (datatype === undefined) {
    throw new Error(`onnxruntime tensor type '${t.type}' has no Open Inference Protocol datatype`);
  }
  const tensor = hostTensor(datatype, [...t.dims], t.data);
  checkLength(tensor);
  return tensor;
}

/**
 * Builds a HostTensor from data of unknown class, checking the class really is the one
 * `datatype` needs (by its tag, which also works across vm realms such as jest's sandboxes).
 */
export function hostTensor(datatype: TensorDataType, shape: number[], data: unknown): HostTensor {
  if (datatype === 'BYTES') {
    if (Array.isArray(data) && data.every((value) => typeof value === 'string')) {
      return { datatype, shape, data };
    }
    throw new Error('BYTES data must be an array of strings');
  }
  const expected = ARRAY_CLASS[datatype];
  if (!ArrayBuffer.isView(data) || tagOf(data) !== expected) {
    throw new Error(`${datatype} data must be a ${expected}, got ${tagOf(data)}`);
  }
  // The tag check above is what makes this cast sound.
  return { datatype, shape, data } as HostTensor;
}

const ARRAY_CLASS: Readonly<Record<Exclude<TensorDataType, 'BYTES'>, string>> = {
  BOOL: 'Uint8Array',
  UINT8: 'Uint8Array',
  UINT16: 'Uint16Array',
  UINT32: 'Uint32Array',
  UINT64: 'BigUint64Array',
  INT8: 'Int8Array',
  INT16: 'Int16Array',
  INT32: 'Int32Array',
  INT64: 'BigInt64Array',
  FP32: 'Float32Array',
  FP64: 'Float64Array',
};

function tagOf(value: unknown): string {
  if (ArrayBuffer.isView(value)) return Object.prototype.toString.call(value).slice(8, -1);
  return Array.isArray(value) ? 'Array' : typeof value;
}

function checkLength(t: HostTensor): void {
  const needed = elementCount(t.shape);
  if (t.data.length !== needed) {
    throw new Error(
      `${t.datatype} tensor of shape ${formatShape(t.shape)} needs ${needed} values, has ${t.data.length}`,
    );
  }
}
