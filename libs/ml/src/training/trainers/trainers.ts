import type { XYData } from '../dataset/types';
import { checkTrainingData } from './check-data';
import { fitNetwork } from './fit';
import { resolveHyperparameters } from './hyperparameters';
import { makePredict } from './predict';
import { computeScaling, foldScaling, standardize } from './scaling';
import { loadTfjs } from './tf-backend';
import type { Algorithm, Hyperparameters, TrainedModel, TrainOptions } from './types';

/** Multinomial logistic regression (softmax over the classes; 2 outputs for a binary task). */
export function trainLogisticRegression(
  data: XYData,
  hyperparameters: Partial<Hyperparameters> = {},
  options: TrainOptions = {},
): Promise<TrainedModel> {
  return trainModel('logistic_regression', data, hyperparameters, options);
}

/** Least squares (plus optional L2) on standardized features, fitted by Adam. */
export function trainLinearRegression(
  data: XYData,
  hyperparameters: Partial<Hyperparameters> = {},
  options: TrainOptions = {},
): Promise<TrainedModel> {
  return trainModel('linear_regression', data, hyperparameters, options);
}

/** A dense network with `hiddenUnits` hidden layers, for either task. */
export function trainMlp(
  data: XYData,
  hyperparameters: Partial<Hyperparameters> = {},
  options: TrainOptions = {},
): Promise<TrainedModel> {
  return trainModel('mlp', data, hyperparameters, options);
}

/**
 * Trains `algorithm` on `data` (throwing a TrainingInputError for unusable data or
 * hyperparameters). The linear models ignore `hiddenUnits` and `activation`.
 */
export async function trainModel(
  algorithm: Algorithm,
  data: XYData,
  hyperparameters: Partial<Hyperparameters> = {},
  options: TrainOptions = {},
): Promise<TrainedModel> {
  const resolved = resolveHyperparameters(hyperparameters);
  const hp = algorithm === 'mlp' ? resolved : { ...resolved, hiddenUnits: [] };
  checkTrainingData(algorithm, data);
  const tf = await loadTfjs();
  const regression = data.task === 'regression';
  const scaling = computeScaling(data.x, data.y, regression);
  const y = regression ? data.y.map((v) => (v - scaling.targetMean) / scaling.targetStd) : data.y;
  const classCount = regression ? 0 : (data.classes?.length ?? 0);
  const { layers, lossHistory } = await fitNetwork(
    tf,
    { x: standardize(data.x, scaling), y, classCount },
    hp,
    options,
  );
  const output = regression ? 'identity' : 'softmax';
  return {
    algorithm,
    task: data.task,
    features: [...data.features],
    ...(data.classes ? { classes: [...data.classes] } : {}),
    layers: foldScaling(layers, scaling),
    activation: hp.activation,
    output,
    scaling,
    hyperparameters: hp,
    lossHistory,
    predict: makePredict(tf, layers, scaling, hp.activation, output),
  };
}
