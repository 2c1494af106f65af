import { TrainingInputError } from '../errors';
import type { Hyperparameters } from './types';

export const DEFAULT_HYPERPARAMETERS: Readonly<Required<Hyperparameters>> = {
  epochs: 100,
  learningRate: 0.01,
  batchSize: 32,
  hiddenUnits: [16],
  activation: 'relu',
  l2: 0,
  seed: 42,
};

/** Limits that keep a training job inside a worker's means. */
export const HYPERPARAMETER_LIMITS = {
  maxEpochs: 10_000,
  maxHiddenLayers: 8,
  maxHiddenUnits: 1024,
} as const;

/** Fills in defaults and checks every value, throwing a TrainingInputError naming the field. */
export function resolveHyperparameters(
  given: Partial<Hyperparameters> = {},
): Required<Hyperparameters> {
  const hp = { ...DEFAULT_HYPERPARAMETERS, ...definedOnly(given) };
  const fail = (field: string, rule: string, value: unknown): never => {
    throw new TrainingInputError(
      `hyperparameter ${field} must be ${rule}, got ${JSON.stringify(value)}`,
      {
        field,
      },
    );
  };
  const { maxEpochs, maxHiddenLayers, maxHiddenUnits } = HYPERPARAMETER_LIMITS;
  if (!isInt(hp.epochs, 1, maxEpochs)) fail('epochs', `an integer in 1..${maxEpochs}`, hp.epochs);
  if (!(Number.isFinite(hp.learningRate) && hp.learningRate > 0)) {
    fail('learningRate', 'a number > 0', hp.learningRate);
  }
  if (!isInt(hp.batchSize, 1, Number.MAX_SAFE_INTEGER))
    fail('batchSize', 'an integer >= 1', hp.batchSize);
  if (
    !Array.isArray(hp.hiddenUnits) ||
    hp.hiddenUnits.length > maxHiddenLayers ||
    !hp.hiddenUnits.every((units) => isInt(units, 1, maxHiddenUnits))
  ) {
    fail(
      'hiddenUnits',
      `up to ${maxHiddenLayers} integers in 1..${maxHiddenUnits}`,
      hp.hiddenUnits,
    );
  }
  if (hp.activation !== 'relu' && hp.activation !== 'tanh') {
    fail('activation', "'relu' or 'tanh'", hp.activation);
  }
  if (!(Number.isFinite(hp.l2) && hp.l2 >= 0)) fail('l2', 'a number >= 0', hp.l2);
  if (!Number.isSafeInteger(hp.seed)) fail('seed', 'an integer', hp.seed);
  return { ...hp, hiddenUnits: [...hp.hiddenUnits] };
}

function isInt(value: unknown, min: number, max: number): boolean {
  return Number.isInteger(value) && (value as number) >= min && (value as number) <= max;
}

/** `{epochs: undefined}` means "the default", not "no epochs". */
function definedOnly(given: Partial<Hyperparameters>): Partial<Hyperparameters> {
  return Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined));
}
