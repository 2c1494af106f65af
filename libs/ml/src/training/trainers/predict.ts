import type * as TF from '@tensorflow/tfjs';
import type { DenseLayer } from '../../onnx';
import { TrainingInputError } from '../errors';
import { forward } from './network';
import type { Tfjs } from './tf-backend';
import type { Activation, Scaling } from './types';

/**
 * The trainer's forward pass as a plain function of raw feature rows: standardize, run the
 * layers trained on standardized features, then softmax (classification) or undo the target's
 * scaling (regression). Runs on tfjs in float32, like training; no tensor outlives a call.
 */
export function makePredict(
  tf: Tfjs,
  layers: readonly DenseLayer[],
  scaling: Scaling,
  activation: Activation,
  output: 'softmax' | 'identity',
): (x: readonly (readonly number[])[]) => number[][] {
  const features = scaling.featureMean.length;
  return (x) => {
    if (x.length === 0) return [];
    const bad = x.findIndex((row) => row.length !== features);
    if (bad >= 0) {
      throw new TrainingInputError(
        `predict: row ${bad + 1} has ${x[bad].length} values for ${features} features`,
      );
    }
    const result = tf.tidy(() => {
      const raw = tf.tensor2d(x as number[][], [x.length, features]);
      const z = tf.div<TF.Tensor2D>(tf.sub(raw, scaling.featureMean), scaling.featureStd);
      const tensors = layers.map((layer) => ({
        weights: tf.tensor2d(layer.weights as number[][]),
        bias: tf.tensor1d(layer.bias as number[]),
      }));
      const out = forward(tf, z, tensors, activation);
      return output === 'softmax'
        ? tf.softmax(out)
        : tf.add(tf.mul(out, scaling.targetStd), scaling.targetMean);
    });
    try {
      return result.arraySync() as number[][];
    } finally {
      result.dispose();
    }
  };
}
