import type { RowOutputs } from './onnx-rows';

/** A raw BullMQ job's data: the rows themselves (the platform's messages carry only an id). */
export interface RawJobData {
  rows: number[][];
}

/** What the raw worker stores as a job's return value. */
export interface RawJobResult {
  /** The worker's Date.now() when the processor started and when it was done. */
  startedAt: number;
  finishedAt: number;
  outputs: RowOutputs;
}

export const RAW_READY_LINE = 'raw worker ready';
