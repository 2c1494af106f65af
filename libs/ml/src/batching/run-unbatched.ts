import type { HostTensor } from '../tensors';
import { requestLayout } from './tensor-batch';
import type { BatchedResult, BatchRunner } from './types';

/**
 * Runs `inputs` at once, on its own, with the same result shape as DynamicBatcher.submit (for
 * models served with batching off): queueSeconds is 0 and batchSize is the request's own rows.
 */
export async function runUnbatched(
  inputs: Record<string, HostTensor>,
  run: BatchRunner,
): Promise<BatchedResult> {
  const { rows } = requestLayout(inputs);
  const started = performance.now();
  const outputs = await run(inputs);
  const computeSeconds = (performance.now() - started) / 1000;
  return { outputs, queueSeconds: 0, computeSeconds, batchSize: rows };
}
