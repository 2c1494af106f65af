import type { DenseLayer } from '../../onnx';
import type { LearningTask } from '../dataset/types';

export type Algorithm = 'logistic_regression' | 'linear_regression' | 'mlp';
export type Activation = 'relu' | 'tanh';

export interface Hyperparameters {
  epochs: number;
  /** Adam's step size. */
  learningRate: number;
  batchSize: number;
  /** Hidden layer widths (MLP only; the linear models have none). */
  hiddenUnits: number[];
  /** Applied after every hidden layer (MLP only). */
  activation: Activation;
  /**
   * Weight decay: l2 * (sum of squared weights, biases excluded) is added to the loss; the
   * weights are those of the network on standardized features. 0 by default.
   */
  l2?: number;
  /** Seeds the initial weights and the per-epoch shuffle: same seed, same data, same model. */
  seed: number;
}

export interface TrainOptions {
  /** Called after each epoch (1-based) with the epoch's mean training loss; awaited. */
  onEpoch?: (epoch: number, epochs: number, loss: number) => void | Promise<void>;
  /** Checked before each epoch; training stops by throwing the signal's reason. */
  signal?: AbortSignal;
}

/** The standardization the trainer applied: z = (x - mean) / std, y = mean + std * output. */
export interface Scaling {
  featureMean: number[];
  featureStd: number[];
  /** 0 and 1 for classification. */
  targetMean: number;
  targetStd: number;
}

export interface TrainedModel {
  algorithm: Algorithm;
  task: LearningTask;
  features: string[];
  /** Classification: class names by index. */
  classes?: string[];
  /**
   * The network on raw features, with the standardization folded into the first layer (and, for
   * regression, the target scaling into the last): exactly what the ONNX export computes.
   */
  layers: DenseLayer[];
  activation: Activation;
  /** softmax (class probabilities) for classification, identity for regression. */
  output: 'softmax' | 'identity';
  scaling: Scaling;
  hyperparameters: Required<Hyperparameters>;
  /** Mean training loss per epoch, on the standardized problem. */
  lossHistory: number[];
  /**
   * The trainer's own outputs, computed with tfjs from the unfolded weights: class
   * probabilities [n, C] or predictions [n, 1].
   */
  predict(x: readonly (readonly number[])[]): number[][];
}
