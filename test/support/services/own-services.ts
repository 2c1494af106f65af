import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sparePort, waitForPort, waitForPortClosed } from './spare-port';

/**
 * Servers a fault test owns, on spare ports, so it may stop, kill and restart them freely:
 * never the machine's shared PostgreSQL, Redis or RabbitMQ.
 */
export interface OwnService {
  readonly url: string;
  readonly port: number;
  start(): Promise<void>;
  /** A clean stop (the service shuts down). */
  stop(): Promise<void>;
  /** Stop, then start again with the same data. */
  restart(pauseMs?: number): Promise<void>;
  /** Stops and deletes its data directory. */
  destroy(): Promise<void>;
}

abstract class BaseService implements OwnService {
  protected readonly dir: string;

  protected constructor(
    readonly port: number,
    private readonly what: string,
    private readonly startTimeoutMs: number,
  ) {
    this.dir = mkdtempSync(path.join(tmpdir(), `mlserve-${what}-`));
  }

  abstract get url(): string;
  protected abstract launch(): void;
  protected abstract shutdown(): Promise<void>;

  async start(): Promise<void> {
    this.launch();
    await waitForPort(this.port, this.startTimeoutMs, this.what);
  }

  async stop(): Promise<void> {
    await this.shutdown();
    await waitForPortClosed(this.port, 15_000);
  }

  async restart(pauseMs = 0): Promise<void> {
    await this.stop();
    if (pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs));
    await this.start();
  }

  async destroy(): Promise<void> {
    await this.stop().catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export class OwnRedis extends BaseService {
  private child: ChildProcess | null = null;

  static async create(): Promise<OwnRedis> {
    return new OwnRedis(await sparePort());
  }

  private constructor(port: number) {
    super(port, 'redis', 10_000);
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  protected launch(): void {
    this.child = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'yes',
        '--dir',
        this.dir,
      ],
      { stdio: 'ignore' },
    );
  }

  protected async shutdown(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }
}

export class OwnRabbitMq extends BaseService {
  private readonly node: string;

  static async create(): Promise<OwnRabbitMq> {
    return new OwnRabbitMq(await sparePort());
  }

  private constructor(port: number) {
    super(port, 'rabbitmq', 60_000);
    this.node = `mlstest${port}@localhost`;
    writeFileSync(path.join(this.dir, 'enabled_plugins'), '[].');
    // the machine's /etc/rabbitmq/rabbitmq.conf pins 5672; this node gets its own config
    writeFileSync(
      path.join(this.dir, 'rabbitmq.conf'),
      `listeners.tcp.local = 127.0.0.1:${port}\n`,
    );
    execFileSync('chown', ['-R', 'rabbitmq:rabbitmq', this.dir]);
  }

  get url(): string {
    return `amqp://guest:guest@127.0.0.1:${this.port}`;
  }

  protected launch(): void {
    execFileSync('rabbitmq-server', ['-detached'], {
      env: {
        ...process.env,
        RABBITMQ_NODENAME: this.node,
        RABBITMQ_NODE_PORT: String(this.port),
        RABBITMQ_DIST_PORT: String(this.port - 10_000),
        RABBITMQ_CONFIG_FILE: path.join(this.dir, 'rabbitmq.conf'),
        RABBITMQ_MNESIA_BASE: path.join(this.dir, 'mnesia'),
        RABBITMQ_LOG_BASE: path.join(this.dir, 'log'),
        RABBITMQ_ENABLED_PLUGINS_FILE: path.join(this.dir, 'enabled_plugins'),
        RABBITMQ_FEATURE_FLAGS_FILE: path.join(this.dir, 'feature_flags'),
      },
      stdio: 'ignore',
    });
  }

  protected shutdown(): Promise<void> {
    try {
      execFileSync('rabbitmqctl', ['-n', this.node, 'stop'], { stdio: 'ignore', timeout: 30_000 });
    } catch {
      // not running
    }
    return Promise.resolve();
  }
}

const PG_BIN = '/usr/lib/postgresql/15/bin';

export class OwnPostgres extends BaseService {
  static async create(): Promise<OwnPostgres> {
    const pg = new OwnPostgres(await sparePort());
    pg.initdb();
    return pg;
  }

  private constructor(port: number) {
    super(port, 'postgres', 20_000);
  }

  get url(): string {
    return `postgresql://postgres@127.0.0.1:${this.port}/mlserve`;
  }

  private initdb(): void {
    const owner = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    chownSync(this.dir, owner, owner);
    mkdirSync(path.join(this.dir, 'data'));
    chownSync(path.join(this.dir, 'data'), owner, owner);
    this.asPostgres('initdb', [
      '-D',
      `${this.dir}/data`,
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
    ]);
  }

  protected launch(): void {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
    this.asPostgres('pg_ctl', [
      '-D',
      `${this.dir}/data`,
      '-o',
      options,
      '-l',
      `${this.dir}/log`,
      'start',
    ]);
  }

  protected shutdown(): Promise<void> {
    try {
      this.asPostgres('pg_ctl', ['-D', `${this.dir}/data`, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // not running
    }
    return Promise.resolve();
  }

  private asPostgres(binary: string, args: string[]): void {
    execFileSync('runuser', ['-u', 'postgres', '--', `${PG_BIN}/${binary}`, ...args], {
      stdio: 'ignore',
    });
  }
}
