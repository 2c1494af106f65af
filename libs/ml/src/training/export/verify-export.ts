import { InferenceSession } from 'onnxruntime-node';
import { argmaxRows, toRows } from '../../onnx';
import { runOrtSession } from '../../tensors';
import { ExportVerificationError, TrainingInputError } from '../errors';
import type { TrainedModel } from '../trainers/types';

export interface ExportCheck {
  /** Largest |onnx - trainer| over every output value of the sample. */
  maxAbsDiff: number;
  ok: boolean;
  /** Rows compared. */
  rows: number;
}

/**
 * Runs the exported model in onnxruntime on `xSample` (raw features) and compares it with the
 * trainer's `model.predict`. A value passes when |onnx - trainer| <= tolerance * max(1, |trainer|):
 * absolute for probabilities and small predictions, relative for large regression outputs,
 * where float32 cannot do better. A classifier's `label` must also equal the trainer's argmax,
 * except where the trainer's top two probabilities are within 2 * tolerance (a near-tie either
 * runtime may break its own way). Throws an ExportVerificationError when anything fails.
 */
export async function verifyExport(
  model: TrainedModel,
  bytes: Uint8Array,
  xSample: readonly (readonly number[])[],
  tolerance = 1e-4,
): Promise<ExportCheck> {
  if (xSample.length === 0)
    throw new TrainingInputError('verifyExport needs at least one sample row');
  const width = model.features.length;
  const expected = model.predict(xSample);
  const outputName = model.task === 'classification' ? 'probabilities' : 'prediction';
  const session = await InferenceSession.create(bytes);
  let outputs;
  try {
    outputs = await runOrtSession(session, {
      input: {
        datatype: 'FP32',
        shape: [xSample.length, width],
        data: Float32Array.from(xSample.flat()),
      },
    });
  } finally {
    await session.release();
  }
  const output = outputs[outputName];
  if (output === undefined) {
    throw new ExportVerificationError(`the exported ONNX model has no '${outputName}' output`, NaN);
  }
  const actual = toRows(output.data as Float32Array, expected[0].length);
  let maxAbsDiff = 0;
  let worst = { row: 0, column: 0, excess: 0 };
  expected.forEach((row, i) =>
    row.forEach((value, j) => {
      const diff = Math.abs(actual[i][j] - value);
      maxAbsDiff = Number.isNaN(diff) ? NaN : Math.max(maxAbsDiff, diff);
      // NaN (onnxruntime or the trainer gave a non-number) fails as surely as a large difference
      const excess = Number.isNaN(diff)
        ? Infinity
        : diff / (tolerance * Math.max(1, Math.abs(value)));
      if (excess > worst.excess) worst = { row: i, column: j, excess };
    }),
  );
  const { row, column } = worst;
  if (worst.excess > 1) {
    throw new ExportVerificationError(
      `the exported ONNX model does not reproduce the trainer: ${outputName}[${row}][${column}] is ` +
        `${actual[row][column]} in onnxruntime but ${expected[row][column]} in the trainer ` +
        `(max |diff| ${maxAbsDiff}, tolerance ${tolerance})`,
      maxAbsDiff,
    );
  }
  if (model.task === 'classification')
    checkLabels(outputs.label.data, expected, tolerance, maxAbsDiff);
  return { maxAbsDiff, ok: true, rows: xSample.length };
}

function checkLabels(
  labels: ArrayLike<number | bigint> | readonly string[],
  expected: readonly (readonly number[])[],
  tolerance: number,
  maxAbsDiff: number,
): void {
  const wanted = argmaxRows(expected);
  expected.forEach((row, i) => {
    const sorted = [...row].sort((a, b) => b - a);
    const clear = sorted.length < 2 || sorted[0] - sorted[1] > 2 * tolerance;
    if (clear && Number(labels[i]) !== wanted[i]) {
      throw new ExportVerificationError(
        `the exported ONNX model predicts class ${Number(labels[i])} for row ${i}, the trainer ${wanted[i]}`,
        maxAbsDiff,
      );
    }
  });
}
