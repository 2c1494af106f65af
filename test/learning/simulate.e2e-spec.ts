import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApi, type ApiHarness } from '../support/api-harness';
import { spawnWorker, type WorkerProcess } from '../support/worker-process';

const ROOT = path.resolve(__dirname, '..', '..');

describe('npm run simulate (the traffic generator)', () => {
  let api: ApiHarness;
  let worker: WorkerProcess;

  beforeAll(async () => {
    api = await startApi();
    worker = await spawnWorker(api.env);
  });
  afterAll(async () => {
    await worker?.stop();
    await api?.close();
  });

  it('bootstraps a model, predicts, sends feedback and retrains on it', async () => {
    const model = `sim-${Date.now()}`;
    const args = [
      '--model',
      model,
      '--bootstrap',
      '--retrain',
      '--requests',
      '40',
      '--rate',
      '500',
      '--feedback',
      '1',
      '--noise',
      '0',
    ];
    const { code, output } = await new Promise<{ code: number | null; output: string }>(
      (resolve) => {
        const child = spawn(
          process.execPath,
          ['-r', '@swc-node/register', 'scripts/simulate.ts', ...args],
          {
            cwd: ROOT,
            env: {
              PATH: process.env.PATH ?? '',
              MLSERVE_URL: api.url,
              MLSERVE_API_KEY: api.admin['X-API-Key'],
            },
          },
        );
        let text = '';
        child.stdout.on('data', (c: Buffer) => (text += c.toString()));
        child.stderr.on('data', (c: Buffer) => (text += c.toString()));
        child.on('exit', (exitCode) => resolve({ code: exitCode, output: text }));
      },
    );
    expect({ code, output }).toMatchObject({ code: 0 });
    expect(output).toContain('feedback sent: 40');
    const withFeedback = await api.prisma.prediction.count({
      where: { model: { name: model }, feedbackLabel: { not: null } },
    });
    expect(withFeedback).toBe(40);
    const versions = await api.prisma.modelVersion.count({ where: { model: { name: model } } });
    expect(versions).toBe(2); // v1 from the bootstrap, v2 retrained on the feedback
    const decisions = await api.prisma.promotionDecision.count({
      where: { model: { name: model } },
    });
    expect(decisions).toBe(2);
  }, 120_000);
});
