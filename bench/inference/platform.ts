import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { InferenceSession } from 'onnxruntime-node';
import { loadConfig } from '@mlserve/config';
import { OnnxSessionCache } from '@mlserve/ml';
import { createApiApp } from '../../apps/api/src/app.factory';
import { applyMigrations } from '../../prisma/tools/migrate';
import type { BenchModel } from './models';
import type { BenchSettings } from './settings';

const ADMIN_API_KEY = `bench-admin-${randomBytes(12).toString('hex')}`;

export interface Batching {
  maxBatchSize: number;
  maxDelayMs: number;
}

export interface RegisteredModel {
  name: string;
  version: number;
  sha256: string;
}

/** The real API (Nest app, auth, registry, engine) listening in this process. */
export interface Platform {
  url: string;
  /** Headers of a `read`-scoped key, the kind a client application holds. */
  clientHeaders: Record<string, string>;
  databasePoolSize: number;
  register(model: BenchModel, name: string, batching: Batching): Promise<RegisteredModel>;
  /** The warm onnxruntime session the platform itself runs for this artifact. */
  session(sha256: string): Promise<InferenceSession>;
  close(): Promise<void>;
}

export async function startPlatform(settings: BenchSettings): Promise<Platform> {
  await applyMigrations(settings.databaseUrl);
  const storeDir = path.join(tmpdir(), `mlserve-bench-models-${randomBytes(4).toString('hex')}`);
  const config = loadConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: settings.databaseUrl,
    REDIS_URL: settings.redisUrl,
    QUEUE_PREFIX: 'mlserve-bench',
    ADMIN_API_KEY,
    MODEL_STORE_DIR: storeDir,
    RATE_LIMIT_PER_MINUTE: String(settings.rateLimitPerMinute),
  });
  const app = await createApiApp(config);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const admin = { 'X-API-Key': ADMIN_API_KEY };
  const registered: RegisteredModel[] = [];
  const readKey = await createReadKey(url, admin);
  return {
    url,
    clientHeaders: { 'X-API-Key': readKey },
    databasePoolSize: config.db.poolSize,
    async register(model, name, batching) {
      const version = await upload(url, admin, model, name, batching);
      registered.push(version);
      return version;
    },
    session: (sha256) => app.get(OnnxSessionCache).get(sha256),
    async close() {
      for (const { name, version } of registered) {
        const res = await fetch(`${url}/v1/models/${name}/versions/${version}`, {
          method: 'DELETE',
          headers: admin,
        });
        if (!res.ok) console.warn(`could not delete ${name} v${version}: ${res.status}`);
      }
      await app.close();
      await rm(storeDir, { recursive: true, force: true });
    },
  };
}

async function createReadKey(url: string, admin: Record<string, string>): Promise<string> {
  const res = await fetch(`${url}/v1/api-keys`, {
    method: 'POST',
    headers: { ...admin, 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'bench-client', scopes: ['read'] }),
  });
  if (res.status !== 201) throw new Error(`creating a read key: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { key: string }).key;
}

/** `POST /v1/models` as multipart, like `curl -F file=@model.onnx -F name=... -F maxBatchSize=...`. */
async function upload(
  url: string,
  admin: Record<string, string>,
  model: BenchModel,
  name: string,
  batching: Batching,
): Promise<RegisteredModel> {
  const form = new FormData();
  form.set('name', name);
  form.set('maxBatchSize', String(batching.maxBatchSize));
  form.set('maxDelayMs', String(batching.maxDelayMs));
  form.set('file', new Blob([Buffer.from(model.bytes)]), 'model.onnx');
  const res = await fetch(`${url}/v1/models`, { method: 'POST', headers: admin, body: form });
  if (res.status !== 201) throw new Error(`uploading ${name}: ${res.status} ${await res.text()}`);
  const view = (await res.json()) as { version: number; artifact: { sha256: string } | null };
  if (!view.artifact) throw new Error(`uploading ${name}: the response has no artifact`);
  return { name, version: view.version, sha256: view.artifact.sha256 };
}
