import type { DenseLayer } from '../../onnx';
import type { Scaling } from './types';

/** Means and population standard deviations of the features and, for regression, the target. */
export function computeScaling(
  x: readonly (readonly number[])[],
  y: readonly number[],
  scaleTarget: boolean,
): Scaling {
  const columns = x[0]?.length ?? 0;
  const featureMean = Array.from({ length: columns }, (_, j) => mean(x.map((row) => row[j])));
  const featureStd = featureMean.map((m, j) =>
    std(
      x.map((row) => row[j]),
      m,
    ),
  );
  const targetMean = scaleTarget ? mean(y) : 0;
  return { featureMean, featureStd, targetMean, targetStd: scaleTarget ? std(y, targetMean) : 1 };
}

export function standardize(x: readonly (readonly number[])[], scaling: Scaling): number[][] {
  const { featureMean, featureStd } = scaling;
  return x.map((row) => row.map((value, j) => (value - featureMean[j]) / featureStd[j]));
}

/**
 * Layers that compute on raw features what `layers` compute on standardized ones:
 * z·W + b with z = (x - m) / s equals x·W' + b' with W'[i] = W[i] / s[i] and b' = b - m·W'.
 * The last layer's output is also mapped back to the target's scale: W'' = W'·sy, b'' = b'·sy + my.
 * Computed in float64; the ONNX model stores the result as float32.
 */
export function foldScaling(layers: readonly DenseLayer[], scaling: Scaling): DenseLayer[] {
  const { featureMean, featureStd, targetMean, targetStd } = scaling;
  const folded = layers.map((layer) => ({
    weights: layer.weights.map((row) => [...row]),
    bias: [...layer.bias],
  }));
  const first = folded[0];
  first.weights = first.weights.map((row, i) => row.map((w) => w / featureStd[i]));
  first.bias = first.bias.map(
    (b, j) => b - first.weights.reduce((sum, row, i) => sum + featureMean[i] * row[j], 0),
  );
  const last = folded[folded.length - 1];
  last.weights = last.weights.map((row) => row.map((w) => w * targetStd));
  last.bias = last.bias.map((b) => b * targetStd + targetMean);
  return folded;
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** A constant column gets 1: it is centred but not divided (its weight then stays unused). */
function std(values: readonly number[], m: number): number {
  if (values.every((value) => value === values[0])) return 1;
  return Math.sqrt(values.reduce((sum, value) => sum + (value - m) ** 2, 0) / values.length);
}
