import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import path from 'node:path';

/**
 * Preloaded into the worker processes when BENCH_JOBS_PROFILE_DIR is set (see cpu-profile.ts):
 * starts V8's CPU profiler on SIGUSR2, which the bench sends just before the measured rounds,
 * and writes `worker-<pid>.cpuprofile` when the process exits. (`--cpu-prof` would include the
 * start-up, and is not allowed in NODE_OPTIONS.)
 */
const dir = process.env.BENCH_JOBS_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  let started = false;
  process.on('SIGUSR2', () => {
    if (started) return;
    started = true;
    session.post('Profiler.enable', () => session.post('Profiler.start'));
  });
  process.on('exit', () => {
    if (!started) return;
    // an in-thread inspector session answers synchronously, so this works in 'exit'
    session.post('Profiler.stop', (error, result) => {
      if (error) return;
      const file = path.join(dir, `worker-${process.pid}.cpuprofile`);
      writeFileSync(file, JSON.stringify(result.profile));
    });
  });
}
