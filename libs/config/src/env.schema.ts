import { z } from 'zod';

const int = (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback);
const ms = (fallback: number) => int(fallback, 1);
const list = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value) =>
      value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item.length > 0),
    )
    .pipe(
      z
        .array(
          z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'queue names are lowercase [a-z0-9_-]'),
        )
        .min(1),
    );

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** A duration like `7d`, `12h`, `30m`, `45s` (or plain seconds), in milliseconds. */
const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      const match = /^(\d+)\s*([smhd]?)$/.exec(value.trim());
      if (!match) {
        ctx.addIssue({ code: 'custom', message: 'a duration like 7d, 12h, 30m or 45s' });
        return z.NEVER;
      }
      return Number(match[1]) * (UNIT_SECONDS[match[2] || 's'] ?? 1) * 1000;
    });

/** Secrets that `.env.example` ships with; production refuses to start with any of them. */
export const PLACEHOLDER_SECRETS = ['change-me', 'changeme', 'CHANGE_ME'] as const;

const secret = z.string().min(24, 'must be at least 24 characters');

/** Every environment variable mlserve reads, with its default. `.env.example` documents each one. */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
  DOMAIN: z.string().min(1).default('localhost'),

  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgresql:// URL' }),
  DATABASE_POOL_SIZE: int(10, 1),
  DATABASE_CONNECT_TIMEOUT_MS: ms(1000),

  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// URL' }),
  RABBITMQ_URL: z.url({ protocol: /^amqps?$/, error: 'must be an amqp:// URL' }).optional(),
  QUEUE_DRIVER: z.enum(['bullmq', 'rabbitmq']).default('bullmq'),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-z0-9_-]+$/)
    .default('mlserve'),

  API_HOST: z.string().default('0.0.0.0'),
  API_PORT: int(3000, 0),
  API_BODY_LIMIT_BYTES: int(1_048_576, 1024),
  ADMIN_API_KEY: secret,
  LOOKUP_CACHE_MS: int(3000, 0),

  MODEL_STORE_DIR: z.string().min(1).default('./.data/models'),
  MODEL_MAX_BYTES: int(200 * 1024 * 1024, 1),
  MODEL_CACHE_MAX_COUNT: int(16, 1),
  MODEL_CACHE_MAX_BYTES: int(2 * 1024 * 1024 * 1024, 1),
  MODEL_HTTP_TIMEOUT_MS: ms(30_000),

  JOB_INPUT_MAX_BYTES: int(100 * 1024 * 1024, 1),
  JOB_INPUT_URL_ALLOWED_HOSTS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean),
    ),
  JOB_INPUT_URL_TIMEOUT_MS: ms(30_000),

  WORKER_QUEUES: list('default'),
  WORKER_CONCURRENCY: int(2, 1),
  WORKER_ID: z.string().min(1).optional(),
  WORKER_HTTP_PORT: int(9464, 0),
  WORKER_LEASE_MS: ms(30_000),
  WORKER_HEARTBEAT_MS: ms(2_000),
  WORKER_SHUTDOWN_GRACE_MS: ms(20_000),
  RECONCILE_INTERVAL_MS: ms(15_000),
  RESULT_TTL: duration('7d'),
  REQUEUE_STALE_AFTER: duration('10m'),
  QUEUE_MAX_DEPTH: int(100_000, 0),
  RATE_LIMIT_PER_MINUTE: int(6000, 0),
  INFERENCE_BODY_LIMIT_BYTES: int(16 * 1024 * 1024, 1024),
});

export type Env = z.infer<typeof envSchema>;
