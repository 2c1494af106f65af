import {
  TensorInputError,
  allocateData,
  elementCount,
  formatShape,
  hostTensor,
  type HostTensor,
  type TensorData,
} from '../tensors';

export interface RequestLayout {
  /** The shared first dim of all inputs (1 when an input is a scalar or they disagree). */
  rows: number;
  /** Requests with the same key can be concatenated; undefined means never merge this one. */
  key: string | undefined;
}

/**
 * Rows and merge key of a request. Mergeable means every input has rank ≥ 1 and they all share
 * their first dim; the key holds input names, datatypes and trailing dims. Also checks that each
 * tensor has as many values as its shape needs, since merging relies on it.
 */
export function requestLayout(inputs: Readonly<Record<string, HostTensor>>): RequestLayout {
  const names = Object.keys(inputs).sort();
  for (const name of names) {
    const { shape, data } = inputs[name];
    if (data.length !== elementCount(shape)) {
      const message = `shape ${formatShape(shape)} needs ${elementCount(shape)} values, got ${data.length}`;
      throw new TensorInputError(name, `input '${name}': ${message}`);
    }
  }
  const firstDims = names.map((name) => inputs[name].shape[0]);
  const rows = firstDims[0];
  if (names.length === 0 || rows === undefined || firstDims.some((dim) => dim !== rows)) {
    return { rows: rows ?? 1, key: undefined };
  }
  const key = JSON.stringify(
    names.map((name) => [name, inputs[name].datatype, inputs[name].shape.slice(1)]),
  );
  return { rows, key };
}

/** Concatenates same-keyed requests along dim 0, in order. */
export function concatInputs(
  requests: readonly Readonly<Record<string, HostTensor>>[],
): Record<string, HostTensor> {
  const merged: Record<string, HostTensor> = {};
  for (const name of Object.keys(requests[0])) {
    const parts = requests.map((request) => request[name]);
    const { datatype, shape } = parts[0];
    const rows = parts.reduce((sum, part) => sum + part.shape[0], 0);
    const mergedShape = [rows, ...shape.slice(1)];
    const data = concatData(
      allocateData(datatype, elementCount(mergedShape)),
      parts.map((part) => part.data),
    );
    merged[name] = hostTensor(datatype, mergedShape, data);
  }
  return merged;
}

/**
 * Splits a merged run's outputs back into each request's rows, or returns undefined when some
 * output has no first dim equal to the merged row count (it has no batch dim to split on).
 */
export function splitOutputs(
  outputs: Readonly<Record<string, HostTensor>>,
  rowsPerRequest: readonly number[],
): Record<string, HostTensor>[] | undefined {
  const total = rowsPerRequest.reduce((sum, rows) => sum + rows, 0);
  const entries = Object.entries(outputs);
  if (entries.some(([, t]) => t.shape.length === 0 || t.shape[0] !== total)) return undefined;
  let offset = 0;
  return rowsPerRequest.map((rows) => {
    const start = offset;
    offset += rows;
    const own = entries.map(([name, t]) => {
      const rowSize = elementCount(t.shape.slice(1));
      const data = t.data.slice(start * rowSize, (start + rows) * rowSize);
      return [name, hostTensor(t.datatype, [rows, ...t.shape.slice(1)], data)] as const;
    });
    return Object.fromEntries(own);
  });
}

/** What every typed array's `set` does; method syntax keeps all of them assignable to it. */
interface Settable {
  set(source: ArrayLike<unknown>, offset?: number): void;
}

/** Copies `parts` one after another into `out`; all are of the same datatype (same key). */
function concatData(out: TensorData, parts: readonly TensorData[]): TensorData {
  let offset = 0;
  if (Array.isArray(out)) {
    for (const part of parts) for (const value of part) out[offset++] = String(value);
    return out;
  }
  const target: Settable = out;
  for (const part of parts) {
    target.set(part, offset);
    offset += part.length;
  }
  return out;
}
