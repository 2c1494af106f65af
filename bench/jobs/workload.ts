import { seededRandom } from '@mlserve/ml';

/** The rows every job carries: `count` rows of 4 floats, the same for every contender. */
export function jobRows(count: number, seed = 3): number[][] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () =>
    Array.from({ length: 4 }, () => Number((random() * 2 - 1).toFixed(4))),
  );
}

/** The body of `POST /v1/jobs` for an inference job over `rows` with model `model`. */
export function inferenceJobBody(model: string, rows: number[][]): string {
  return JSON.stringify({ type: 'inference', payload: { model, input: { rows } } });
}
