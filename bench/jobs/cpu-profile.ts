import { mkdir, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import path from 'node:path';

const HOOK = path.join(__dirname, 'profile-hook.ts');

/** NODE_OPTIONS and env that make a worker process profile itself (see profile-hook.ts). */
export function workerProfilingEnv(dir: string | undefined): Record<string, string> {
  if (!dir) return {};
  return {
    NODE_OPTIONS: `--require @swc-node/register --require ${HOOK}`,
    BENCH_JOBS_PROFILE_DIR: dir,
  };
}

/**
 * Profiles the measured rounds only: this process (API + client, or producer + client) with
 * node:inspector, and the workers by SIGUSR2 to their hook. Returns a function that stops this
 * process's profiler and writes `bench-<pid>.cpuprofile`; the workers write theirs at exit.
 */
export async function startProfiling(
  dir: string,
  workerPids: readonly number[],
): Promise<() => Promise<void>> {
  await mkdir(dir, { recursive: true });
  for (const pid of workerPids) process.kill(pid, 'SIGUSR2');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    await writeFile(path.join(dir, `bench-${process.pid}.cpuprofile`), JSON.stringify(profile));
  };
}
