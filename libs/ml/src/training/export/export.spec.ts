import { beforeAll, describe, expect, it } from '@jest/globals';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { randomMatrix, seededRandom } from '../../onnx';
import { selectRows, seededSplit, toXY } from '../dataset';
import { syntheticRegression } from '../dataset/synthetic';
import type { TabularDataset, XYData } from '../dataset/types';
import { ExportVerificationError } from '../errors';
import { trainLinearRegression, trainLogisticRegression, trainMlp } from '../trainers';
import type { TrainedModel } from '../trainers/types';
import { exportToOnnx } from './export-onnx';
import { verifyExport } from './verify-export';

/** Three classes, by which of x1, x2 and -(x1 + x2) is largest; x3 is noise on another scale. */
function threeClasses(rows: number, seed: number): TabularDataset {
  const x = randomMatrix(seededRandom(seed), rows, 3, 2);
  return {
    columns: ['x1', 'x2', 'x3', 'kind'].map((name, j) => ({
      name,
      type: j < 3 ? 'number' : 'string',
    })),
    rows: x.map(([a, b, c]) => {
      const scores = [a, b, -(a + b)];
      return [a, b, c * 100 + 50, ['red', 'green', 'blue'][scores.indexOf(Math.max(...scores))]];
    }),
  };
}

function split(data: XYData): { train: XYData; test: XYData } {
  const { train, test } = seededSplit(data.x.length, 0.3, 5);
  return { train: selectRows(data, train), test: selectRows(data, test) };
}

const classes = split(toXY(threeClasses(300, 21), 'kind', 'classification'));
const values = split(
  toXY(
    syntheticRegression({ rows: 200, weights: [1.5, -2], bias: 30, noise: 0.1, seed: 22 }),
    'y',
    'regression',
  ),
);
const hp = { epochs: 15, learningRate: 0.05, seed: 3 };

describe('exportToOnnx + verifyExport', () => {
  const models: Record<string, TrainedModel> = {};
  beforeAll(async () => {
    models.logistic = await trainLogisticRegression(classes.train, hp);
    models.mlpClassifier = await trainMlp(classes.train, { ...hp, hiddenUnits: [8, 6] });
    models.linear = await trainLinearRegression(values.train, hp);
    models.mlpRegressor = await trainMlp(values.train, {
      ...hp,
      hiddenUnits: [6],
      activation: 'tanh',
    });
  });

  it.each(['logistic', 'mlpClassifier'])(
    'exports the %s as probabilities and label',
    async (name) => {
      const model = models[name];
      const session = await InferenceSession.create(exportToOnnx(model));
      try {
        expect(session.inputNames).toEqual(['input']);
        expect(session.outputNames).toEqual(['probabilities', 'label']);
        const input = new Tensor('float32', Float32Array.from(classes.test.x.flat()), [
          classes.test.x.length,
          3,
        ]);
        const { probabilities, label } = await session.run({ input });
        expect(probabilities.dims).toEqual([classes.test.x.length, 3]);
        expect(label.type).toBe('int64');
        const expected = model.predict(classes.test.x);
        const labels = Array.from(label.data as BigInt64Array, Number);
        expect(labels).toEqual(expected.map((row) => row.indexOf(Math.max(...row))));
      } finally {
        await session.release();
      }
    },
  );

  it.each(['logistic', 'mlpClassifier', 'linear', 'mlpRegressor'])(
    'reproduces the %s trainer on the held-out set within 1e-4',
    async (name) => {
      const model = models[name];
      const test = model.task === 'classification' ? classes.test : values.test;
      const check = await verifyExport(model, exportToOnnx(model), test.x);
      expect(check).toEqual({ maxAbsDiff: check.maxAbsDiff, ok: true, rows: test.x.length });
      expect(check.maxAbsDiff).toBeLessThan(1e-4);
    },
  );

  it('exports regressors as a [batch, 1] prediction', async () => {
    for (const model of [models.linear, models.mlpRegressor]) {
      const session = await InferenceSession.create(exportToOnnx(model));
      expect(session.outputNames).toEqual(['prediction']);
      const { prediction } = await session.run({
        input: new Tensor('float32', Float32Array.from([1, 2, 3, 4]), [2, 2]),
      });
      expect(prediction.dims).toEqual([2, 1]);
      await session.release();
    }
  });

  it('fails clearly when the export does not match the trainer', async () => {
    const model = models.linear;
    const tampered = {
      ...model,
      layers: [{ ...model.layers[0], bias: [model.layers[0].bias[0] + 0.01] }],
    };
    const verify = verifyExport(model, exportToOnnx(tampered), values.test.x);
    await expect(verify).rejects.toThrow(ExportVerificationError);
    await expect(verifyExport(model, exportToOnnx(tampered), values.test.x)).rejects.toThrow(
      /does not reproduce the trainer: prediction\[\d+\]\[0\]/,
    );
  });
});
