import { Injectable } from '@nestjs/common';
import {
  NonRetryableJobError,
  type TrainingPayload,
  type TrainingResult,
} from '@mlserve/contracts';
import { ModelRepository } from '@mlserve/db';
import {
  ExportVerificationError,
  TrainingInputError,
  classificationMetrics,
  exportToOnnx,
  regressionMetrics,
  seededSplit,
  selectRows,
  toXY,
  trainModel,
  verifyExport,
  type TrainedModel,
  type XYData,
} from '@mlserve/ml';
import { DatasetLoader } from '../learning/dataset-loader';
import { ModelPublisher } from '../learning/model-publisher';
import { PromotionPolicy } from '../learning/promotion-policy';
import type { JobContext, JobRunner } from './job-runner';

/** Trains on a dataset's seeded train split, exports to ONNX, registers, then applies the policy. */
@Injectable()
export class TrainingJobRunner implements JobRunner<'training'> {
  readonly type = 'training' as const;

  constructor(
    private readonly loader: DatasetLoader,
    private readonly models: ModelRepository,
    private readonly publisher: ModelPublisher,
    private readonly policy: PromotionPolicy,
  ) {}

  async run(payload: TrainingPayload, context: JobContext): Promise<TrainingResult> {
    try {
      return await this.train(payload, context);
    } catch (error) {
      if (error instanceof TrainingInputError || error instanceof ExportVerificationError) {
        throw new NonRetryableJobError(error.message);
      }
      throw error;
    }
  }

  private async train(payload: TrainingPayload, context: JobContext): Promise<TrainingResult> {
    const { row, table } = await this.loader.load(payload.dataset, payload.datasetVersion);
    const existing = await this.models.findByName(payload.model);
    const task =
      payload.task ?? (existing?.task === 'regression' ? 'regression' : 'classification');
    const classes = Array.isArray(existing?.classLabels)
      ? existing.classLabels.map(String)
      : undefined;
    const data = toXY(table, row.target, task, { features: payload.features, classes });
    const split = seededSplit(data.x.length, payload.testFraction, payload.seed);
    const train = selectRows(data, split.train);
    const test = selectRows(data, split.test);
    await context.reportProgress(0.05, `training ${payload.algorithm} on ${train.x.length} rows`);
    const trained = await trainModel(payload.algorithm, train, payload.hyperparameters, {
      signal: context.signal,
      onEpoch: (epoch, epochs) =>
        context.reportProgress(0.05 + 0.75 * (epoch / epochs), `epoch ${epoch} of ${epochs}`),
    });
    const bytes = exportToOnnx(trained);
    const check = await verifyExport(trained, bytes, test.x.slice(0, 500));
    const metrics = metricsOf(trained, test);
    await context.reportProgress(0.85, 'registering the new version');
    const { model, version } = await this.publisher.publish(
      payload.model,
      trained,
      bytes,
      metrics,
      {
        dataset: { name: row.name, version: row.version, id: row.id },
        parentVersion: existing?.aliases.find((a) => a.name === 'production')
          ? (existing.versions.find(
              (v) => v.id === existing.aliases.find((a) => a.name === 'production')?.versionId,
            )?.version ?? null)
          : null,
        algorithm: trained.algorithm,
        hyperparameters: trained.hyperparameters,
        features: trained.features,
        classes: trained.classes ?? null,
        testFraction: payload.testFraction,
        seed: payload.seed,
        jobId: context.jobId,
      },
    );
    const promotion = await this.policy.decide(
      {
        model,
        version,
        metrics,
        test,
        task,
        classCount: trained.classes?.length ?? 0,
        datasetId: row.id,
      },
      payload.promote,
    );
    return {
      model: model.name,
      version: version.version,
      dataset: { name: row.name, version: row.version },
      metrics,
      exportMaxAbsDiff: check.maxAbsDiff,
      promotion,
    };
  }
}

function metricsOf(trained: TrainedModel, test: XYData): Record<string, unknown> {
  const outputs = trained.predict(test.x);
  if (trained.task === 'regression')
    return {
      ...regressionMetrics(
        test.y,
        outputs.map((r) => r[0]),
      ),
    };
  const predictions = outputs.map((row) => row.indexOf(Math.max(...row)));
  return { ...classificationMetrics(test.y, predictions, outputs, trained.classes?.length ?? 0) };
}
