import { Injectable } from '@nestjs/common';
import {
  NonRetryableJobError,
  type EvaluationPayload,
  type EvaluationResult,
} from '@mlserve/contracts';
import { ModelRepository } from '@mlserve/db';
import { TrainingInputError, descriptorOf, seededSplit, selectRows, toXY } from '@mlserve/ml';
import { DatasetLoader } from '../learning/dataset-loader';
import { VersionScorer } from '../learning/version-scorer';
import type { JobContext, JobRunner } from './job-runner';

/** A version's metrics on a dataset: all its rows, or the same seeded test split training uses. */
@Injectable()
export class EvaluationJobRunner implements JobRunner<'evaluation'> {
  readonly type = 'evaluation' as const;

  constructor(
    private readonly loader: DatasetLoader,
    private readonly models: ModelRepository,
    private readonly scorer: VersionScorer,
  ) {}

  async run(payload: EvaluationPayload, context: JobContext): Promise<EvaluationResult> {
    const model = await this.models.findByName(payload.model);
    const version = model?.versions.find((v) => v.version === payload.version);
    if (!model || !version) {
      throw new NonRetryableJobError(
        `model '${payload.model}' version ${payload.version} does not exist`,
      );
    }
    const task = model.task === 'regression' ? 'regression' : 'classification';
    const lineage = version.lineage as { features?: string[] } | null;
    const classes = Array.isArray(model.classLabels) ? model.classLabels.map(String) : undefined;
    try {
      const { row, table } = await this.loader.load(payload.dataset, payload.datasetVersion);
      const data = toXY(table, row.target, task, { features: lineage?.features, classes });
      const rows =
        payload.rows === 'all'
          ? data
          : selectRows(data, seededSplit(data.x.length, payload.testFraction, payload.seed).test);
      await context.reportProgress(0.1, `scoring ${rows.x.length} rows`);
      const metrics = await this.scorer.metrics(
        descriptorOf(model, version),
        rows.x,
        rows.y,
        task,
        classes?.length ?? data.classes?.length ?? 0,
      );
      return {
        model: model.name,
        version: version.version,
        dataset: { name: row.name, version: row.version },
        rows: rows.x.length,
        metrics,
      };
    } catch (error) {
      if (error instanceof TrainingInputError) throw new NonRetryableJobError(error.message);
      throw error;
    }
  }
}
