import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface OipServer {
  url: string;
  stop(): Promise<void>;
}

/** Starts test/support/oip-server.main.ts in its own process, serving `bytes` as `name`. */
export async function startOipServer(
  name: string,
  bytes: Uint8Array,
  env: Record<string, string> = {},
): Promise<OipServer> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'oip-')), `${name}.onnx`);
  writeFileSync(file, bytes);
  const child: ChildProcess = spawn(
    process.execPath,
    ['-r', '@swc-node/register', 'test/support/oip-server.main.ts'],
    {
      cwd: path.resolve(__dirname, '..', '..'),
      env: { ...process.env, MODEL_FILE: file, MODEL_NAME: name, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`OIP server exited (${code}): ${out}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
