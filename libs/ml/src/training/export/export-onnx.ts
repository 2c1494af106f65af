import {
  BATCH_DIM,
  denseLayerNode,
  linearRegression,
  logisticRegression,
  OnnxGraphBuilder,
  type DenseLayer,
} from '../../onnx';
import type { TrainedModel } from '../trainers/types';

/**
 * Serializes a trained model as ONNX taking raw features, `input` FLOAT [batch, F]:
 * - classification: `probabilities` FLOAT [batch, C] and `label` INT64 [batch] (the class index;
 *   the names are `model.classes`), like the `logisticRegression` factory, which a single-layer
 *   classifier is built with;
 * - regression: `prediction` FLOAT [batch, 1], like the `linearRegression` factory, which a
 *   single-layer regressor is built with.
 * Hidden layers and their activation come before the same heads.
 */
export function exportToOnnx(model: TrainedModel): Uint8Array {
  const { layers, task } = model;
  if (layers.length === 1 && task === 'classification') return logisticRegression(layers[0]).bytes;
  if (layers.length === 1) {
    return linearRegression({
      weights: layers[0].weights.map((row) => row[0]),
      bias: layers[0].bias[0],
    }).bytes;
  }
  return denseStack(layers, model.activation, task);
}

function denseStack(
  layers: readonly DenseLayer[],
  activation: TrainedModel['activation'],
  task: TrainedModel['task'],
): Uint8Array {
  const g = new OnnxGraphBuilder({
    graphName: task === 'classification' ? 'mlp_classifier' : 'mlp_regressor',
  });
  const features = layers[0].weights.length;
  let current = g.input({ name: 'input', type: 'FLOAT', shape: [BATCH_DIM, features] });
  layers.forEach((layer, i) => {
    const last = i === layers.length - 1;
    current = denseLayerNode(
      g,
      current,
      layer,
      `layer${i}`,
      last && task === 'regression' ? 'prediction' : undefined,
    );
    if (!last) current = g.node(activation === 'relu' ? 'Relu' : 'Tanh', [current]);
  });
  const width = layers[layers.length - 1].bias.length;
  if (task === 'regression') {
    g.output({ name: 'prediction', type: 'FLOAT', shape: [BATCH_DIM, width] });
    return g.toBytes();
  }
  const probabilities = g.node('Softmax', [current], {
    attributes: { axis: { int: -1 } },
    output: 'probabilities',
  });
  g.node('ArgMax', [probabilities], {
    attributes: { axis: { int: 1 }, keepdims: { int: 0 } },
    output: 'label',
  });
  g.output({ name: 'probabilities', type: 'FLOAT', shape: [BATCH_DIM, width] });
  g.output({ name: 'label', type: 'INT64', shape: [BATCH_DIM] });
  return g.toBytes();
}
