import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, environmentOf, type ComposeService, type Dict } from './compose';

/**
 * The source twin of an image's node command: `node dist/apps/<app>/<file>.js args` runs
 * `<file>.ts` with @swc-node/register, so the twin tests the code in this tree, not a stale build.
 */
export function sourceCommand(argv: string[]): string[] {
  const [node, entry, ...args] = argv;
  const source = /^dist\/apps\/[^/]+\/(.+)\.js$/.exec(entry ?? '')?.[1];
  if (node !== 'node' || !source || !existsSync(path.join(ROOT, `${source}.ts`))) {
    throw new Error(`not a node command of this repository: ${argv.join(' ')}`);
  }
  return [process.execPath, '-r', '@swc-node/register', `${source}.ts`, ...args];
}

/** The exec-form CMD of a Dockerfile. */
export function dockerfileCmd(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  const cmd = [...text.matchAll(/^CMD\s+(\[.*\])\s*$/gm)].at(-1)?.[1];
  if (!cmd) throw new Error(`${file} has no exec-form CMD`);
  return JSON.parse(cmd) as string[];
}

export interface TwinEnvOptions {
  /** Compose service names, mapped to 127.0.0.1 wherever a value names them as a host. */
  hosts: string[];
  /** Named volume → a directory standing in for it. */
  volumes: Dict;
  /** Values the twin must set itself (ports of processes sharing one network namespace). */
  overrides: Dict;
}

/**
 * A service's compose environment, turned into a native one: service hosts become 127.0.0.1,
 * volume mount paths become directories, and `overrides` apply. Returns what it changed.
 */
export function twinEnv(service: ComposeService, options: TwinEnvOptions) {
  const env = environmentOf(service);
  const changes: string[] = [];
  const mounts = (service.volumes ?? [])
    .map((v) => v.split(':'))
    .filter(([source]) => source in options.volumes)
    .map(([source, target]) => ({ target: target, dir: options.volumes[source] }));
  const hostPattern = new RegExp(`(//(?:[^@/\\s]*@)?)(${options.hosts.join('|')}):`, 'g');
  for (const [key, value] of Object.entries(env)) {
    let next = value.replace(hostPattern, '$1127.0.0.1:');
    for (const { target, dir } of mounts) {
      if (next === target || next.startsWith(`${target}/`)) next = dir + next.slice(target.length);
    }
    if (key in options.overrides) next = options.overrides[key]!;
    if (next !== value) changes.push(`${key}: ${value} → ${next}`);
    env[key] = next;
  }
  return { env: { ...env, PATH: process.env.PATH ?? '' }, changes };
}

interface ScrapeConfig {
  job_name: string;
  static_configs?: { targets: string[] }[];
  dns_sd_configs?: { names: string[]; port: number }[];
  [key: string]: unknown;
}

export interface PrometheusConfig {
  global?: Record<string, unknown>;
  rule_files?: string[];
  scrape_configs: ScrapeConfig[];
}

/**
 * The project's prometheus.yml, changed only where the twin needs it: targets of the services
 * it runs become their loopback addresses (`replicas`: compose service → addresses, with
 * `localhost` for Prometheus itself), jobs whose targets have no process here are left out
 * with a reason, rule files get absolute paths, and scraping runs every second.
 */
export function twinPrometheusConfig(
  config: PrometheusConfig,
  configDir: string,
  replicas: Record<string, string[]>,
) {
  const dropped: { job: string; reason: string }[] = [];
  const addresses = (host: string) => replicas[host];
  const scrapeConfigs = config.scrape_configs.flatMap((job) => {
    const wanted = [
      ...(job.static_configs ?? []).flatMap((c) => c.targets.map((t) => t.split(':')[0])),
      ...(job.dns_sd_configs ?? []).flatMap((c) => c.names),
    ];
    const missing = wanted.filter((host) => !addresses(host));
    if (missing.length > 0) {
      dropped.push({ job: job.job_name, reason: `${missing.join(', ')}: no process in the twin` });
      return [];
    }
    const { static_configs: _s, dns_sd_configs: _d, ...rest } = job;
    return [{ ...rest, static_configs: [{ targets: wanted.flatMap((h) => addresses(h)) }] }];
  });
  return {
    config: {
      ...config,
      global: { ...config.global, scrape_interval: '1s', evaluation_interval: '1s' },
      rule_files: (config.rule_files ?? []).map((file) => path.resolve(configDir, file)),
      scrape_configs: scrapeConfigs,
    },
    dropped,
  };
}

export interface PromSample {
  metric: Record<string, string>;
  value: [number, string];
}

export interface PromTarget {
  labels: { job: string; instance: string };
  health: string;
  lastError: string;
}

export interface PromRule {
  name: string;
  type: 'alerting' | 'recording';
  health: string;
  state?: string;
  lastError?: string;
  lastEvaluation: string;
}

/** The few calls of Prometheus' HTTP API the twin reads. */
export function prometheusApi(base: string) {
  const get = async <T>(pathAndQuery: string): Promise<T> => {
    const response = await fetch(`${base}${pathAndQuery}`, { signal: AbortSignal.timeout(5000) });
    const body = (await response.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`${pathAndQuery}: ${body.error}`);
    return body.data;
  };
  return {
    query: async (expr: string) =>
      (await get<{ result: PromSample[] }>(`/api/v1/query?query=${encodeURIComponent(expr)}`))
        .result,
    targets: async () =>
      (await get<{ activeTargets: PromTarget[] }>('/api/v1/targets?state=active')).activeTargets,
    rules: async () =>
      (await get<{ groups: { rules: PromRule[] }[] }>('/api/v1/rules')).groups.flatMap(
        (g) => g.rules,
      ),
    labelValues: (label: string, match: string) =>
      get<string[]>(`/api/v1/label/${label}/values?match[]=${encodeURIComponent(match)}`),
  };
}
