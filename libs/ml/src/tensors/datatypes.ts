import type { Tensor } from 'onnxruntime-node';

/** Tensor element types, named as in the Open Inference Protocol v2 (KServe / Triton). */
export type TensorDataType =
  | 'BOOL'
  | 'UINT8'
  | 'UINT16'
  | 'UINT32'
  | 'UINT64'
  | 'INT8'
  | 'INT16'
  | 'INT32'
  | 'INT64'
  | 'FP32'
  | 'FP64'
  | 'BYTES';

/** The array onnxruntime-node uses for each type's data (BOOL is one byte per value, 0 or 1). */
export interface TensorDataMap {
  BOOL: Uint8Array;
  UINT8: Uint8Array;
  UINT16: Uint16Array;
  UINT32: Uint32Array;
  UINT64: BigUint64Array;
  INT8: Int8Array;
  INT16: Int16Array;
  INT32: Int32Array;
  INT64: BigInt64Array;
  FP32: Float32Array;
  FP64: Float64Array;
  BYTES: string[];
}

export type TensorData = TensorDataMap[TensorDataType];

/** OIP name → onnxruntime-node tensor type. */
export const ORT_TYPE_OF: Readonly<Record<TensorDataType, Tensor.Type>> = {
  BOOL: 'bool',
  UINT8: 'uint8',
  UINT16: 'uint16',
  UINT32: 'uint32',
  UINT64: 'uint64',
  INT8: 'int8',
  INT16: 'int16',
  INT32: 'int32',
  INT64: 'int64',
  FP32: 'float32',
  FP64: 'float64',
  BYTES: 'string',
};

export const TENSOR_DATA_TYPES = Object.keys(ORT_TYPE_OF) as readonly TensorDataType[];

export function isTensorDataType(value: unknown): value is TensorDataType {
  return typeof value === 'string' && Object.hasOwn(ORT_TYPE_OF, value);
}

/**
 * onnxruntime-node tensor type → OIP name, or undefined for types OIP v2 cannot carry as JSON
 * here (float16, bfloat16, 4-bit ints...).
 */
export function dataTypeFromOrt(type: string): TensorDataType | undefined {
  return TENSOR_DATA_TYPES.find((name) => ORT_TYPE_OF[name] === type);
}

/** A zero-filled array of `length` values of `datatype`, of the class onnxruntime expects. */
export function allocateData<T extends TensorDataType>(
  datatype: T,
  length: number,
): TensorDataMap[T];
export function allocateData(datatype: TensorDataType, length: number): TensorData {
  switch (datatype) {
    case 'BOOL':
    case 'UINT8':
      return new Uint8Array(length);
    case 'UINT16':
      return new Uint16Array(length);
    case 'UINT32':
      return new Uint32Array(length);
    case 'UINT64':
      return new BigUint64Array(length);
    case 'INT8':
      return new Int8Array(length);
    case 'INT16':
      return new Int16Array(length);
    case 'INT32':
      return new Int32Array(length);
    case 'INT64':
      return new BigInt64Array(length);
    case 'FP32':
      return new Float32Array(length);
    case 'FP64':
      return new Float64Array(length);
    case 'BYTES':
      return new Array<string>(length).fill('');
  }
}

/** Number of elements in a tensor of `shape` (1 for a scalar). */
export function elementCount(shape: readonly number[]): number {
  return shape.reduce((product, dim) => product * dim, 1);
}

/** `[2, 3]`; dynamic dims (null) print as -1, as in Triton's model configs. */
export function formatShape(shape: readonly (number | null)[]): string {
  return `[${shape.map((dim) => dim ?? -1).join(', ')}]`;
}
