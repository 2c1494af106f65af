import type * as TF from '@tensorflow/tfjs';
import type { Tfjs } from './tf-backend';
import type { Activation } from './types';

export interface LayerTensors {
  /** [inputs, outputs] */
  weights: TF.Tensor2D;
  /** [outputs] */
  bias: TF.Tensor1D;
}

/** x·W + b through every layer, the activation between them; returns the last layer's output. */
export function forward(
  tf: Tfjs,
  x: TF.Tensor2D,
  layers: readonly LayerTensors[],
  activation: Activation,
): TF.Tensor2D {
  let h = x;
  layers.forEach((layer, i) => {
    h = tf.add(tf.matMul(h, layer.weights), layer.bias);
    if (i < layers.length - 1) h = activation === 'relu' ? tf.relu(h) : tf.tanh(h);
  });
  return h;
}

/** Width of each layer's output, from the feature count through the hidden layers. */
export function layerShapes(
  features: number,
  hidden: readonly number[],
  outputs: number,
): [number, number][] {
  const widths = [features, ...hidden, outputs];
  return widths.slice(1).map((width, i) => [widths[i], width]);
}
