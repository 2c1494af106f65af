import { logisticRegression, mlp, randomDenseLayer, seededRandom } from '@mlserve/ml';

export type ModelKey = 'logreg' | 'mlp';

/** A model under test and the one request body every server receives for it. */
export interface BenchModel {
  key: ModelKey;
  description: string;
  bytes: Uint8Array;
  /** `{"rows": [[...]]}`: one row, the same bytes for the platform and the bare server. */
  body: string;
}

export function benchModels(): BenchModel[] {
  const logreg = logisticRegression(randomDenseLayer(seededRandom(7), 4, 3));
  const random = seededRandom(11);
  const net = mlp({
    layers: [
      randomDenseLayer(random, 64, 256),
      randomDenseLayer(random, 256, 256),
      randomDenseLayer(random, 256, 10),
    ],
    activation: 'relu',
    output: 'identity',
  });
  return [
    {
      key: 'logreg',
      description: 'logistic regression 4→3 (softmax + argmax)',
      bytes: logreg.bytes,
      body: oneRowBody(4, 1),
    },
    {
      key: 'mlp',
      description: 'MLP 64→256→256→10 (relu)',
      bytes: net.bytes,
      body: oneRowBody(64, 2),
    },
  ];
}

function oneRowBody(features: number, seed: number): string {
  const random = seededRandom(seed);
  const row = Array.from({ length: features }, () => Number((random() * 2 - 1).toFixed(4)));
  return JSON.stringify({ rows: [row] });
}
