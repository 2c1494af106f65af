import { Inject, Injectable } from '@nestjs/common';
import { DomainError, notFound } from '@mlserve/contracts';
import {
  DatasetRepository,
  ModelRepository,
  PredictionRepository,
  asJson,
  type Dataset,
} from '@mlserve/db';
import {
  DATA_STORE,
  datasetRecords,
  inferColumns,
  parseDatasetFile,
  type DatasetFormat,
  type ModelStore,
  type TabularDataset,
} from '@mlserve/ml';
import type { DatasetFromPredictionsRequest, UploadDatasetRequest } from './dataset.schemas';
import { recordsFromPredictions } from './predictions-to-records';

@Injectable()
export class DatasetsService {
  constructor(
    private readonly datasets: DatasetRepository,
    private readonly models: ModelRepository,
    private readonly predictions: PredictionRepository,
    @Inject(DATA_STORE) private readonly data: ModelStore,
  ) {}

  /** A CSV, TSV or JSONL upload as the next version of `name`; columns are inferred. */
  async upload(
    request: UploadDatasetRequest,
    content: Uint8Array,
    format: DatasetFormat,
  ): Promise<Dataset> {
    const parsed = parseDatasetFile(content, format);
    const table = inferColumns(parsed.records, parsed.columns);
    return this.save(request.name, request.target, table, { kind: 'upload', format });
  }

  /** Logged predictions with feedback become rows: the input's features and the true target. */
  async fromPredictions(request: DatasetFromPredictionsRequest): Promise<Dataset> {
    const model = await this.models.findByName(request.model);
    if (!model) throw notFound('model', request.model);
    const rows = await this.predictions.withFeedback(
      model.id,
      request.from ? new Date(request.from) : undefined,
      request.to ? new Date(request.to) : undefined,
    );
    const { records, target } = recordsFromPredictions(model, rows);
    const table = inferColumns(records);
    return this.save(request.name, target, table, {
      kind: 'predictions',
      model: model.name,
      from: request.from ?? null,
      to: request.to ?? null,
    });
  }

  async get(name: string, version?: number): Promise<Dataset> {
    const dataset = await this.datasets.find(name, version);
    if (!dataset) throw notFound('dataset', version ? `${name}@${version}` : name);
    return dataset;
  }

  list(): Promise<Dataset[]> {
    return this.datasets.list();
  }

  versions(name: string): Promise<Dataset[]> {
    return this.datasets.versions(name);
  }

  async sample(dataset: Dataset, rows = 20): Promise<unknown[]> {
    const lines = Buffer.from(await this.data.get(dataset.fileSha256))
      .toString('utf8')
      .split('\n');
    return lines
      .filter((line) => line.trim() !== '')
      .slice(0, rows)
      .map((line) => JSON.parse(line) as unknown);
  }

  private async save(
    name: string,
    target: string,
    table: TabularDataset,
    source: object,
  ): Promise<Dataset> {
    const names = table.columns.map((c) => c.name);
    if (!names.includes(target)) {
      throw new DomainError(
        'VALIDATION_FAILED',
        `target: column '${target}' is not in the dataset; its columns are: ${names.join(', ') || '(none)'}`,
        { problems: [{ field: 'target', message: 'not a column of the dataset' }], columns: names },
      );
    }
    if (table.rows.length === 0) {
      throw new DomainError('VALIDATION_FAILED', 'the dataset has no rows', { rows: 0 });
    }
    const jsonl = datasetRecords(table)
      .map((record) => JSON.stringify(record))
      .join('\n');
    const file = await this.data.put(Buffer.from(`${jsonl}\n`));
    return this.datasets.create({
      name,
      target,
      columns: asJson(table.columns),
      rowCount: table.rows.length,
      fileSha256: file.sha256,
      source: asJson(source),
    });
  }
}
