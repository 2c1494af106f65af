import type * as TF from '@tensorflow/tfjs';
import type { DenseLayer } from '../../onnx';
import { seededRandom } from '../../onnx';
import { seededPermutation } from '../dataset/split';
import { TrainingInputError } from '../errors';
import { forward, layerShapes, type LayerTensors } from './network';
import type { Tfjs } from './tf-backend';
import type { Hyperparameters, TrainOptions } from './types';

export interface FitProblem {
  /** Standardized features. */
  x: number[][];
  /** Class indices (classification) or the standardized target (regression). */
  y: number[];
  /** Number of classes; 0 for regression. */
  classCount: number;
}

export interface FitResult {
  /** The trained layers, on standardized features. */
  layers: DenseLayer[];
  lossHistory: number[];
}

/**
 * Mini-batch training with Adam on tfjs's CPU backend. Deterministic: weights
 * start from Glorot-uniform draws seeded by `seed + layer index` (biases at 0), and each epoch
 * visits the samples in an order drawn from a generator seeded by `seed`. Loss: softmax cross
 * entropy for classification, mean squared error for regression, plus the optional L2 penalty.
 * Every tensor it makes is disposed before it returns or throws.
 */
export async function fitNetwork(
  tf: Tfjs,
  problem: FitProblem,
  hp: Required<Hyperparameters>,
  options: TrainOptions,
): Promise<FitResult> {
  const { x, y, classCount } = problem;
  const features = x[0].length;
  const shapes = layerShapes(features, hp.hiddenUnits, classCount > 0 ? classCount : 1);
  const layers: (LayerTensors & { variables: TF.Variable[] })[] = shapes.map(
    ([inputs, outputs], i) => {
      const initial = tf.initializers.glorotUniform({ seed: hp.seed + i }).apply([inputs, outputs]);
      const zeros = tf.zeros([outputs]);
      // a variable shares its initial tensor's data, but that tensor still counts until disposed
      const weights = tf.variable(initial) as TF.Variable<TF.Rank.R2>;
      const bias = tf.variable(zeros) as TF.Variable<TF.Rank.R1>;
      tf.dispose([initial, zeros]);
      return { weights, bias, variables: [weights, bias] };
    },
  );
  const inputs = tf.tensor2d(x, [x.length, features]);
  const targets = tf.tidy(() =>
    classCount > 0
      ? tf.oneHot(tf.tensor1d(y, 'int32'), classCount).toFloat()
      : tf.tensor2d(y, [y.length, 1]),
  );
  const optimizer = tf.train.adam(hp.learningRate);
  const variables = layers.flatMap((layer) => layer.variables);
  const random = seededRandom(hp.seed);
  const lossHistory: number[] = [];
  try {
    for (let epoch = 1; epoch <= hp.epochs; epoch++) {
      options.signal?.throwIfAborted();
      const order = seededPermutation(x.length, random);
      let total = 0;
      for (let start = 0; start < order.length; start += hp.batchSize) {
        const batch = order.slice(start, start + hp.batchSize);
        total += batch.length * step(batch);
      }
      const loss = total / x.length;
      if (!Number.isFinite(loss)) {
        throw new TrainingInputError(
          `training diverged: the loss became ${loss} at epoch ${epoch}; lower the learningRate`,
        );
      }
      lossHistory.push(loss);
      await options.onEpoch?.(epoch, hp.epochs, loss);
      // let timers (job lock renewal, heartbeats) run between epochs
      await new Promise((resolve) => setImmediate(resolve));
    }
    return {
      layers: layers.map((layer) => ({
        weights: layer.weights.arraySync(),
        bias: layer.bias.arraySync(),
      })),
      lossHistory,
    };
  } finally {
    tf.dispose([inputs, targets, ...variables]);
    optimizer.dispose();
  }

  function step(batch: number[]): number {
    return tf.tidy(() => {
      const index = tf.tensor1d(batch, 'int32');
      const xb = tf.gather(inputs, index);
      const yb = tf.gather(targets, index);
      const cost = optimizer.minimize(
        () => {
          const out = forward(tf, xb, layers, hp.activation);
          const data =
            classCount > 0
              ? tf.losses.softmaxCrossEntropy(yb, out)
              : tf.losses.meanSquaredError(yb, out);
          if (hp.l2 === 0) return data as TF.Scalar;
          const penalty = tf.addN(layers.map((layer) => tf.sum(tf.square(layer.weights))));
          return tf.add(data, tf.mul(hp.l2, penalty));
        },
        true,
        variables,
      );
      return cost === null ? NaN : cost.dataSync()[0];
    });
  }
}
