import { Tensor, type InferenceSession } from 'onnxruntime-node';

/** Outputs by name, as nested arrays of numbers along the batch dimension. */
export type RowOutputs = Record<string, unknown[]>;

/** One `session.run` over `rows` (a [rows, features] float32 tensor); outputs as plain arrays. */
export async function inferRows(session: InferenceSession, rows: number[][]): Promise<RowOutputs> {
  const input = new Tensor('float32', Float32Array.from(rows.flat()), [
    rows.length,
    rows[0].length,
  ]);
  const results = await session.run({ [session.inputNames[0]]: input });
  const outputs: RowOutputs = {};
  for (const [name, tensor] of Object.entries(results)) {
    const values = Array.from(tensor.data as ArrayLike<number | bigint>, Number);
    const width = tensor.dims.slice(1).reduce((a, b) => a * b, 1);
    outputs[name] =
      tensor.dims.length === 1
        ? values
        : Array.from({ length: rows.length }, (_, i) => values.slice(i * width, (i + 1) * width));
  }
  return outputs;
}
