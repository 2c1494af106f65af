import type {
  LinearRegressionParams,
  LogisticRegressionParams,
  MlpParams,
} from './model-factories';

/**
 * Plain-TypeScript versions of the math our ONNX models do, in float64, so tests can check what
 * onnxruntime returns. Matrices are arrays of rows.
 */
export type Matrix = readonly (readonly number[])[];

export function matmul(a: Matrix, b: Matrix): number[][] {
  const inner = b.length;
  const cols = b[0]?.length ?? 0;
  return a.map((row) => {
    if (row.length !== inner)
      throw new Error(`matmul: ${row.length} columns against ${inner} rows`);
    const out = new Array<number>(cols).fill(0);
    row.forEach((value, k) => {
      for (let j = 0; j < cols; j++) out[j] += value * b[k][j];
    });
    return out;
  });
}

/** Adds `row` to every row of `m` (ONNX/numpy broadcasting of a trailing vector). */
export function addRow(m: Matrix, row: readonly number[]): number[][] {
  return m.map((r) => {
    if (r.length !== row.length) throw new Error(`addRow: ${r.length} vs ${row.length} columns`);
    return r.map((value, j) => value + row[j]);
  });
}

export function softmaxRows(m: Matrix): number[][] {
  return m.map((row) => {
    const max = Math.max(...row); // subtracting the max keeps exp() from overflowing
    const exps = row.map((value) => Math.exp(value - max));
    const total = exps.reduce((sum, value) => sum + value, 0);
    return exps.map((value) => value / total);
  });
}

export function relu(m: Matrix): number[][] {
  return m.map((row) => row.map((value) => Math.max(0, value)));
}

export function tanh(m: Matrix): number[][] {
  return m.map((row) => row.map(Math.tanh));
}

/** Index of each row's largest value; ties go to the first, as ONNX ArgMax does by default. */
export function argmaxRows(m: Matrix): number[] {
  return m.map((row) => row.reduce((best, value, j) => (value > row[best] ? j : best), 0));
}

/** Splits row-major data (e.g. an onnxruntime tensor's `data`) into rows of `cols` values. */
export function toRows(data: ArrayLike<number | bigint>, cols: number): number[][] {
  const rows: number[][] = [];
  for (let start = 0; start < data.length; start += cols) {
    rows.push(Array.from({ length: cols }, (_, j) => Number(data[start + j])));
  }
  return rows;
}

export function logisticRegressionReference(
  params: LogisticRegressionParams,
  input: Matrix,
): { probabilities: number[][]; label: number[] } {
  const probabilities = softmaxRows(addRow(matmul(input, params.weights), params.bias));
  return { probabilities, label: argmaxRows(probabilities) };
}

/** Returns one single-value row per sample, like the model's [batch, 1] output. */
export function linearRegressionReference(
  params: LinearRegressionParams,
  input: Matrix,
): number[][] {
  const column = params.weights.map((weight) => [weight]);
  return addRow(matmul(input, column), [params.bias]);
}

export function mlpReference(params: MlpParams, input: Matrix): number[][] {
  let current: number[][] = input.map((row) => [...row]);
  params.layers.forEach((layer, index) => {
    current = addRow(matmul(current, layer.weights), layer.bias);
    if (index < params.layers.length - 1) {
      current = params.activation === 'relu' ? relu(current) : tanh(current);
    }
  });
  return params.output === 'softmax' ? softmaxRows(current) : current;
}
