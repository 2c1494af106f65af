/**
 * Bad input to the learning loop (a dataset, labels, scores, hyperparameters): retrying cannot
 * fix it, and the message says what to change, so the API answers it with a 4xx verbatim and a
 * job runner fails at once. `details` holds what the message names (column, row, ...).
 */
export class TrainingInputError extends Error {
  constructor(
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = 'TrainingInputError';
  }
}

/** The exported ONNX model does not reproduce the trainer's outputs within the tolerance. */
export class ExportVerificationError extends Error {
  constructor(
    message: string,
    readonly maxAbsDiff: number,
  ) {
    super(message);
    this.name = 'ExportVerificationError';
  }
}
