import { Inject, Injectable } from '@nestjs/common';
import { NonRetryableJobError } from '@mlserve/contracts';
import { DatasetRepository, datasetColumnNames, type Dataset } from '@mlserve/db';
import { DATA_STORE, inferColumns, type ModelStore, type TabularDataset } from '@mlserve/ml';

export interface LoadedDataset {
  row: Dataset;
  table: TabularDataset;
}

/** Reads a dataset version's rows (JSONL in the data store) back into a typed table. */
@Injectable()
export class DatasetLoader {
  constructor(
    private readonly datasets: DatasetRepository,
    @Inject(DATA_STORE) private readonly data: ModelStore,
  ) {}

  async load(name: string, version?: number): Promise<LoadedDataset> {
    const row = await this.datasets.find(name, version);
    if (!row)
      throw new NonRetryableJobError(
        `dataset '${name}' version ${version ?? 'latest'} does not exist`,
      );
    const text = Buffer.from(await this.data.get(row.fileSha256)).toString('utf8');
    const records = text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const columns = datasetColumnNames(row);
    return { row, table: inferColumns(records, columns) };
  }
}
