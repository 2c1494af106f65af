import { z } from 'zod';

const name = z.string().min(1).max(100);
const datasetRef = {
  dataset: name,
  /** Default: the latest version. */
  datasetVersion: z.number().int().min(1).optional(),
};
const splitOptions = {
  /** Share of rows held out as the test set (seeded, so every run splits alike). */
  testFraction: z.number().min(0.05).max(0.5).default(0.2),
  seed: z.number().int().min(0).default(42),
};

/** `training`: fit a tabular model on a dataset, export it to ONNX, register it as a version. */
export const trainingPayload = z
  .object({
    model: name,
    ...datasetRef,
    algorithm: z.enum(['logistic_regression', 'linear_regression', 'mlp']),
    /** Default: the model's task; required for a new model. */
    task: z.enum(['classification', 'regression']).optional(),
    /** Default: every column but the target, in dataset order. */
    features: z.array(z.string().min(1)).min(1).optional(),
    hyperparameters: z
      .object({
        epochs: z.number().int().min(1).max(5000),
        learningRate: z.number().positive().max(10),
        batchSize: z.number().int().min(1).max(100_000),
        hiddenUnits: z.array(z.number().int().min(1).max(4096)).max(8),
        activation: z.enum(['relu', 'tanh']),
        l2: z.number().min(0).max(10),
        seed: z.number().int().min(0),
      })
      .partial()
      .strict()
      .default({}),
    ...splitOptions,
    /** policy: production moves only if the model's promotion policy says the new one is better. */
    promote: z.enum(['policy', 'never', 'always']).default('policy'),
  })
  .strict();

/** `evaluation`: a version's metrics on a dataset (all rows, or the seeded test split). */
export const evaluationPayload = z
  .object({
    model: name,
    version: z.number().int().min(1).optional(),
    alias: z.string().max(50).optional(),
    ...datasetRef,
    rows: z.enum(['all', 'test']).default('all'),
    ...splitOptions,
  })
  .strict();

export type TrainingPayload = z.infer<typeof trainingPayload>;
export type EvaluationPayload = z.infer<typeof evaluationPayload>;

export interface PromotionOutcome {
  promoted: boolean;
  reason: string;
  metric: string | null;
  candidate: Record<string, unknown>;
  current: Record<string, unknown> | null;
  currentVersion: number | null;
}

export interface TrainingResult {
  model: string;
  version: number;
  dataset: { name: string; version: number };
  metrics: Record<string, unknown>;
  /** Largest |onnxruntime - trainer| over the verification rows. */
  exportMaxAbsDiff: number;
  promotion: PromotionOutcome | null;
}

export interface EvaluationResult {
  model: string;
  version: number;
  dataset: { name: string; version: number };
  rows: number;
  metrics: Record<string, unknown>;
}
