import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

function readOr(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

const allPids = () =>
  readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number);

/** utime + stime of a process from /proc/<pid>/stat, in ms; 0 once it is gone. */
export function procCpuMs(pid: number): number {
  const stat = readOr(`/proc/${pid}/stat`);
  if (!stat) return 0;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields[0] is field 3
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/** Live (not zombie) processes whose command name and command line pass `match`. */
export function findPids(match: (cmdline: string, comm: string) => boolean): number[] {
  return allPids().filter((pid) => {
    const comm = readOr(`/proc/${pid}/comm`).trim();
    const cmdline = readOr(`/proc/${pid}/cmdline`).replace(/\0/g, ' ');
    return comm !== '' && match(cmdline, comm) && !readOr(`/proc/${pid}/stat`).includes(') Z ');
  });
}

/**
 * The processes holding the TCP socket that listens on `port` in this network namespace: the
 * server a URL points at, not another instance of it (e.g. in a container) that happens to run.
 */
export function listeningPids(port: number): number[] {
  const hex = `:${port.toString(16).toUpperCase().padStart(4, '0')} `;
  const inodes = new Set(
    [readOr('/proc/net/tcp'), readOr('/proc/net/tcp6')]
      .flatMap((table) => table.split('\n').slice(1))
      .map((line) => line.trim().split(/\s+/))
      .filter((f) => f[1]?.endsWith(hex.trim()) && f[3] === '0A') // 0A: LISTEN
      .map((f) => `socket:[${f[9]}]`),
  );
  return allPids().filter((pid) => {
    try {
      return readdirSync(`/proc/${pid}/fd`).some((fd) =>
        inodes.has(readlinkOr(`/proc/${pid}/fd/${fd}`)),
      );
    } catch {
      return false;
    }
  });
}

function readlinkOr(file: string): string {
  try {
    return readlinkSync(file);
  } catch {
    return '';
  }
}

/** Busy and total jiffies of the whole machine (all CPUs) from /proc/stat. */
export interface MachineTicks {
  busy: number;
  total: number;
}

export function machineTicks(): MachineTicks {
  const fields = readOr('/proc/stat').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0); // idle + iowait
  return { busy: total - idle, total };
}

/** How many of the machine's cores were busy (with anything) between two readings. */
export function machineCoresBusy(before: MachineTicks, after: MachineTicks, cpus: number): number {
  const total = after.total - before.total;
  return total > 0 ? ((after.busy - before.busy) / total) * cpus : 0;
}
