import os from 'node:os';
import { runClosedLoops } from './closed-loop';
import type { Contender, ContenderId } from './contender';
import { childProcesses, cpuBetween, snapshot, type CpuSource } from './cpu';
import { startProfiling } from './cpu-profile';
import { machineCoresBusy, machineTicks } from './proc';
import type { JobsBenchSettings } from './settings';
import { medianRound, summarizeRound, type JobRoundStats } from './summary';

export interface ContenderResult {
  contender: ContenderId;
  description: string;
  rounds: JobRoundStats[];
  median: JobRoundStats;
}

/**
 * Warms every contender up, then runs the rounds interleaved (round r starts at contender
 * r mod n), so drift of the shared machine hits all alike. CPU is read around every round.
 */
export async function runRounds(
  contenders: readonly Contender[],
  settings: JobsBenchSettings,
  sharedCpu: readonly CpuSource[],
): Promise<ContenderResult[]> {
  const { concurrency, jobsPerRound, warmupJobs } = settings;
  for (const c of contenders) {
    const warm = await runClosedLoops(c.runJob, warmupJobs, concurrency);
    if (warm.errors > 0)
      throw new Error(`${c.id} warm-up: ${warm.errors} errors: ${warm.firstError}`);
    console.log(`  ${c.id.padEnd(17)} warm-up: ${warmupJobs} jobs`);
  }
  const rounds = contenders.map((): JobRoundStats[] => []);
  const stopProfiling = settings.profileDir
    ? await startProfiling(
        settings.profileDir,
        contenders.flatMap((c) => c.workerPids),
      )
    : undefined;
  for (let r = 0; r < settings.rounds; r++) {
    for (let k = 0; k < contenders.length; k++) {
      const i = (r + k) % contenders.length;
      const sources = [...sharedCpu, childProcesses('workers', contenders[i].workerPids)];
      const [before, machineBefore] = [snapshot(sources), machineTicks()];
      const loop = await runClosedLoops(contenders[i].runJob, jobsPerRound, concurrency);
      const machine = machineCoresBusy(machineBefore, machineTicks(), os.cpus().length);
      const stats = summarizeRound(loop, cpuBetween(sources, before, snapshot(sources)), machine);
      rounds[i].push(stats);
      console.log(`  ${contenders[i].id.padEnd(17)} round ${r + 1}: ${describe(stats)}`);
      if (stats.errors > 0) console.warn(`    ${stats.errors} errors, first: ${stats.firstError}`);
    }
  }
  await stopProfiling?.();
  return contenders.map((c, i) => ({
    contender: c.id,
    description: c.description,
    rounds: rounds[i],
    median: medianRound(rounds[i]),
  }));
}

function describe(s: JobRoundStats): string {
  return (
    `${s.jobsPerSec.toFixed(0)} jobs/s, p50 ${s.p50Ms.toFixed(1)} ms, p99 ${s.p99Ms.toFixed(1)} ms, ` +
    `cores busy: ${s.coresBusy.toFixed(2)} by it, ${s.machineCoresBusy.toFixed(2)} in all`
  );
}
