import type { DenseLayer } from './model-factories';

/**
 * Deterministic pseudo-random numbers (mulberry32) for test and benchmark models, so a failure
 * reproduces exactly. Not for anything security-related.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A rows x cols matrix of values in [-scale, scale). Values are rounded to float32 so that a
 * float64 reference computed from them sees exactly the numbers the ONNX model stores.
 */
export function randomMatrix(
  random: () => number,
  rows: number,
  cols: number,
  scale = 1,
): number[][] {
  return Array.from({ length: rows }, () =>
    Array.from({ length: cols }, () => Math.fround((random() * 2 - 1) * scale)),
  );
}

export function randomDenseLayer(
  random: () => number,
  inputs: number,
  outputs: number,
): DenseLayer {
  return {
    weights: randomMatrix(random, inputs, outputs),
    bias: randomMatrix(random, 1, outputs)[0],
  };
}
