import { checkBatchSizes, checkInputNames, checkShape, inputSpec } from './checks';
import { TensorInputError } from './errors';
import type { HostTensor } from './host-tensor';
import { flattenNested } from './nested';
import type { ModelSignature } from './signature';
import { valuesToHostTensor } from './values';

/**
 * Decodes the simple JSON API's body: `{inputs: {<input name>: nested arrays}}`, or for a model
 * with exactly one input `{rows: [[...], ...]}`. Shapes come from the nesting (ragged arrays are
 * refused), datatypes from the signature (so INT64 inputs take JSON integers, BOOL inputs
 * booleans, BYTES inputs strings). Checks shapes, values, missing and unknown inputs, and that
 * batched inputs agree on their batch size, as decodeOipRequestInputs does.
 *
 * @throws TensorInputError naming the input (or 'inputs'/'rows' for a malformed body).
 */
export function decodeNamedInputs(
  body: Record<string, unknown>,
  signature: ModelSignature,
): Record<string, HostTensor> {
  const named = namedValues(body, signature);
  const decoded = new Map<string, HostTensor>();
  for (const [name, value] of named) {
    const spec = inputSpec(name, signature);
    const { shape, values } = flattenNested(name, value);
    checkShape(spec, shape);
    decoded.set(name, valuesToHostTensor(name, spec.datatype, shape, values));
  }
  checkInputNames(decoded.keys(), signature);
  checkBatchSizes(
    Object.fromEntries([...decoded].map(([name, tensor]) => [name, tensor.shape])),
    signature,
  );
  return Object.fromEntries(decoded);
}

function namedValues(
  body: Record<string, unknown>,
  signature: ModelSignature,
): [string, unknown][] {
  const names = signature.inputs.map((spec) => spec.name);
  const { inputs, rows } = body;
  if (inputs !== undefined && rows !== undefined) {
    throw new TensorInputError('rows', "send either 'inputs' or 'rows', not both");
  }
  if (rows !== undefined) {
    if (names.length !== 1) {
      throw new TensorInputError(
        'rows',
        `'rows' is only for models with one input; this model's inputs are: ${names.join(', ')} ` +
          "(send 'inputs': {<name>: [...]} instead)",
      );
    }
    return [[names[0], rows]];
  }
  if (typeof inputs !== 'object' || inputs === null || Array.isArray(inputs)) {
    throw new TensorInputError(
      'inputs',
      `'inputs' must be an object mapping input names (${names.join(', ')}) to nested arrays` +
        (names.length === 1 ? ", or send 'rows'" : ''),
    );
  }
  return Object.entries(inputs);
}
