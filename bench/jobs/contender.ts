import type { RunJob } from './closed-loop';
import type { RowOutputs } from './onnx-rows';

export type ContenderId = 'platform-bullmq' | 'platform-rabbitmq' | 'raw-bullmq';

/** One way of getting inference jobs done, measured against the others. */
export interface Contender {
  id: ContenderId;
  description: string;
  /** Runs the next job (its own rows) end to end; resolves once it has succeeded. */
  runJob: RunJob;
  /** The worker processes' ids, for CPU accounting and profiling. */
  workerPids: readonly number[];
  /** Runs one job over `rows` and returns its outputs, to check the contenders agree. */
  outputsFor(rows: number[][]): Promise<RowOutputs>;
  close(): Promise<void>;
}

/** A source of distinct rows per job: job k of every contender gets the same rows. */
export class RowSequence {
  private next = 0;

  constructor(private readonly make: (index: number) => number[][]) {}

  take(): number[][] {
    const rows = this.make(this.next);
    this.next += 1;
    return rows;
  }
}
