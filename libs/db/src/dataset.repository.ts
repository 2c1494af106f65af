import { Injectable } from '@nestjs/common';
import type { Dataset, Prisma } from './generated/prisma/client';
import { PrismaService } from './prisma.service';

export type NewDataset = Omit<Prisma.DatasetCreateInput, 'id' | 'version' | 'createdAt'>;

@Injectable()
export class DatasetRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Adds the next version of a dataset name. */
  create(data: NewDataset): Promise<Dataset> {
    return this.prisma.$transaction(async (tx) => {
      const latest = await tx.dataset.findFirst({
        where: { name: data.name },
        orderBy: { version: 'desc' },
        select: { version: true },
      });
      return tx.dataset.create({ data: { ...data, version: (latest?.version ?? 0) + 1 } });
    });
  }

  /** A version, or the latest one. */
  find(name: string, version?: number): Promise<Dataset | null> {
    return this.prisma.dataset.findFirst({
      where: { name, ...(version !== undefined && { version }) },
      orderBy: { version: 'desc' },
    });
  }

  versions(name: string): Promise<Dataset[]> {
    return this.prisma.dataset.findMany({ where: { name }, orderBy: { version: 'asc' } });
  }

  list(): Promise<Dataset[]> {
    return this.prisma.dataset.findMany({ orderBy: [{ name: 'asc' }, { version: 'asc' }] });
  }
}

/** The column names stored with a dataset, in order. */
export function datasetColumnNames(dataset: Dataset): string[] {
  if (!Array.isArray(dataset.columns)) return [];
  return dataset.columns.flatMap((column) =>
    typeof column === 'object' &&
    column !== null &&
    'name' in column &&
    typeof column.name === 'string'
      ? [column.name]
      : [],
  );
}
