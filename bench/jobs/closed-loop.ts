/** When one job passed each stage, all in wall-clock milliseconds (Date.now() of one machine). */
export interface JobTiming {
  /** The client, just before it sent the submit request. */
  submittedAt: number;
  /** Round trip of the submit call (HTTP 202, or BullMQ's `add`), by the client's hrtime. */
  submitMs: number;
  /** The job was recorded: the row's created_at, or the BullMQ job's timestamp. */
  createdAt: number;
  /** A worker took it: the row's started_at (the claim), or the processor's start. */
  startedAt: number;
  /** The worker's final write began: the row's finished_at, or the processor's end. */
  finishedAt: number;
}

/** Runs one job end to end and resolves when it has succeeded; rejects otherwise. */
export type RunJob = () => Promise<JobTiming>;

export interface LoopResult {
  /** Date.now() when the loops started. */
  startedAt: number;
  timings: JobTiming[];
  errors: number;
  firstError: string | undefined;
}

/**
 * `concurrency` closed loops share `count` jobs: each submits one, waits until it has
 * SUCCEEDED, and submits the next. At most `concurrency` jobs are in the system at a time.
 */
export async function runClosedLoops(
  runJob: RunJob,
  count: number,
  concurrency: number,
): Promise<LoopResult> {
  const result: LoopResult = {
    startedAt: Date.now(),
    timings: [],
    errors: 0,
    firstError: undefined,
  };
  let claimed = 0;
  const loop = async (): Promise<void> => {
    while (claimed < count) {
      claimed += 1;
      try {
        result.timings.push(await runJob());
      } catch (error) {
        result.errors += 1;
        result.firstError ??= String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, loop));
  return result;
}
