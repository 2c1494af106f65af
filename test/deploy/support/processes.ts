import { spawn, type ChildProcess } from 'node:child_process';
import { ROOT } from './compose';

/** A process the test started: its output is kept for failure messages. */
export interface Started {
  name: string;
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<number | string>;
  /** False once it exited, or could not be started at all. */
  running(): boolean;
  /** SIGTERM, then SIGKILL if it is still there after `graceMs`. */
  stop(graceMs?: number): Promise<number | string>;
}

export function start(name: string, argv: string[], env: Record<string, string>): Started {
  const [command, ...args] = argv;
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let ended = false;
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1));
    child.once('error', (error) => {
      output += String(error);
      resolve(-1);
    });
  }).finally(() => (ended = true));
  return {
    name,
    child,
    output: () => output,
    exited,
    running: () => !ended,
    async stop(graceMs = 10_000) {
      if (ended || child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  };
}

/** Runs a one-shot process to its end, killing it after `timeoutMs`. */
export async function runToEnd(
  name: string,
  argv: string[],
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<{ code: number | string; output: string }> {
  const proc = start(name, argv, env);
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), timeoutMs);
  const code = await proc.exited;
  clearTimeout(timer);
  return { code, output: proc.output() };
}

export { sparePort as freePort } from '../../support/services/spare-port';
