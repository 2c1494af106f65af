import type { HostTensor } from '../tensors';

/** Runs a model once on (possibly merged) inputs, e.g. an onnxruntime session via toOrtTensor. */
export type BatchRunner = (
  inputs: Record<string, HostTensor>,
) => Promise<Record<string, HostTensor>>;

export interface BatchRunResult {
  outputs: Record<string, HostTensor>;
}

export interface BatcherOptions {
  /** Most rows (summed first dims) one merged run may hold; a larger request runs alone. */
  maxBatchSize: number;
  /** Longest a request waits for others to join its batch, counted from when it was queued. */
  maxDelayMs: number;
  run: BatchRunner;
}

/** One caller's share of a run. */
export interface BatchedResult extends BatchRunResult {
  /** From submit() to the start of the run that served it. */
  queueSeconds: number;
  /** Duration of that run (shared by everyone in the batch). */
  computeSeconds: number;
  /** Rows in the run that served this request: the merged total, or its own rows if alone. */
  batchSize: number;
}

/** submit() after close(), or a request still queued when close() was called. */
export class BatcherClosedError extends Error {
  constructor() {
    super('the batcher is closed (the model is being unloaded or the server is stopping)');
    this.name = 'BatcherClosedError';
  }
}
