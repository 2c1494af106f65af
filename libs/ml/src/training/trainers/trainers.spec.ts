import { describe, expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs';
import { selectRows, seededSplit, toXY } from '../dataset';
import { syntheticClassification, syntheticRegression } from '../dataset/synthetic';
import type { XYData } from '../dataset/types';
import { TrainingInputError } from '../errors';
import { accuracy, r2 } from '../metrics';
import { trainLinearRegression, trainLogisticRegression, trainMlp, trainModel } from './trainers';

function split(data: XYData, seed = 1): { train: XYData; test: XYData } {
  const { train, test } = seededSplit(data.x.length, 0.25, seed);
  return { train: selectRows(data, train), test: selectRows(data, test) };
}

const argmax = (rows: number[][]): number[] => rows.map((row) => row.indexOf(Math.max(...row)));

const linear = split(
  toXY(
    syntheticClassification({ rows: 400, features: 3, seed: 11, labelNoise: 0.02 }),
    'label',
    'classification',
  ),
);
const xor = split(
  toXY(
    syntheticClassification({ rows: 400, features: 2, seed: 12, kind: 'xor' }),
    'label',
    'classification',
  ),
);
const regression = split(
  toXY(
    syntheticRegression({ rows: 300, weights: [2, -3, 0.5], bias: 4, noise: 0.05, seed: 13 }),
    'y',
    'regression',
  ),
);
const fast = { epochs: 40, learningRate: 0.05, batchSize: 64, seed: 7 };

describe('trainLogisticRegression', () => {
  it('separates a linearly separable dataset (> 0.9 test accuracy)', async () => {
    const model = await trainLogisticRegression(linear.train, fast);
    expect(model).toMatchObject({
      algorithm: 'logistic_regression',
      task: 'classification',
      output: 'softmax',
    });
    expect(model.classes).toEqual(['0', '1']);
    expect(model.layers.map((l) => [l.weights.length, l.bias.length])).toEqual([[3, 2]]);
    const probabilities = model.predict(linear.test.x);
    probabilities.forEach((row) => expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5));
    expect(accuracy(linear.test.y, argmax(probabilities))).toBeGreaterThan(0.9);
  });

  it('is deterministic for a fixed seed and reports every epoch', async () => {
    const epochs: number[] = [];
    const losses: number[] = [];
    const first = await trainLogisticRegression(
      linear.train,
      { ...fast, epochs: 10 },
      {
        onEpoch: (epoch, total, loss) => {
          epochs.push(epoch);
          losses.push(loss);
          expect(total).toBe(10);
        },
      },
    );
    const second = await trainLogisticRegression(linear.train, { ...fast, epochs: 10 });
    const other = await trainLogisticRegression(linear.train, { ...fast, epochs: 10, seed: 8 });
    expect(second.layers).toEqual(first.layers);
    expect(second.predict(linear.test.x)).toEqual(first.predict(linear.test.x));
    expect(other.layers).not.toEqual(first.layers);
    expect(epochs).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(first.lossHistory).toEqual(losses);
    expect(losses[9]).toBeLessThan(losses[0]);
  });
});

describe('trainLinearRegression', () => {
  it('recovers known coefficients (R² > 0.99)', async () => {
    const model = await trainLinearRegression(regression.train, { ...fast, epochs: 60 });
    const [layer] = model.layers;
    layer.weights.forEach(([w], j) => expect(w).toBeCloseTo([2, -3, 0.5][j], 1));
    expect(layer.bias[0]).toBeCloseTo(4, 1);
    const predictions = model.predict(regression.test.x).map(([v]) => v);
    expect(r2(regression.test.y, predictions)).toBeGreaterThan(0.99);
  });
});

describe('trainMlp', () => {
  it('learns XOR, which logistic regression cannot', async () => {
    const hp = { ...fast, epochs: 30, hiddenUnits: [16, 8], activation: 'tanh' as const };
    const mlp = await trainMlp(xor.train, hp);
    const logistic = await trainLogisticRegression(xor.train, fast);
    const mlpAccuracy = accuracy(xor.test.y, argmax(mlp.predict(xor.test.x)));
    const logisticAccuracy = accuracy(xor.test.y, argmax(logistic.predict(xor.test.x)));
    expect(mlp.layers.map((l) => l.bias.length)).toEqual([16, 8, 2]);
    expect(mlpAccuracy).toBeGreaterThan(0.9);
    expect(logisticAccuracy).toBeLessThan(0.75);
  });

  it('regresses too, and leaves no tensor behind', async () => {
    const before = tf.memory().numTensors;
    const model = await trainMlp(regression.train, { ...fast, hiddenUnits: [8], l2: 1e-4 });
    const predictions = model.predict(regression.test.x).map(([v]) => v);
    expect(r2(regression.test.y, predictions)).toBeGreaterThan(0.95);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('training input errors', () => {
  const oneClass: XYData = {
    task: 'classification',
    features: ['a'],
    x: [[1], [2]],
    y: [0, 0],
    classes: ['no', 'yes'],
  };
  it.each([
    ['empty data', () => trainMlp({ ...linear.train, x: [], y: [] }), /training data is empty/],
    ['a single class', () => trainLogisticRegression(oneClass), /only one class \('no'\)/],
    [
      'the wrong task',
      () => trainLinearRegression(linear.train),
      /linear_regression is for regression/,
    ],
    ['bad epochs', () => trainMlp(linear.train, { epochs: 0 }), /hyperparameter epochs must be/],
    ['bad hidden units', () => trainMlp(linear.train, { hiddenUnits: [0] }), /hiddenUnits/],
    [
      'a ragged row',
      () => trainModel('mlp', { ...oneClass, x: [[1], [2, 3]], y: [0, 1] }),
      /row 2 has 2 values/,
    ],
    [
      'a diverging learning rate',
      () => trainLinearRegression(regression.train, { learningRate: 1e30, epochs: 3 }),
      /diverged/,
    ],
  ])('rejects %s with a TrainingInputError', async (_, call, message) => {
    await expect(call()).rejects.toThrow(TrainingInputError);
    await expect(call()).rejects.toThrow(message);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    const run = trainLogisticRegression(linear.train, fast, {
      signal: controller.signal,
      onEpoch: (epoch) => {
        if (epoch === 2) controller.abort(new Error('job cancelled'));
      },
    });
    await expect(run).rejects.toThrow('job cancelled');
  });
});
