import { describe, expect, it } from '@jest/globals';
import { mlpReference, randomDenseLayer, seededRandom } from '../../onnx';
import { computeScaling, foldScaling, standardize } from './scaling';

describe('foldScaling', () => {
  const random = seededRandom(3);
  const x = Array.from({ length: 20 }, () => [random() * 100 + 50, random() * 0.01, 7]);
  const y = x.map((row) => row[0] * 2 + 1000);

  it('computes means and population standard deviations, 1 for a constant column', () => {
    const scaling = computeScaling(
      [
        [1, 5],
        [3, 5],
      ],
      [10, 20],
      true,
    );
    expect(scaling).toEqual({
      featureMean: [2, 5],
      featureStd: [1, 1],
      targetMean: 15,
      targetStd: 5,
    });
    expect(computeScaling([[1], [3]], [0, 1], false)).toMatchObject({
      targetMean: 0,
      targetStd: 1,
    });
  });

  it.each([
    ['a single layer', [randomDenseLayer(random, 3, 1)]],
    ['hidden layers', [randomDenseLayer(random, 3, 5), randomDenseLayer(random, 5, 1)]],
  ])('makes %s on raw features compute what it computes on standardized ones', (_, layers) => {
    const scaling = computeScaling(x, y, true);
    const params = { activation: 'tanh' as const, output: 'identity' as const };
    const onStandardized = mlpReference({ layers, ...params }, standardize(x, scaling)).map(
      ([v]) => v * scaling.targetStd + scaling.targetMean,
    );
    const onRaw = mlpReference({ layers: foldScaling(layers, scaling), ...params }, x).map(
      ([v]) => v,
    );
    onRaw.forEach((value, i) => expect(value).toBeCloseTo(onStandardized[i], 8));
  });
});
