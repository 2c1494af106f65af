import { TensorInputError } from './errors';

/** A JSON tensor value: a scalar, or arrays of arrays of scalars. */
export type NestedArray = number | boolean | string | NestedArray[];

export interface Flattened {
  shape: number[];
  values: unknown[];
}

/**
 * Flattens nested arrays row-major and infers their shape from the first element at each depth;
 * a scalar has shape []. Ragged arrays, or an array where a value belongs (or the reverse),
 * throw a TensorInputError naming `input` and the first offending position, e.g.
 * `input 'x': ragged array: [1] has 2 elements, but [0] has 3`.
 */
export function flattenNested(input: string, value: unknown): Flattened {
  const shape: number[] = [];
  for (let v = value; Array.isArray(v); v = v[0]) {
    shape.push(v.length);
    if (v.length === 0) break;
  }
  const values: unknown[] = [];
  const path: number[] = [];
  const walk = (v: unknown): void => {
    const depth = path.length;
    if (depth === shape.length) {
      if (Array.isArray(v)) throw ragged(input, path, 'is an array', 'is a value');
      values.push(v);
      return;
    }
    if (!Array.isArray(v)) throw ragged(input, path, 'is a value', 'is an array');
    if (v.length !== shape[depth]) {
      throw ragged(input, path, `has ${v.length} elements`, `has ${shape[depth]}`);
    }
    for (let i = 0; i < v.length; i++) {
      path.push(i);
      walk(v[i]);
      path.pop();
    }
  };
  walk(value);
  return { shape, values };
}

/** Whether `data` holds any array, i.e. is nested rather than flat. */
export function isNested(data: readonly unknown[]): boolean {
  return data.some((item) => Array.isArray(item));
}

function ragged(input: string, path: number[], got: string, reference: string): TensorInputError {
  const first = path.map(() => 0);
  return new TensorInputError(
    input,
    `input '${input}': ragged array: [${path.join(', ')}] ${got}, but [${first.join(', ')}] ${reference}`,
  );
}
