import type * as TF from '@tensorflow/tfjs';

/** The tfjs module; loaded on first use, so processes that never train do not pay for it. */
export type Tfjs = typeof TF;

let loading: Promise<Tfjs> | undefined;

/**
 * Loads tfjs (about 200 ms and 30 MB, hence lazily) and selects its pure-JS CPU backend:
 * deterministic, and the same in every process (no WebGL, no native bindings). Production mode
 * only silences tfjs's console advice to install tfjs-node; it turns off no computation checks.
 */
export function loadTfjs(): Promise<Tfjs> {
  loading ??= (async () => {
    const tf = await import('@tensorflow/tfjs');
    tf.enableProdMode();
    if (!(await tf.setBackend('cpu'))) throw new Error('tfjs: the cpu backend failed to start');
    await tf.ready();
    return tf;
  })().catch((error: unknown) => {
    loading = undefined; // let a later call try again
    throw error;
  });
  return loading;
}
