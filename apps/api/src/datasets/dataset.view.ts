import type { Dataset } from '@mlserve/db';

export interface DatasetView {
  name: string;
  version: number;
  columns: unknown;
  target: string;
  rowCount: number;
  source: unknown;
  createdAt: Date;
}

export const toDatasetView = (d: Dataset): DatasetView => ({
  name: d.name,
  version: d.version,
  columns: d.columns,
  target: d.target,
  rowCount: d.rowCount,
  source: d.source,
  createdAt: d.createdAt,
});
