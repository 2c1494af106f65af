import { Injectable } from '@nestjs/common';
import {
  DomainError,
  notFound,
  type EvaluationPayload,
  type TrainingPayload,
} from '@mlserve/contracts';
import { DatasetRepository, ModelRepository, datasetColumnNames, type Dataset } from '@mlserve/db';
import { ModelsService } from '../../models/models.service';
import type { PreparedJob } from './job-preparer';

/**
 * Checks training and evaluation jobs before they are stored: the dataset exists and has rows,
 * its target and the chosen features are columns, and the model and task are known. The
 * dataset version is fixed now, so a job always uses the data it was submitted against.
 */
@Injectable()
export class LearningJobPreparer {
  constructor(
    private readonly datasets: DatasetRepository,
    private readonly models: ModelRepository,
    private readonly modelsService: ModelsService,
  ) {}

  async training(payload: TrainingPayload): Promise<PreparedJob> {
    const dataset = await this.dataset(payload.dataset, payload.datasetVersion);
    const model = await this.models.findByName(payload.model);
    const task = payload.task ?? model?.task;
    if (!task) {
      throw new DomainError(
        'VALIDATION_FAILED',
        `payload.task: model '${payload.model}' has no task yet; give "classification" or "regression"`,
      );
    }
    const columns = datasetColumnNames(dataset);
    const unknown = (payload.features ?? []).filter(
      (f) => !columns.includes(f) || f === dataset.target,
    );
    if (unknown.length > 0) {
      throw new DomainError(
        'VALIDATION_FAILED',
        `payload.features: ${unknown.join(', ')} not usable; the dataset's feature columns are: ${columns.filter((c) => c !== dataset.target).join(', ')}`,
      );
    }
    const pinned = model?.versions.at(-1)?.queue ?? undefined;
    return {
      payload: { ...payload, task, datasetVersion: dataset.version },
      pinnedQueue: pinned,
    };
  }

  async evaluation(payload: EvaluationPayload): Promise<PreparedJob> {
    const dataset = await this.dataset(payload.dataset, payload.datasetVersion);
    const version = await this.modelsService.resolve(payload.model, {
      version: payload.version,
      alias: payload.alias,
    });
    const { alias: _alias, ...rest } = payload;
    return {
      payload: { ...rest, version: version.version, datasetVersion: dataset.version },
      modelVersionId: version.id,
      pinnedQueue: version.queue ?? undefined,
    };
  }

  private async dataset(name: string, version?: number): Promise<Dataset> {
    const dataset = await this.datasets.find(name, version);
    if (!dataset) throw notFound('dataset', version ? `${name}@${version}` : name);
    if (dataset.rowCount === 0) {
      throw new DomainError(
        'VALIDATION_FAILED',
        `dataset '${name}' version ${dataset.version} has no rows`,
      );
    }
    return dataset;
  }
}
