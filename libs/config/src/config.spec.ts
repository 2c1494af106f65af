import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './config';

const valid = {
  DATABASE_URL: 'postgresql://u:p@db:5432/mlserve',
  REDIS_URL: 'redis://redis:6379',
  ADMIN_API_KEY: 'a-long-enough-admin-key-123456',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('builds typed config with defaults', () => {
    const config = loadConfig({ ...valid, WORKER_QUEUES: 'default, gpu ,inference' });
    expect(config.worker.queues).toEqual(['default', 'gpu', 'inference']);
    expect(config.queue.driver).toBe('bullmq');
    expect(config.api.port).toBe(3000);
    expect(config.db.poolSize).toBe(10);
  });

  it('names a missing DATABASE_URL', () => {
    const { DATABASE_URL: _, ...env } = valid;
    expect(problemsOf(env)).toEqual(['DATABASE_URL: is required but missing']);
  });

  it('names every bad variable in one error', () => {
    const problems = problemsOf({
      ...valid,
      REDIS_URL: 'http://nope',
      WORKER_CONCURRENCY: 'lots',
      QUEUE_DRIVER: 'sqs',
      WORKER_QUEUES: 'Bad Name',
    });
    const names = problems.map((p) => p.split(':')[0]);
    expect(names).toEqual(
      expect.arrayContaining(['REDIS_URL', 'WORKER_CONCURRENCY', 'QUEUE_DRIVER', 'WORKER_QUEUES']),
    );
    expect(problems).toHaveLength(4);
  });

  it('needs RABBITMQ_URL only for the rabbitmq driver', () => {
    expect(problemsOf({ ...valid, QUEUE_DRIVER: 'rabbitmq' })).toEqual([
      'RABBITMQ_URL: required when QUEUE_DRIVER=rabbitmq',
    ]);
  });

  it('refuses the placeholder admin key in production only', () => {
    const env = { ...valid, ADMIN_API_KEY: 'change-me-admin-key-0123456789' };
    expect(loadConfig(env).api.adminApiKey).toContain('change-me');
    expect(problemsOf({ ...env, NODE_ENV: 'production' })[0]).toMatch(
      /^ADMIN_API_KEY: still the placeholder/,
    );
  });
});
