import { formatShape } from './datatypes';
import { TensorInputError } from './errors';
import type { ModelSignature, TensorSpec } from './signature';

/** `FP32 with shape [-1, 4]`, for messages. */
export function describeSpec(spec: TensorSpec): string {
  const shape = spec.shape === null ? 'any shape' : `shape ${formatShape(spec.shape)}`;
  return `${spec.datatype} with ${shape}`;
}

/** Throws for the first unknown name, then for the first model input that was not given. */
export function checkInputNames(given: Iterable<string>, signature: ModelSignature): void {
  const names = new Set(given);
  const known = new Set(signature.inputs.map((spec) => spec.name));
  for (const name of names) {
    if (!known.has(name)) throw unknownInput(name, signature);
  }
  for (const spec of signature.inputs) {
    if (!names.has(spec.name)) {
      throw new TensorInputError(
        spec.name,
        `missing input '${spec.name}' (expected ${describeSpec(spec)})`,
      );
    }
  }
}

/** The spec of input `name`; throws the "unknown input" error when the model has none. */
export function inputSpec(name: string, signature: ModelSignature): TensorSpec {
  const spec = signature.inputs.find((candidate) => candidate.name === name);
  if (spec === undefined) throw unknownInput(name, signature);
  return spec;
}

function unknownInput(name: string, signature: ModelSignature): TensorInputError {
  const list = signature.inputs.map((spec) => spec.name).join(', ');
  return new TensorInputError(name, `unknown input '${name}'; the model's inputs are: ${list}`);
}

/** Rank and fixed dims must match; dynamic dims (null) take any size, an unknown rank any shape. */
export function checkShape(spec: TensorSpec, shape: readonly number[]): void {
  const expected = spec.shape;
  if (expected === null) return;
  const fits =
    expected.length === shape.length &&
    expected.every((dim, i) => dim === null || dim === shape[i]);
  if (fits) return;
  const dynamic = expected.flatMap((dim, i) => (dim === null ? [i] : []));
  let note = '';
  if (dynamic.length === 1 && dynamic[0] === 0) note = ' (any batch size)';
  else if (dynamic.length > 0) note = ' (-1 = any size)';
  throw new TensorInputError(
    spec.name,
    `input '${spec.name}': expected shape ${formatShape(expected)}${note}, got ${formatShape(shape)}`,
  );
}

/**
 * All inputs whose first dim is dynamic are taken as batched, so they must agree on its size:
 * onnxruntime does not check that symbolic dims match across inputs, and a 1-row input would
 * otherwise broadcast silently against an n-row one.
 */
export function checkBatchSizes(
  shapes: Readonly<Record<string, readonly number[]>>,
  signature: ModelSignature,
): void {
  let first: { name: string; rows: number } | undefined;
  for (const spec of signature.inputs) {
    const shape = shapes[spec.name];
    if (spec.shape === null || spec.shape.length === 0 || spec.shape[0] !== null || !shape) {
      continue;
    }
    const rows = shape[0];
    if (first === undefined) first = { name: spec.name, rows };
    else if (rows !== first.rows) {
      throw new TensorInputError(
        spec.name,
        `input '${spec.name}': batch size ${rows} does not match input '${first.name}' ` +
          `(batch size ${first.rows}); inputs with a dynamic first dimension must have the same number of rows`,
      );
    }
  }
}
