/** What one bench run does; every knob can be set from the environment. */
export interface BenchSettings {
  rounds: number;
  roundMs: number;
  warmupMs: number;
  databaseUrl: string;
  redisUrl: string;
  /**
   * The platform's per-key limit. The default is far above what the bench can send, so the
   * limiter does its per-request work (a Redis round trip) but never answers 429; 0 turns it off.
   */
  rateLimitPerMinute: number;
  /** Only scenarios whose id contains this text (e.g. "mlp" or "c64"); all when undefined. */
  only: string | undefined;
}

function numberFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, zeroOk = false) {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || (value === 0 && !zeroOk)) {
    throw new Error(`${name} must be a ${zeroOk ? 'non-negative' : 'positive'} number`);
  }
  return value;
}

export function loadSettings(env: NodeJS.ProcessEnv = process.env): BenchSettings {
  return {
    rounds: Math.round(numberFrom(env, 'BENCH_ROUNDS', 3)),
    roundMs: numberFrom(env, 'BENCH_ROUND_SECONDS', 5) * 1000,
    warmupMs: numberFrom(env, 'BENCH_WARMUP_SECONDS', 2) * 1000,
    databaseUrl: env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/mlserve_bench',
    redisUrl: env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
    rateLimitPerMinute: Math.round(
      numberFrom(env, 'BENCH_RATE_LIMIT_PER_MINUTE', 1_000_000_000, true),
    ),
    only: env.BENCH_ONLY || undefined,
  };
}
