import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { loadConfig } from '@mlserve/config';
import { PrismaService } from '@mlserve/db';
import { createApiApp } from '../../apps/api/src/app.factory';
import { TEST_ADMIN_KEY, testEnv } from './test-env';

export interface ApiHarness {
  app: NestExpressApplication;
  url: string;
  env: Record<string, string>;
  prisma: PrismaService;
  /** A supertest agent with no key. */
  http: ReturnType<typeof request>;
  /** Headers for the bootstrap admin key. */
  admin: { 'X-API-Key': string };
  /** Creates a key with these scopes and returns its secret. */
  createKey(scopes: string[], name?: string): Promise<string>;
  close(): Promise<void>;
}

/** Starts the real API in this process on a free port, against the real services. */
export async function startApi(overrides: Record<string, string> = {}): Promise<ApiHarness> {
  const env = testEnv(overrides);
  const app = await createApiApp(loadConfig(env));
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const http = request(url);
  const admin = { 'X-API-Key': TEST_ADMIN_KEY };
  return {
    app,
    url,
    env,
    prisma: app.get(PrismaService),
    http,
    admin,
    async createKey(scopes, name = `test-${scopes.join('-')}`) {
      const res = await http.post('/v1/api-keys').set(admin).send({ name, scopes }).expect(201);
      return (res.body as { key: string }).key;
    },
    close: () => app.close(),
  };
}
