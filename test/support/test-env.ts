import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The run's own database, made by the global setup (test/support/global-setup.ts). */
export const TEST_DATABASE_URL =
  process.env.MLSERVE_TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/mlserve_test';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const TEST_RABBITMQ_URL =
  process.env.TEST_RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
export const TEST_ADMIN_KEY = 'test-admin-key-0123456789abcdef';

/**
 * The environment every e2e test starts from: the machine's real PostgreSQL, Redis and RabbitMQ,
 * with a broker prefix of its own so test files never consume each other's messages.
 */
export function testEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: TEST_DATABASE_URL,
    DATABASE_POOL_SIZE: '5',
    REDIS_URL: TEST_REDIS_URL,
    RABBITMQ_URL: TEST_RABBITMQ_URL,
    QUEUE_PREFIX: `mlstest-${randomBytes(4).toString('hex')}`,
    ADMIN_API_KEY: TEST_ADMIN_KEY,
    API_PORT: '0',
    WORKER_HTTP_PORT: '0',
    WORKER_HEARTBEAT_MS: '300',
    WORKER_LEASE_MS: '5000',
    WORKER_SHUTDOWN_GRACE_MS: '5000',
    RECONCILE_INTERVAL_MS: '1000',
    MODEL_STORE_DIR: path.join(tmpdir(), `mlserve-models-${randomBytes(4).toString('hex')}`),
    ...overrides,
  };
}
