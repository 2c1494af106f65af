import { Injectable } from '@nestjs/common';
import { DomainError, notFound } from '@mlserve/contracts';
import {
  ModelRepository,
  PredictionRepository,
  type FeedbackUpdate,
  type Model,
  type Prediction,
} from '@mlserve/db';
import type { FeedbackRequest } from './feedback.schema';

@Injectable()
export class PredictionsService {
  constructor(
    private readonly predictions: PredictionRepository,
    private readonly models: ModelRepository,
  ) {}

  async get(id: string): Promise<Prediction> {
    const prediction = await this.predictions.findById(id);
    if (!prediction) throw notFound('prediction', id);
    return prediction;
  }

  /** Records feedback (the last one wins), checked against the model's task. */
  async feedback(id: string, request: FeedbackRequest): Promise<Prediction> {
    const prediction = await this.get(id);
    const model = await this.models.findById(prediction.modelId);
    if (!model) throw notFound('model of prediction', id);
    return this.predictions.recordFeedback(id, toUpdate(model, prediction, request));
  }
}

function toUpdate(model: Model, prediction: Prediction, request: FeedbackRequest): FeedbackUpdate {
  if (request.correct !== undefined) {
    return { feedbackLabel: null, feedbackValue: null, correct: request.correct };
  }
  if (model.task === 'classification' && request.label !== undefined) {
    const label = classIndex(model, request.label);
    const correct = prediction.predictedLabel === null ? null : prediction.predictedLabel === label;
    return { feedbackLabel: label, feedbackValue: null, correct };
  }
  if (model.task === 'regression' && request.value !== undefined) {
    return { feedbackLabel: null, feedbackValue: request.value, correct: null };
  }
  const expected =
    model.task === 'classification'
      ? '"label" (a class name or index)'
      : model.task === 'regression'
        ? '"value" (a number)'
        : '"correct" only: set the model\'s task (PUT /v1/models/:name/settings) to send labels';
  throw new DomainError(
    'VALIDATION_FAILED',
    `model '${model.name}' takes ${expected} as feedback`,
    {
      task: model.task,
    },
  );
}

function classIndex(model: Model, label: string | number): number {
  const classes = Array.isArray(model.classLabels) ? model.classLabels.map(String) : null;
  if (typeof label === 'string') {
    const index = classes?.indexOf(label) ?? -1;
    if (index < 0) {
      throw new DomainError(
        'VALIDATION_FAILED',
        `label: '${label}' is not a class of model '${model.name}'${classes ? `; its classes are: ${classes.join(', ')}` : ' (it has no class names; send the class index)'}`,
      );
    }
    return index;
  }
  if (classes && label >= classes.length) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `label: class index ${label} is out of range 0..${classes.length - 1}`,
    );
  }
  return label;
}
