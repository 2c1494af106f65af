import { Injectable } from '@nestjs/common';
import type { ApiKey } from './generated/prisma/client';
import { PrismaService } from './prisma.service';

export interface NewApiKey {
  name: string;
  prefix: string;
  hash: string;
  scopes: string[];
}

@Injectable()
export class ApiKeyRepository {
  constructor(private readonly prisma: PrismaService) {}

  create(data: NewApiKey): Promise<ApiKey> {
    return this.prisma.apiKey.create({ data });
  }

  findByPrefix(prefix: string): Promise<ApiKey | null> {
    return this.prisma.apiKey.findUnique({ where: { prefix } });
  }

  findById(id: string): Promise<ApiKey | null> {
    return this.prisma.apiKey.findUnique({ where: { id } });
  }

  list(): Promise<ApiKey[]> {
    return this.prisma.apiKey.findMany({ orderBy: { createdAt: 'desc' } });
  }

  revoke(id: string, at: Date): Promise<ApiKey> {
    return this.prisma.apiKey.update({ where: { id }, data: { revokedAt: at } });
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.prisma.apiKey.update({ where: { id }, data: { lastUsedAt: at } });
  }
}
