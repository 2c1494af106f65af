import { spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { connect } from 'amqplib';
import { sleep } from './recorder';

const SERVER = '/usr/sbin/rabbitmq-server';

/** Debian's wrapper runs the broker as the rabbitmq user, which needs root to switch to. */
export const canRunPrivateRabbitmq = existsSync(SERVER) && userInfo().uid === 0;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/**
 * A RabbitMQ node of the test's own, on spare ports and a temporary data directory, so a test
 * can kill and restart it without touching the machine's shared broker.
 */
export class PrivateRabbitmq {
  private running = false;

  private constructor(
    private readonly dir: string,
    readonly port: number,
    private readonly env: NodeJS.ProcessEnv,
  ) {
    process.once('exit', () => this.killNow()); // never leave a broker behind a crashed run
  }

  get url(): string {
    return `amqp://guest:guest@127.0.0.1:${this.port}`;
  }

  static async create(): Promise<PrivateRabbitmq> {
    const dir = mkdtempSync(path.join(tmpdir(), 'qtest-rabbitmq-'));
    const port = await freePort();
    const distPort = await freePort();
    writeFileSync(path.join(dir, 'enabled_plugins'), '[].');
    writeFileSync(path.join(dir, 'rabbitmq.conf'), `listeners.tcp.local = 127.0.0.1:${port}\n`);
    return new PrivateRabbitmq(dir, port, {
      ...process.env,
      RABBITMQ_NODENAME: `${path.basename(dir)}@localhost`,
      RABBITMQ_NODE_PORT: String(port),
      RABBITMQ_DIST_PORT: String(distPort),
      RABBITMQ_CONFIG_FILE: path.join(dir, 'rabbitmq.conf'),
      RABBITMQ_ENABLED_PLUGINS_FILE: path.join(dir, 'enabled_plugins'),
      RABBITMQ_MNESIA_BASE: path.join(dir, 'mnesia'),
      RABBITMQ_LOG_BASE: path.join(dir, 'log'),
      RABBITMQ_FEATURE_FLAGS_FILE: path.join(dir, 'feature_flags'),
      RABBITMQ_PLUGINS_EXPAND_DIR: path.join(dir, 'plugins-expand'),
      RABBITMQ_PID_FILE: path.join(dir, 'broker.pid'),
    });
  }

  /** Starts the node and resolves once it accepts AMQP connections. */
  async start(timeoutMs = 45_000): Promise<void> {
    chownTree(this.dir);
    const child = spawn(SERVER, [], { env: this.env, stdio: 'ignore', detached: true });
    child.unref();
    this.running = true;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        await (await connect(this.url)).close();
        return;
      } catch (error) {
        if (Date.now() > deadline)
          throw new Error(`private RabbitMQ did not start: ${String(error)}`);
        await sleep(250);
      }
    }
  }

  /** SIGKILL: the broker dies without closing anything, as in a crash or an OOM kill. */
  async kill(): Promise<void> {
    this.killNow();
    for (let i = 0; i < 100 && (await this.accepting()); i += 1) await sleep(100);
  }

  async destroy(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private killNow(): void {
    if (!this.running) return;
    this.running = false;
    try {
      const pid = Number(readFileSync(path.join(this.dir, 'broker.pid'), 'utf8').trim());
      if (pid > 0) process.kill(pid, 'SIGKILL');
    } catch {
      // never started, or already gone
    }
  }

  private accepting(): Promise<boolean> {
    return connect(this.url).then(
      (connection) => connection.close().then(() => true),
      () => false,
    );
  }
}

/** The broker runs as the rabbitmq user, so it must own its directory. */
function chownTree(dir: string): void {
  const { uid, gid } = rabbitmqIds();
  chownSync(dir, uid, gid);
  for (const name of ['enabled_plugins', 'rabbitmq.conf'])
    chownSync(path.join(dir, name), uid, gid);
}

function rabbitmqIds(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('rabbitmq:'));
  const [, , uid, gid] = (line ?? '').split(':');
  if (!uid || !gid) throw new Error('no rabbitmq user');
  return { uid: Number(uid), gid: Number(gid) };
}
