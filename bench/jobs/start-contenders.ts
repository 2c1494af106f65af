import { randomBytes } from 'node:crypto';
import type { CompletionPoller } from './completion-poller';
import { RowSequence, type Contender, type ContenderId } from './contender';
import { startPlatformContender } from './platform-contender';
import { startRawContender } from './raw-contender';
import type { JobsBenchSettings } from './settings';
import { jobRows } from './workload';

const ALL: readonly ContenderId[] = ['platform-bullmq', 'platform-rabbitmq', 'raw-bullmq'];

/**
 * Starts the selected contenders, each with a broker prefix of its own for this run and the
 * same sequence of rows (distinct per job unless BENCH_JOBS_SAME_ROWS=1). On failure, stops
 * what already started.
 */
export async function startContenders(
  settings: JobsBenchSettings,
  poller: CompletionPoller,
): Promise<Contender[]> {
  const run = randomBytes(3).toString('hex');
  const rows = () =>
    new RowSequence((i) => jobRows(settings.rowsPerJob, settings.distinctRows ? 1000 + i : 1000));
  const started: Contender[] = [];
  try {
    for (const id of ALL.filter((c) => !settings.only || c.includes(settings.only))) {
      const queuePrefix = `mlserve-bench-jobs-${run}-${id.replace('platform-', '')}`;
      console.log(`starting ${id} (prefix ${queuePrefix})`);
      started.push(
        id === 'raw-bullmq'
          ? await startRawContender({ settings, queuePrefix, rows: rows() })
          : await startPlatformContender({
              driver: id === 'platform-bullmq' ? 'bullmq' : 'rabbitmq',
              settings,
              queuePrefix,
              poller,
              rows: rows(),
            }),
      );
    }
    return started;
  } catch (error) {
    await closeAll(started);
    throw error;
  }
}

export async function closeAll(contenders: readonly Contender[]): Promise<void> {
  for (const contender of contenders) {
    await contender.close().catch((error: unknown) => {
      console.warn(`closing ${contender.id}: ${String(error)}`);
    });
  }
}
