import { maxRelativeDifference } from '../inference/verify';
import type { Contender, ContenderId } from './contender';
import { jobRows } from './workload';

const TOLERANCE = 1e-4;

/**
 * Runs one job with the same rows on every contender and checks the outputs agree with the raw
 * worker's (names, shapes, values within 1e-4 relative), so like is compared with like.
 */
export async function verifyOutputs(
  contenders: readonly Contender[],
  rowCount: number,
): Promise<Partial<Record<ContenderId, number>>> {
  const rows = jobRows(rowCount, 1);
  const answers = await Promise.all(
    contenders.map(async (c) => ({ outputs: await c.outputsFor(rows) })),
  );
  const reference = answers[contenders.findIndex((c) => c.id === 'raw-bullmq')];
  if (!reference) {
    console.warn('no raw contender in this run: outputs not cross-checked');
    return {};
  }
  const differences: Partial<Record<ContenderId, number>> = {};
  contenders.forEach((c, i) => {
    const difference = maxRelativeDifference(answers[i], reference);
    if (difference > TOLERANCE) throw new Error(`${c.id} differs from raw by ${difference}`);
    differences[c.id] = difference;
  });
  return differences;
}
