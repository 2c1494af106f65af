import type { InferenceSession } from 'onnxruntime-node';
import { dataTypeFromOrt, type TensorDataType } from './datatypes';
import { UnsupportedModelError } from './errors';

/**
 * One model input or output as clients see it. A null dim is dynamic (symbolic or unknown in the
 * model); a null shape means the rank is unknown.
 */
export interface TensorSpec {
  name: string;
  datatype: TensorDataType;
  shape: (number | null)[] | null;
}

export interface ModelSignature {
  inputs: TensorSpec[];
  outputs: TensorSpec[];
}

/**
 * Reads a session's declared inputs and outputs. Symbolic dims ('batch') and unknown dims ('')
 * become null. onnxruntime reports an unknown rank as [], the same as a scalar, so an empty shape
 * becomes null (any rank): onnxruntime still rejects a wrong rank when the model runs.
 * Throws UnsupportedModelError for values OIP cannot carry (sequences, maps, float16...), naming the value.
 */
export function signatureFromSession(session: InferenceSession): ModelSignature {
  return {
    inputs: session.inputMetadata.map((meta) => specFromMetadata(meta, 'input')),
    outputs: session.outputMetadata.map((meta) => specFromMetadata(meta, 'output')),
  };
}

function specFromMetadata(
  meta: InferenceSession.ValueMetadata,
  kind: 'input' | 'output',
): TensorSpec {
  if (!meta.isTensor) {
    throw new UnsupportedModelError(
      `model ${kind} '${meta.name}' is not a tensor; only tensors can be served`,
    );
  }
  const datatype = dataTypeFromOrt(meta.type);
  if (datatype === undefined) {
    throw new UnsupportedModelError(
      `model ${kind} '${meta.name}' has type '${meta.type}', which is not supported`,
    );
  }
  const shape =
    meta.shape.length === 0
      ? null
      : meta.shape.map((dim) => (typeof dim === 'number' ? dim : null));
  return { name: meta.name, datatype, shape };
}
