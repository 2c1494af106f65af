import { findPids, listeningPids, procCpuMs } from './proc';

/**
 * A group of processes whose CPU time (user + system, ms) can be read now, per process. One that
 * exits between two readings loses only its last moments; one that appears counts from 0 if
 * `countsNewProcesses` (PostgreSQL backends come and go with the connection pools), else not at
 * all (a broker restarted by someone else's test would count its whole start-up).
 */
export interface CpuSource {
  name: string;
  countsNewProcesses: boolean;
  readMs(): Map<number, number>;
}

const perPid = (pids: readonly number[]) => new Map(pids.map((pid) => [pid, procCpuMs(pid)]));

export function thisProcess(name: string): CpuSource {
  return {
    name,
    countsNewProcesses: false,
    readMs: () => {
      const { user, system } = process.cpuUsage();
      return new Map([[process.pid, (user + system) / 1000]]);
    },
  };
}

export function childProcesses(name: string, pids: readonly number[]): CpuSource {
  return { name, countsNewProcesses: false, readMs: () => perPid(pids) };
}

/** The PostgreSQL backends connected to `database` (found anew at each read). */
export function postgresBackends(name: string, database: string): CpuSource {
  const title = ` ${database} `;
  return {
    name,
    countsNewProcesses: true,
    readMs: () =>
      perPid(findPids((cmdline, comm) => comm === 'postgres' && cmdline.includes(title))),
  };
}

/** The whole server listening on `port` (its main process; shared with anyone else using it). */
export function serverOnPort(name: string, port: number): CpuSource {
  return { name, countsNewProcesses: false, readMs: () => perPid(listeningPids(port)) };
}

/** CPU ms by source name. */
export type CpuSnapshot = Record<string, number>;

export type CpuReading = Record<string, Map<number, number>>;

export function snapshot(sources: readonly CpuSource[]): CpuReading {
  return Object.fromEntries(sources.map((s) => [s.name, s.readMs()]));
}

/** CPU ms each source spent between two readings, process by process. */
export function cpuBetween(
  sources: readonly CpuSource[],
  before: CpuReading,
  after: CpuReading,
): CpuSnapshot {
  const spent = ({ name, countsNewProcesses }: CpuSource) =>
    [...after[name]].reduce((sum, [pid, ms]) => {
      const start = before[name].get(pid) ?? (countsNewProcesses ? 0 : ms);
      return sum + Math.max(0, ms - start);
    }, 0);
  return Object.fromEntries(sources.map((source) => [source.name, spent(source)]));
}
