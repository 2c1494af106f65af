import { TENSOR_DATA_TYPES, elementCount, formatShape, isTensorDataType } from './datatypes';
import { TensorInputError } from './errors';
import { checkBatchSizes, checkInputNames, checkShape, inputSpec } from './checks';
import type { HostTensor } from './host-tensor';
import { flattenNested, isNested } from './nested';
import type { ModelSignature } from './signature';
import { valuesToHostTensor } from './values';

/**
 * Decodes the `inputs` of an Open Inference Protocol v2 request,
 * `[{name, shape, datatype, data, parameters?}]`, against the model's signature. `data` may be
 * flat or nested (row-major; nesting must match `shape`). Checks, in order: each entry's form,
 * that the name is a model input given once, the datatype, the shape against the model, the
 * value count and every value; then that no input is missing and that batched inputs agree on
 * their batch size. INT64/UINT64 values are JSON numbers, so they must be exact (|v| < 2^53).
 * Binary tensor data (the `binary_data_size` extension) is refused.
 *
 * @throws TensorInputError naming the input and what was expected.
 */
export function decodeOipRequestInputs(
  inputs: unknown[],
  signature: ModelSignature,
): Record<string, HostTensor> {
  const decoded = new Map<string, HostTensor>();
  inputs.forEach((entry, index) => {
    const { name, fields } = checkEntry(entry, index);
    if (decoded.has(name)) {
      throw new TensorInputError(name, `input '${name}' is given more than once`);
    }
    decoded.set(name, decodeEntry(name, fields, signature));
  });
  checkInputNames(decoded.keys(), signature);
  checkBatchSizes(
    Object.fromEntries([...decoded].map(([name, tensor]) => [name, tensor.shape])),
    signature,
  );
  return Object.fromEntries(decoded);
}

function checkEntry(
  entry: unknown,
  index: number,
): { name: string; fields: Record<string, unknown> } {
  const where = `inputs[${index}]`;
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    throw new TensorInputError(where, `${where} must be an object {name, shape, datatype, data}`);
  }
  const fields = entry as Record<string, unknown>;
  const name = fields.name;
  if (typeof name !== 'string' || name === '') {
    throw new TensorInputError(where, `${where}: 'name' must be a non-empty string`);
  }
  return { name, fields };
}

function decodeEntry(
  name: string,
  entry: Record<string, unknown>,
  signature: ModelSignature,
): HostTensor {
  const spec = inputSpec(name, signature);
  const fail = (message: string) => new TensorInputError(name, `input '${name}': ${message}`);
  const { datatype, shape, data, parameters } = entry;

  if (!isTensorDataType(datatype)) {
    const known = TENSOR_DATA_TYPES.join(', ');
    throw fail(`datatype ${JSON.stringify(datatype)} is not one of ${known}`);
  }
  if (datatype !== spec.datatype) {
    throw fail(`datatype ${datatype} does not match the model's ${spec.datatype}`);
  }
  if (!Array.isArray(shape) || !shape.every((dim) => Number.isSafeInteger(dim) && dim >= 0)) {
    throw fail(`shape must be an array of non-negative integers, got ${JSON.stringify(shape)}`);
  }
  const dims = shape as number[];
  if (parameters !== undefined && parameters !== null) {
    if (typeof parameters !== 'object' || Array.isArray(parameters)) {
      throw fail('parameters must be an object');
    }
    if ('binary_data_size' in parameters) {
      throw fail('binary tensor data (binary_data_size) is not supported; send data as JSON');
    }
  }
  checkShape(spec, dims);
  if (!Array.isArray(data)) throw fail('data must be an array');

  let values: readonly unknown[] = data;
  if (isNested(data)) {
    const nested = flattenNested(name, data);
    if (formatShape(nested.shape) !== formatShape(dims)) {
      throw fail(
        `nested data has shape ${formatShape(nested.shape)}, but 'shape' says ${formatShape(dims)}`,
      );
    }
    values = nested.values;
  }
  const needed = elementCount(dims);
  if (values.length !== needed) {
    throw fail(`shape ${formatShape(dims)} needs ${needed} values, got ${values.length}`);
  }
  return valuesToHostTensor(name, datatype, [...dims], values);
}
