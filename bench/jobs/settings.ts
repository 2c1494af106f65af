/** What one run of the jobs bench does; every knob can be set from the environment. */
export interface JobsBenchSettings {
  rounds: number;
  jobsPerRound: number;
  /** Unmeasured jobs per contender before its first round. */
  warmupJobs: number;
  /** Closed loops submitting (and waiting for) jobs at the same time. */
  concurrency: number;
  /** Worker processes per platform contender (the raw contender gets as many). */
  workers: number;
  /** WORKER_CONCURRENCY of each worker process, and the raw BullMQ worker's concurrency. */
  workerConcurrency: number;
  /** Rows per job (of 4 floats each). */
  rowsPerJob: number;
  /**
   * Every job gets rows of its own (default). With the same rows, every result is the same
   * file, which the content-addressed store writes only once.
   */
  distinctRows: boolean;
  /** Where to write CPU profiles of the measured rounds (use with BENCH_ONLY); none if unset. */
  profileDir: string | undefined;
  databaseUrl: string;
  redisUrl: string;
  rabbitmqUrl: string;
  /** Only the contenders whose id contains this text (e.g. "rabbitmq" or "raw"). */
  only: string | undefined;
}

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

export function loadSettings(env: NodeJS.ProcessEnv = process.env): JobsBenchSettings {
  const databaseUrl =
    env.BENCH_JOBS_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/mlserve_bench_jobs';
  // the bench drops and recreates this database: refuse anything that is not obviously its own
  if (!/\/mlserve_bench_jobs\w*$/.test(databaseUrl)) {
    throw new Error('BENCH_JOBS_DATABASE_URL must name a database called mlserve_bench_jobs*');
  }
  return {
    rounds: positiveInteger(env, 'BENCH_JOBS_ROUNDS', 3),
    jobsPerRound: positiveInteger(env, 'BENCH_JOBS_PER_ROUND', 2000),
    warmupJobs: positiveInteger(env, 'BENCH_JOBS_WARMUP', 200),
    concurrency: positiveInteger(env, 'BENCH_JOBS_CONCURRENCY', 32),
    workers: positiveInteger(env, 'BENCH_JOBS_WORKERS', 1),
    workerConcurrency: positiveInteger(env, 'BENCH_JOBS_WORKER_CONCURRENCY', 8),
    rowsPerJob: positiveInteger(env, 'BENCH_JOBS_ROWS', 10),
    distinctRows: env.BENCH_JOBS_SAME_ROWS !== '1',
    profileDir: env.BENCH_JOBS_PROFILE_DIR || undefined,
    databaseUrl,
    redisUrl: env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
    rabbitmqUrl: env.BENCH_RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
    only: env.BENCH_ONLY || undefined,
  };
}
