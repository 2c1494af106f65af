import { hostname } from 'node:os';
import { type z } from 'zod';
import { envSchema, PLACEHOLDER_SECRETS, type Env } from './env.schema';

export type QueueDriverName = Env['QUEUE_DRIVER'];

/** The validated, typed configuration every app reads; built once at start by `loadConfig`. */
export interface AppConfig {
  nodeEnv: Env['NODE_ENV'];
  logLevel: Env['LOG_LEVEL'];
  domain: string;
  db: { url: string; poolSize: number; connectTimeoutMs: number };
  redis: { url: string };
  queue: { driver: QueueDriverName; prefix: string; rabbitmqUrl: string | undefined };
  api: {
    host: string;
    port: number;
    bodyLimitBytes: number;
    inferenceBodyLimitBytes: number;
    adminApiKey: string;
    /** Requests per minute per API key (0 = no limit). */
    rateLimitPerMinute: number;
    /** How long an API replica reuses an API key or model lookup (0 = never). */
    lookupCacheMs: number;
  };
  /** Submits answer 429 once a queue holds this many waiting jobs (0 = no limit). */
  queueMaxDepth: number;
  /** Finished jobs keep their input and result this long. */
  resultTtlMs: number;
  models: {
    storeDir: string;
    maxBytes: number;
    cacheMaxCount: number;
    cacheMaxBytes: number;
    httpTimeoutMs: number;
  };
  jobInput: { maxBytes: number; urlAllowedHosts: string[]; urlTimeoutMs: number };
  worker: {
    id: string;
    queues: string[];
    concurrency: number;
    httpPort: number;
    leaseMs: number;
    heartbeatMs: number;
    shutdownGraceMs: number;
    reconcileIntervalMs: number;
    /** A job QUEUED this long is enqueued again, in case the broker lost its message. */
    requeueStaleAfterMs: number;
  };
}

/** Thrown when the environment is invalid; its message names every bad variable at once. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function crossFieldProblems(env: Env): string[] {
  const problems: string[] = [];
  if (env.QUEUE_DRIVER === 'rabbitmq' && !env.RABBITMQ_URL) {
    problems.push('RABBITMQ_URL: required when QUEUE_DRIVER=rabbitmq');
  }
  if (env.WORKER_HEARTBEAT_MS * 2 > env.WORKER_LEASE_MS) {
    problems.push('WORKER_HEARTBEAT_MS: must be at most half of WORKER_LEASE_MS');
  }
  const isPlaceholder = PLACEHOLDER_SECRETS.some((p) => env.ADMIN_API_KEY.includes(p));
  if (env.NODE_ENV === 'production' && isPlaceholder) {
    problems.push('ADMIN_API_KEY: still the placeholder from .env.example; set a real secret');
  }
  return problems;
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map(describe));
  }
  const env = parsed.data;
  const problems = crossFieldProblems(env);
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    nodeEnv: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    domain: env.DOMAIN,
    db: {
      url: env.DATABASE_URL,
      poolSize: env.DATABASE_POOL_SIZE,
      connectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
    },
    redis: { url: env.REDIS_URL },
    queue: { driver: env.QUEUE_DRIVER, prefix: env.QUEUE_PREFIX, rabbitmqUrl: env.RABBITMQ_URL },
    api: {
      host: env.API_HOST,
      port: env.API_PORT,
      bodyLimitBytes: env.API_BODY_LIMIT_BYTES,
      inferenceBodyLimitBytes: env.INFERENCE_BODY_LIMIT_BYTES,
      adminApiKey: env.ADMIN_API_KEY,
      rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE,
      lookupCacheMs: env.LOOKUP_CACHE_MS,
    },
    queueMaxDepth: env.QUEUE_MAX_DEPTH,
    resultTtlMs: env.RESULT_TTL,
    models: {
      storeDir: env.MODEL_STORE_DIR,
      maxBytes: env.MODEL_MAX_BYTES,
      cacheMaxCount: env.MODEL_CACHE_MAX_COUNT,
      cacheMaxBytes: env.MODEL_CACHE_MAX_BYTES,
      httpTimeoutMs: env.MODEL_HTTP_TIMEOUT_MS,
    },
    jobInput: {
      maxBytes: env.JOB_INPUT_MAX_BYTES,
      urlAllowedHosts: env.JOB_INPUT_URL_ALLOWED_HOSTS,
      urlTimeoutMs: env.JOB_INPUT_URL_TIMEOUT_MS,
    },
    worker: {
      id: env.WORKER_ID ?? `${hostname()}-${process.pid}`,
      queues: env.WORKER_QUEUES,
      concurrency: env.WORKER_CONCURRENCY,
      httpPort: env.WORKER_HTTP_PORT,
      leaseMs: env.WORKER_LEASE_MS,
      heartbeatMs: env.WORKER_HEARTBEAT_MS,
      shutdownGraceMs: env.WORKER_SHUTDOWN_GRACE_MS,
      reconcileIntervalMs: env.RECONCILE_INTERVAL_MS,
      requeueStaleAfterMs: env.REQUEUE_STALE_AFTER,
    },
  };
}

/** `VARIABLE: what is wrong`, naming the variable even when the problem is in a list item. */
function describe(issue: z.core.$ZodIssue): string {
  const [variable, ...rest] = issue.path.map(String);
  const where = rest.length > 0 ? ` (item ${rest.join('.')})` : '';
  const what =
    issue.code === 'invalid_type' && issue.input === undefined
      ? 'is required but missing'
      : issue.message;
  return `${variable ?? '(environment)'}: ${what}${where}`;
}
