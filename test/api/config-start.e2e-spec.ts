import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { testEnv } from '../support/test-env';

const ROOT = path.resolve(__dirname, '..', '..');

function start(app: 'api' | 'worker', env: Record<string, string>) {
  return spawnSync(process.execPath, ['-r', '@swc-node/register', `apps/${app}/src/main.ts`], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('start-up with a bad environment', () => {
  it.each(['api', 'worker'] as const)('%s stops, naming DATABASE_URL when it is missing', (app) => {
    const { DATABASE_URL: _omitted, ...env } = testEnv();
    const run = start(app, env);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('DATABASE_URL: is required but missing');
  });

  it('names every bad variable at once', () => {
    const run = start(
      'api',
      testEnv({ REDIS_URL: 'http://x', WORKER_CONCURRENCY: 'many', ADMIN_API_KEY: 'short' }),
    );
    expect(run.status).toBe(1);
    for (const name of ['REDIS_URL', 'WORKER_CONCURRENCY', 'ADMIN_API_KEY']) {
      expect(run.stderr).toContain(`${name}:`);
    }
  });
});
