/**
 * The native twin of docker-compose.yaml: its application services (migrate, api, two worker
 * replicas) and Debian's Prometheus run on loopback with the compose file's own environment and
 * the project's prometheus.yml, against this machine's PostgreSQL, Redis and RabbitMQ. Only what
 * containers would give them is changed here (hosts, ports, volumes), and every change is logged.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from 'pg';
import { parse, stringify } from 'yaml';
import { irisLikeModel } from '../support/models';
import { waitFor } from '../support/wait-for';
import { ROOT, loadCompose, readEnvExample } from './support/compose';
import { concretePromql, metricNames, panelQueries } from './support/dashboards';
import { freePort, runToEnd, start, type Started } from './support/processes';
import {
  dockerfileCmd,
  prometheusApi,
  sourceCommand,
  twinEnv,
  twinPrometheusConfig,
  type PrometheusConfig,
} from './support/twin';

const TWIN_DB = 'mlserve_twin';
const ADMIN_KEY = `twin-admin-${randomBytes(12).toString('hex')}`;
/** What a user edits in .env, plus the credentials of this machine's services. */
const ENV_EDITS = {
  ADMIN_API_KEY: ADMIN_KEY, // production refuses the placeholder
  DATABASE_USER: 'postgres', // the machine's PostgreSQL: trust auth
  DATABASE_SCHEMA: TWIN_DB,
  RABBITMQ_USER: 'guest',
  RABBITMQ_PASS: 'guest',
};
/** Scrape jobs whose targets exist only as containers (exporters, Traefik, RabbitMQ's plugin). */
const CONTAINER_ONLY_JOBS = ['postgres', 'rabbitmq', 'redis', 'traefik'];
const MODEL = 'twin-iris';

const log = (line: string) => process.stdout.write(`[twin] ${line}\n`);
const processes: Started[] = [];
let workDir = '';
let apiUrl = '';
let workerPorts: number[] = [];
let prom: ReturnType<typeof prometheusApi>;
let droppedJobs: string[] = [];

async function dropTwinDatabase(): Promise<void> {
  const admin = new Client({ host: '127.0.0.1', user: 'postgres', database: 'postgres' });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TWIN_DB} WITH (FORCE)`);
  await admin.end();
}

async function healthy(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}

async function startService(
  name: string,
  argv: string[],
  env: Record<string, string>,
  health: string,
) {
  const proc = start(name, argv, env);
  processes.push(proc);
  // like compose's healthcheck: up once its health endpoint answers 2xx
  await waitFor(
    async () => {
      if (!proc.running())
        throw new Error(`${name} ended before it was healthy:\n${proc.output()}`);
      return healthy(health);
    },
    Boolean,
    { timeoutMs: 60_000, intervalMs: 250, what: `${name} at ${health}` },
  );
}

beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), 'mlserve-twin-'));
  for (const [key, value] of Object.entries(ENV_EDITS))
    log(`.env edit: ${key}=${key === 'ADMIN_API_KEY' ? '<random>' : value}`);
  const compose = loadCompose({ ...readEnvExample(), ...ENV_EDITS });
  const volumes = Object.fromEntries(
    Object.keys(compose.volumes ?? {}).map((v) => [v, path.join(workDir, 'volumes', v)]),
  );
  Object.values(volumes).forEach((dir) => mkdirSync(dir, { recursive: true }));
  const hosts = Object.keys(compose.services);
  const prefix = `twin-${randomBytes(4).toString('hex')}`; // the broker is shared with other tests
  const envFor = (service: string, overrides: Record<string, string> = {}) => {
    const { env, changes } = twinEnv(compose.services[service], {
      hosts,
      volumes,
      overrides: { QUEUE_PREFIX: prefix, ...overrides },
    });
    changes.forEach((c) => log(`${service}: ${c}`));
    return env;
  };
  await dropTwinDatabase();

  // migrate: one shot, must exit 0 before api and workers start (service_completed_successfully)
  const migrate = await runToEnd(
    'migrate',
    sourceCommand(compose.services.migrate.command as string[]),
    envFor('migrate'),
  );
  expect({ code: migrate.code, output: migrate.output }).toMatchObject({ code: 0 });

  const apiPort = await freePort();
  apiUrl = `http://127.0.0.1:${apiPort}`;
  await startService(
    'api',
    sourceCommand(dockerfileCmd('Dockerfile.api')),
    envFor('api', { API_PORT: String(apiPort) }),
    `${apiUrl}/health/ready`,
  );
  workerPorts = [await freePort(), await freePort()];
  await Promise.all(
    workerPorts.map((port, i) =>
      startService(
        `worker-${i + 1}`,
        sourceCommand(dockerfileCmd('Dockerfile.worker')),
        envFor('worker', { WORKER_HTTP_PORT: String(port) }),
        `http://127.0.0.1:${port}/health/ready`,
      ),
    ),
  );

  const promPort = await freePort();
  const promAddr = `127.0.0.1:${promPort}`;
  const configDir = path.join(ROOT, 'prometheus');
  const project = parse(
    readFileSync(path.join(configDir, 'prometheus.yml'), 'utf8'),
  ) as PrometheusConfig;
  const { config, dropped } = twinPrometheusConfig(project, configDir, {
    localhost: [promAddr],
    api: [`127.0.0.1:${apiPort}`],
    worker: workerPorts.map((p) => `127.0.0.1:${p}`),
  });
  dropped.forEach((d) => log(`prometheus job ${d.job} left out: ${d.reason}`));
  droppedJobs = dropped.map((d) => d.job);
  log('prometheus: scrape and evaluation every 1s (15s in compose), targets on 127.0.0.1');
  const configFile = path.join(workDir, 'prometheus.yml');
  writeFileSync(configFile, stringify(config));
  const promArgs = [
    `--config.file=${configFile}`,
    `--storage.tsdb.path=${path.join(workDir, 'tsdb')}`,
    `--web.listen-address=${promAddr}`,
  ];
  await startService(
    'prometheus',
    ['prometheus', ...promArgs],
    { PATH: process.env.PATH ?? '' },
    `http://${promAddr}/-/ready`,
  );
  prom = prometheusApi(`http://${promAddr}`);
}, 150_000);

afterAll(async () => {
  await Promise.all(processes.reverse().map((p) => p.stop()));
  await dropTwinDatabase().catch((error: unknown) =>
    log(`could not drop ${TWIN_DB}: ${String(error)}`),
  );
  if (workDir) rmSync(workDir, { recursive: true, force: true });
}, 60_000);

const admin = () => ({ 'X-API-Key': ADMIN_KEY });
const post = (route: string, body: unknown) =>
  fetch(`${apiUrl}${route}`, {
    method: 'POST',
    headers: { ...admin(), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const row = (i: number) => [5 + i / 10, 3.5, 1.4, 0.2];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const FAILING_JOB = {
  type: 'diagnostic.sleep',
  payload: { durationMs: 20, steps: 1, failAtStep: 1, failMessage: 'twin' },
};

/** Submits jobs and resolves with their final statuses. */
async function runJobs(jobs: unknown[]): Promise<string[]> {
  const ids = await Promise.all(
    jobs.map(async (job) => {
      const response = await post('/v1/jobs', job);
      expect(response.status).toBe(202);
      return ((await response.json()) as { id: string }).id;
    }),
  );
  const status = async (id: string) => {
    const response = await fetch(`${apiUrl}/v1/jobs/${id}`, { headers: admin() });
    return ((await response.json()) as { status: string }).status;
  };
  return waitFor(
    () => Promise.all(ids.map(status)),
    (s) => s.every((value) => ['SUCCEEDED', 'FAILED'].includes(value)),
    { timeoutMs: 30_000, intervalMs: 200, what: 'the jobs to finish' },
  );
}

/** Predicts (valid and invalid), jobs (succeeding and failing), and an unknown route. */
async function wave(): Promise<void> {
  const predicts = await Promise.all(
    Array.from({ length: 20 }, (_, i) => post(`/v1/models/${MODEL}/predict`, { rows: [row(i)] })),
  );
  expect(predicts.map((r) => r.status)).toEqual(Array(20).fill(200));
  expect((await post(`/v1/models/${MODEL}/predict`, { rows: [[1, 2]] })).status).toBe(400);
  expect((await fetch(`${apiUrl}/v1/nothing-here`, { headers: admin() })).status).toBe(404);
  const inference = Array.from({ length: 4 }, (_, i) => ({
    type: 'inference',
    payload: { model: MODEL, input: { rows: [row(i), row(i + 1)] } },
  }));
  expect(await runJobs([...inference, FAILING_JOB])).toEqual([
    ...inference.map(() => 'SUCCEEDED'),
    'FAILED',
  ]);
}

/**
 * Dashboard queries for these services that return no finite value. A counter's first sample
 * carries no rate, and a job may land on a worker whose series is new: a query may need one
 * more wave of traffic before it has data.
 */
async function emptyPanels(): Promise<{ empty: string[]; checked: number }> {
  const containerOnly = new RegExp(`job="(${CONTAINER_ONLY_JOBS.join('|')})"`);
  const empty: string[] = [];
  let checked = 0;
  for (const q of panelQueries()) {
    if (q.expr === undefined) continue;
    if (containerOnly.test(q.expr) || metricNames(q.expr).some((m) => !/^(mlserve_|up$)/.test(m))) {
      continue;
    }
    const result = await prom.query(concretePromql(q.expr, '1m'));
    checked += 1;
    if (!result.some((sample) => Number.isFinite(Number(sample.value[1])))) {
      empty.push(`${q.where}: ${q.expr} → ${JSON.stringify(result)}`);
    }
  }
  return { empty, checked };
}

describe('the native twin of docker-compose.yaml', () => {
  it('serves traffic: a model registered, predictions and jobs, in two waves', async () => {
    const form = new FormData();
    form.set('name', MODEL);
    form.set('maxBatchSize', '8');
    form.set('maxDelayMs', '5');
    form.set('file', new Blob([irisLikeModel().bytes]), 'model.onnx');
    const registered = await fetch(`${apiUrl}/v1/models`, {
      method: 'POST',
      headers: admin(),
      body: form,
    });
    expect(registered.status).toBe(201);
    await wave();
    // let Prometheus see the first counts, so that rates over both waves are not zero
    await waitFor(
      () => prom.query('mlserve_jobs_finished_total'),
      (r) => r.length > 0,
      { timeoutMs: 15_000, what: 'the first scrape of the job counters' },
    );
    await sleep(2000);
    await wave();
    await sleep(3000);
  });

  it('has every scrape target of these services UP in Prometheus, both workers included', async () => {
    expect(droppedJobs.sort()).toEqual(CONTAINER_ONLY_JOBS);
    const targets = await waitFor(
      () => prom.targets(),
      (t) => t.length > 0 && t.every((target) => target.health === 'up'),
      { timeoutMs: 15_000, what: 'every target to be up' },
    );
    const byJob = (job: string) =>
      targets
        .filter((t) => t.labels.job === job)
        .map((t) => t.labels.instance)
        .sort();
    expect(byJob('worker')).toEqual(workerPorts.map((p) => `127.0.0.1:${p}`).sort());
    expect(byJob('api')).toEqual([apiUrl.replace('http://', '')]);
    expect(byJob('prometheus')).toHaveLength(1);
    expect(await prom.query('sum(up{job="worker"})')).toMatchObject([
      { value: [expect.any(Number), '2'] },
    ]);
  });

  it('returns data for every dashboard panel query that can apply to these services', async () => {
    for (const q of panelQueries()) {
      if (q.expr && metricNames(q.expr).some((m) => !/^(mlserve_|up$)/.test(m))) {
        log(`skipped (exporter, Traefik or RabbitMQ metrics: containers only): ${q.where}`);
      }
    }
    let result = await emptyPanels();
    for (let extra = 1; extra <= 3 && result.empty.length > 0; extra += 1) {
      log(`${result.empty.length} panel queries without data yet: traffic wave ${2 + extra}`);
      await wave();
      await sleep(3000);
      result = await emptyPanels();
    }
    expect(result.empty).toEqual([]);
    expect(result.checked).toBeGreaterThan(30);
    // the template variables list what the traffic produced
    expect(await prom.labelValues('model', 'mlserve_inference_requests_total')).toContain(MODEL);
    expect(await prom.labelValues('queue', 'mlserve_queue_depth')).toContain('default');
  });

  it('loads and evaluates every alert rule; the failure-rate alert sees the failed jobs', async () => {
    const file = parse(readFileSync(path.join(ROOT, 'prometheus', 'alerts.yml'), 'utf8')) as {
      groups: { rules: { alert: string }[] }[];
    };
    const expected = file.groups.flatMap((g) => g.rules.map((r) => r.alert)).sort();
    const rules = await waitFor(
      () => prom.rules(),
      (r) => r.length === expected.length && r.every((rule) => rule.health === 'ok'),
      { timeoutMs: 15_000, what: 'every rule to be evaluated' },
    );
    expect(rules.map((r) => r.name).sort()).toEqual(expected);
    expect(rules.filter((r) => r.state === 'firing').map((r) => r.name)).toEqual([]);
    expect(rules.find((r) => r.name === 'NoWorkerUp')?.state).toBe('inactive');
    // 1 job in 5 fails: above the 10% threshold, so the alert is pending for its `for:` period
    // (once a worker's FAILED counter has a rate, i.e. after its second failure at the latest)
    const failureRate = await waitFor(
      async () => {
        const state = (await prom.rules()).find((r) => r.name === 'JobFailureRateHigh')?.state;
        if (state !== 'pending') await runJobs([FAILING_JOB]);
        return state;
      },
      (state) => state === 'pending',
      { timeoutMs: 30_000, intervalMs: 1500, what: 'JobFailureRateHigh to be pending' },
    );
    expect(failureRate).toBe('pending');
  });
});
