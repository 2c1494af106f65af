import { Injectable } from '@nestjs/common';
import { Prisma, type Model, type ModelAlias, type ModelVersion } from './generated/prisma/client';
import { PrismaService } from './prisma.service';

export type ModelWithVersions = Model & { versions: ModelVersion[]; aliases: ModelAlias[] };

export type NewModelVersion = Omit<
  Prisma.ModelVersionUncheckedCreateInput,
  'id' | 'modelId' | 'version' | 'createdAt'
> & { version?: number };

@Injectable()
export class ModelRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Creates the model if needed and adds a version (the next integer unless given). */
  async addVersion(
    name: string,
    description: string | undefined,
    data: NewModelVersion,
  ): Promise<ModelVersion> {
    return this.prisma.$transaction(async (tx) => {
      const model = await tx.model.upsert({
        where: { name },
        create: { name, description },
        update: description === undefined ? {} : { description },
      });
      const latest = await tx.modelVersion.findFirst({
        where: { modelId: model.id },
        orderBy: { version: 'desc' },
        select: { version: true },
      });
      const version = data.version ?? (latest?.version ?? 0) + 1;
      return tx.modelVersion.create({ data: { ...data, modelId: model.id, version } });
    });
  }

  findByName(name: string): Promise<ModelWithVersions | null> {
    return this.prisma.model.findUnique({
      where: { name },
      include: { versions: { orderBy: { version: 'asc' } }, aliases: true },
    });
  }

  findById(id: string): Promise<Model | null> {
    return this.prisma.model.findUnique({ where: { id } });
  }

  list(take: number, afterName?: string): Promise<ModelWithVersions[]> {
    return this.prisma.model.findMany({
      where: afterName ? { name: { gt: afterName } } : {},
      orderBy: { name: 'asc' },
      take,
      include: { versions: { orderBy: { version: 'asc' } }, aliases: true },
    });
  }

  setAlias(
    modelId: string,
    name: string,
    versionId: string,
    split: Prisma.InputJsonValue | null = null,
  ): Promise<ModelAlias> {
    const splitValue = split ?? Prisma.DbNull;
    return this.prisma.modelAlias.upsert({
      where: { modelId_name: { modelId, name } },
      create: { modelId, name, versionId, split: splitValue },
      update: { versionId, split: splitValue },
    });
  }

  updateSettings(modelId: string, data: Prisma.ModelUpdateInput): Promise<Model> {
    return this.prisma.model.update({ where: { id: modelId }, data });
  }

  async removeAlias(modelId: string, name: string): Promise<boolean> {
    const { count } = await this.prisma.modelAlias.deleteMany({ where: { modelId, name } });
    return count === 1;
  }

  countActiveJobs(versionId: string): Promise<number> {
    return this.prisma.job.count({
      where: { modelVersionId: versionId, status: { in: ['QUEUED', 'RUNNING'] } },
    });
  }

  deleteVersion(id: string): Promise<ModelVersion> {
    return this.prisma.modelVersion.delete({ where: { id } });
  }

  countArtifactUsers(sha256: string): Promise<number> {
    return this.prisma.modelVersion.count({ where: { artifactSha256: sha256 } });
  }
}
