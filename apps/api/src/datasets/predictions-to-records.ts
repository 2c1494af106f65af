import { DomainError } from '@mlserve/contracts';
import type { Model, Prediction } from '@mlserve/db';

/**
 * Rows for a dataset built from the prediction log: the logged input row's features (named
 * x0, x1, ... for a single-input model's row, else by input name) and the feedback as `label`
 * (class name when the model has them) or `value`.
 */
export function recordsFromPredictions(
  model: Model,
  predictions: Prediction[],
): { records: Record<string, unknown>[]; target: string } {
  if (predictions.length === 0) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `model '${model.name}' has no logged predictions with a label or value in that range; set its logSampleRate and send feedback first`,
    );
  }
  const classes = Array.isArray(model.classLabels) ? model.classLabels.map(String) : null;
  const target = model.task === 'regression' ? 'value' : 'label';
  const records = predictions.map((p) => {
    const features = featuresOf(p.input);
    const truth =
      model.task === 'regression'
        ? p.feedbackValue
        : p.feedbackLabel !== null && classes
          ? (classes[p.feedbackLabel] ?? p.feedbackLabel)
          : p.feedbackLabel;
    return { ...features, [target]: truth };
  });
  return { records, target };
}

function featuresOf(input: unknown): Record<string, unknown> {
  if (Array.isArray(input)) return Object.fromEntries(input.map((v, i) => [`x${i}`, v]));
  if (typeof input === 'object' && input !== null) return { ...input };
  return { x0: input };
}
