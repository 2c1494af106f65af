import { OnnxGraphBuilder, type TensorSpec } from './onnx-builder';
import type { Matrix } from './reference-math';

/** Every factory leaves the first dimension symbolic, so dynamic batching can stack requests. */
export const BATCH_DIM = 'batch';

/** Serialized model plus what built it and its declared signature. */
export interface OnnxModel<P> {
  bytes: Uint8Array;
  params: P;
  inputs: readonly TensorSpec[];
  outputs: readonly TensorSpec[];
}

export interface DenseLayer {
  /** [inputs x outputs], i.e. already transposed for `x · W`. */
  weights: Matrix;
  bias: readonly number[];
}

/** `weights` is [features x classes]; `bias` has one value per class. */
export type LogisticRegressionParams = DenseLayer;

export interface LinearRegressionParams {
  weights: readonly number[];
  bias: number;
}

export interface MlpParams {
  layers: readonly DenseLayer[];
  /** Applied after every layer but the last. */
  activation: 'relu' | 'tanh';
  output: 'softmax' | 'identity';
}

export interface Int64ModelParams {
  /** Number of ids per row. */
  length: number;
}

export interface TwoOutputModelParams {
  features: number;
}

/** `input` FLOAT [batch, F] → `probabilities` FLOAT [batch, C] and `label` INT64 [batch]. */
export function logisticRegression(
  params: LogisticRegressionParams,
): OnnxModel<LogisticRegressionParams> {
  const [features, classes] = denseShape(params, 'logisticRegression');
  const g = new OnnxGraphBuilder({ graphName: 'logistic_regression' });
  const input = g.input({ name: 'input', type: 'FLOAT', shape: [BATCH_DIM, features] });
  const logits = denseLayerNode(g, input, params, 'linear');
  const probabilities = g.node('Softmax', [logits], {
    attributes: { axis: { int: -1 } },
    output: 'probabilities',
  });
  g.node('ArgMax', [probabilities], {
    attributes: { axis: { int: 1 }, keepdims: { int: 0 } },
    output: 'label',
  });
  return finish(g, params, [
    { name: 'probabilities', type: 'FLOAT', shape: [BATCH_DIM, classes] },
    { name: 'label', type: 'INT64', shape: [BATCH_DIM] },
  ]);
}

/** `input` FLOAT [batch, F] → `prediction` FLOAT [batch, 1], the layout skl2onnx uses. */
export function linearRegression(
  params: LinearRegressionParams,
): OnnxModel<LinearRegressionParams> {
  const layer = { weights: params.weights.map((w) => [w]), bias: [params.bias] };
  const [features] = denseShape(layer, 'linearRegression');
  const g = new OnnxGraphBuilder({ graphName: 'linear_regression' });
  const input = g.input({ name: 'input', type: 'FLOAT', shape: [BATCH_DIM, features] });
  denseLayerNode(g, input, layer, 'linear', 'prediction');
  return finish(g, params, [{ name: 'prediction', type: 'FLOAT', shape: [BATCH_DIM, 1] }]);
}

/** `input` FLOAT [batch, F] → dense layers → `output` FLOAT [batch, last layer's width]. */
export function mlp(params: MlpParams): OnnxModel<MlpParams> {
  if (params.layers.length === 0) throw new Error('mlp: needs at least one layer');
  const shapes = params.layers.map((layer, i) => denseShape(layer, `mlp layer ${i}`));
  shapes.slice(1).forEach(([inputs], i) => {
    if (inputs !== shapes[i][1]) {
      throw new Error(
        `mlp: layer ${i + 1} takes ${inputs} inputs but layer ${i} gives ${shapes[i][1]}`,
      );
    }
  });
  const g = new OnnxGraphBuilder({ graphName: 'mlp' });
  let current = g.input({ name: 'input', type: 'FLOAT', shape: [BATCH_DIM, shapes[0][0]] });
  params.layers.forEach((layer, i) => {
    current = denseLayerNode(g, current, layer, `layer${i}`);
    if (i < params.layers.length - 1) {
      current = g.node(params.activation === 'relu' ? 'Relu' : 'Tanh', [current]);
    }
  });
  if (params.output === 'softmax') {
    current = g.node('Softmax', [current], { attributes: { axis: { int: -1 } } });
  }
  const width = shapes[shapes.length - 1][1];
  return finish(g, params, [{ name: 'output', type: 'FLOAT', shape: [BATCH_DIM, width] }], current);
}

/** `ids` INT64 [batch, length] → `total` FLOAT [batch], the row sums as floats. */
export function int64Model(params: Int64ModelParams = { length: 4 }): OnnxModel<Int64ModelParams> {
  const g = new OnnxGraphBuilder({ graphName: 'int64_sum' });
  const ids = g.input({ name: 'ids', type: 'INT64', shape: [BATCH_DIM, params.length] });
  const floats = g.node('Cast', [ids], { attributes: { to: { int: 1 /* FLOAT */ } } });
  // From opset 13 on, ReduceSum takes its axes as an INT64 input rather than an attribute.
  const axes = g.initializer({ name: 'axes', type: 'INT64', dims: [1], values: [1] });
  g.node('ReduceSum', [floats, axes], { attributes: { keepdims: { int: 0 } }, output: 'total' });
  return finish(g, params, [{ name: 'total', type: 'FLOAT', shape: [BATCH_DIM] }]);
}

/** `a`, `b` FLOAT [batch, F] → `sum` = a + b and `product` = a * b, both [batch, F]. */
export function twoOutputModel(
  params: TwoOutputModelParams = { features: 3 },
): OnnxModel<TwoOutputModelParams> {
  const shape = [BATCH_DIM, params.features];
  const g = new OnnxGraphBuilder({ graphName: 'sum_and_product' });
  const a = g.input({ name: 'a', type: 'FLOAT', shape });
  const b = g.input({ name: 'b', type: 'FLOAT', shape });
  g.node('Add', [a, b], { output: 'sum' });
  g.node('Mul', [a, b], { output: 'product' });
  return finish(g, params, [
    { name: 'sum', type: 'FLOAT', shape },
    { name: 'product', type: 'FLOAT', shape },
  ]);
}

/** Checks a layer is a non-empty rectangle matching its bias; returns [inputs, outputs]. */
function denseShape(layer: DenseLayer, context: string): [number, number] {
  const rows = layer.weights.length;
  const cols = layer.weights[0]?.length ?? 0;
  if (rows === 0 || cols === 0) throw new Error(`${context}: weights are empty`);
  if (layer.weights.some((row) => row.length !== cols)) {
    throw new Error(`${context}: weight rows differ in length`);
  }
  if (layer.bias.length !== cols) {
    throw new Error(`${context}: bias has ${layer.bias.length} values for ${cols} outputs`);
  }
  return [rows, cols];
}

/** x · W + b, with W and b stored as FLOAT initializers named after `prefix`. */
export function denseLayerNode(
  g: OnnxGraphBuilder,
  x: string,
  layer: DenseLayer,
  prefix: string,
  output?: string,
): string {
  const [rows, cols] = denseShape(layer, prefix);
  const weights = g.initializer({
    name: `${prefix}_weights`,
    type: 'FLOAT',
    dims: [rows, cols],
    values: layer.weights.flat(),
  });
  const bias = g.initializer({
    name: `${prefix}_bias`,
    type: 'FLOAT',
    dims: [cols],
    values: layer.bias,
  });
  const product = g.node('MatMul', [x, weights]);
  return g.node('Add', [product, bias], { output });
}

/** Declares the outputs (the last one fed from `lastSource` when given) and serializes. */
function finish<P>(
  g: OnnxGraphBuilder,
  params: P,
  outputs: readonly TensorSpec[],
  lastSource?: string,
): OnnxModel<P> {
  outputs.forEach((spec, i) => g.output(spec, i === outputs.length - 1 ? lastSource : undefined));
  return { bytes: g.toBytes(), params, ...g.signature() };
}
