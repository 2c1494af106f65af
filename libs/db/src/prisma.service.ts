import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { APP_CONFIG, type AppConfig } from '@mlserve/config';
import { PrismaClient } from './generated/prisma/client';
import { pgPoolConfig } from './pg-pool-config';

/**
 * Disconnects in the last shutdown phase, after the worker has drained its running jobs in
 * onModuleDestroy, since they still write their outcome.
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnApplicationShutdown {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super({ adapter: new PrismaPg(pgPoolConfig(config.db)) });
  }

  async ping(): Promise<void> {
    await this.$queryRaw`SELECT 1`;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.$disconnect();
  }
}
