import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import {
  bindMigrationAwareSqlAdapterFactory,
  DriverAdapterError,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import * as bindings from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { SchemaEngine } from '@prisma/schema-engine-wasm/schema_engine_bg';

export type { SchemaEngine };

/** Where a database lives. Always discrete fields: pg lets a connectionString override them. */
export interface PgTarget {
  host: string;
  port: number;
  user?: string;
  password?: string;
  database: string;
  /** Postgres schema (`?schema=` in Prisma URLs); the default is `public`. */
  schema?: string;
  ssl?: { rejectUnauthorized: boolean };
}

export function parseDatabaseUrl(databaseUrl: string): PgTarget {
  const url = new URL(databaseUrl);
  if (url.protocol !== 'postgresql:' && url.protocol !== 'postgres:') {
    throw new Error(`DATABASE_URL must be a postgresql:// URL, got ${url.protocol}//…`);
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!database)
    throw new Error('DATABASE_URL must name a database (postgresql://host/<database>)');
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1') || 'localhost',
    port: url.port ? Number(url.port) : 5432,
    user: decodeURIComponent(url.username) || undefined,
    password: decodeURIComponent(url.password) || undefined,
    database,
    schema: url.searchParams.get('schema') ?? undefined,
    ssl: url.searchParams.get('sslmode') === 'require' ? { rejectUnauthorized: false } : undefined,
  };
}

export function poolConfig(target: PgTarget): pg.PoolConfig {
  const { host, port, user, password, database, schema, ssl } = target;
  const searchPath = schema ? { options: `-c search_path="${schema.replace(/"/g, '""')}"` } : {};
  return { host, port, user, password, database, ssl, ...searchPath };
}

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Runs one statement on the server's `postgres` maintenance database (CREATE/DROP DATABASE). */
export async function onMaintenanceDb<T>(
  target: PgTarget,
  run: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ ...poolConfig(target), database: 'postgres', options: undefined });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

type Bindings = typeof bindings;
let loaded: Promise<Bindings> | undefined;

interface WasmApi {
  instantiate(
    bytes: Uint8Array,
    imports: Record<string, object>,
  ): Promise<{ instance: { exports: Record<string, unknown> } }>;
}

/**
 * The package's ESM entry imports the .wasm directly, which Node refuses, so we wire the
 * bindings to the module ourselves. Only once per process (per module instance): a second
 * instantiation would swap the memory under engines that already exist.
 */
export function loadSchemaEngine(): Promise<Bindings> {
  loaded ??= (async () => {
    const dir = path.dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg'));
    const bytes = await readFile(path.join(dir, 'schema_engine_bg.wasm'));
    // lib ES2023 has no WebAssembly typings; describe the one call we need.
    const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    const { instance } = await wasm.instantiate(bytes, {
      './schema_engine_bg.js': withTrackedTimers(bindings),
    });
    bindings.__wbg_set_wasm(instance.exports);
    const start = instance.exports.__wbindgen_start;
    if (typeof start !== 'function')
      throw new Error('schema engine wasm has no __wbindgen_start export');
    (start as () => void)();
    return bindings;
  })();
  return loaded;
}

/**
 * The wasm imports setTimeout but never clearTimeout, so a finished command leaves e.g. a 10 s
 * lock-wait timer that keeps the process alive. We track them and clear whatever is pending
 * once no engine is alive (clearing earlier could strand another engine's sleep).
 */
const engineTimers = new Set<unknown>();
let liveEngines = 0;

function withTrackedTimers(imports: Bindings): Record<string, unknown> {
  const tracked: Record<string, unknown> = { ...imports };
  for (const [name, value] of Object.entries(imports)) {
    if (!name.startsWith('__wbg_setTimeout_') || typeof value !== 'function') continue;
    const setTimeoutImport = value as (...args: unknown[]) => unknown;
    tracked[name] = (...args: unknown[]): unknown => {
      const timer = setTimeoutImport(...args);
      engineTimers.add(timer);
      return timer;
    };
  }
  return tracked;
}

function clearTimersIfIdle(): void {
  if (liveEngines > 0) return;
  for (const timer of engineTimers) clearTimeout(timer as NodeJS.Timeout);
  engineTimers.clear();
}

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

/** adapter-pg has no mapping for Postgres' internal "char" type, which introspection selects. */
function charColumnsAsText(result: unknown): unknown {
  const items: unknown[] = Array.isArray(result) ? result : [result];
  for (const item of items) {
    const fields: unknown =
      typeof item === 'object' && item !== null && 'fields' in item ? item.fields : [];
    for (const field of Array.isArray(fields) ? (fields as unknown[]) : []) {
      if (
        typeof field === 'object' &&
        field !== null &&
        'dataTypeID' in field &&
        field.dataTypeID === PG_CHAR_OID
      ) {
        Object.assign(field, { dataTypeID: PG_TEXT_OID });
      }
    }
  }
  return result;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    'then' in value &&
    typeof value.then === 'function'
  );
}

function reportCharColumnsAsText(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const patched = (...args: unknown[]): unknown => {
    const callback = args.at(-1);
    if (typeof callback === 'function') {
      // pg-pool's own pool.query() calls client.query(text, values, callback).
      return query(...args.slice(0, -1), (error: unknown, result: unknown) =>
        (callback as (error: unknown, result: unknown) => unknown)(
          error,
          error ? result : charColumnsAsText(result),
        ),
      );
    }
    const result = query(...args);
    return isThenable(result) ? result.then(charColumnsAsText) : result;
  };
  // Object.assign, because client.query's overloads cannot be restated for one wrapper.
  Object.assign(client, { query: patched });
}

function toAdapterError(error: unknown): unknown {
  if (!(error instanceof pg.DatabaseError)) return error;
  return new DriverAdapterError({
    kind: 'postgres',
    code: error.code ?? 'unknown',
    severity: error.severity ?? 'ERROR',
    message: error.message,
    detail: error.detail,
    column: error.column,
    hint: error.hint,
  });
}

/**
 * adapter-pg's executeScript splits scripts on ";" (breaking dollar-quoted bodies and
 * running statements outside one transaction). Postgres' simple query protocol takes the
 * script whole, as Prisma's native engine sends it. Pools are ended by the factory.
 */
function migrationAdapter(inner: SqlDriverAdapter, pool: pg.Pool): SqlDriverAdapter {
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    queryRaw: (query) => inner.queryRaw(query),
    executeRaw: (query) => inner.executeRaw(query),
    startTransaction: (isolationLevel) => inner.startTransaction(isolationLevel),
    getConnectionInfo: () => inner.getConnectionInfo?.() ?? { supportsRelationJoins: true },
    executeScript: async (script) => {
      await pool.query(script).catch((error: unknown) => {
        throw toAdapterError(error);
      });
    },
    dispose: async () => {},
  };
}

/**
 * Connects the engine to the target database and, on demand, to shadow databases that it
 * creates itself (uniquely named) and drops on dispose. Never drops anything it did not create.
 */
export class MigrationAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = 'postgres';
  readonly adapterName = '@prisma/adapter-pg';
  private readonly pools: pg.Pool[] = [];
  private readonly shadowDatabases: string[] = [];

  constructor(
    private readonly target: PgTarget,
    private readonly throwawayMain = false,
  ) {}

  connect(): Promise<SqlDriverAdapter> {
    return this.throwawayMain ? this.connectToShadowDb() : this.adapterFor(this.target);
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    const database = `mlserve_shadow_${randomBytes(6).toString('hex')}`;
    await onMaintenanceDb(this.target, (client) =>
      client.query(`CREATE DATABASE ${quoteIdentifier(database)}`),
    );
    this.shadowDatabases.push(database);
    return this.adapterFor({ ...this.target, database });
  }

  async dispose(): Promise<void> {
    // Pools first: DROP DATABASE … WITH (FORCE) would otherwise kill our own idle clients.
    await Promise.all(
      this.pools.splice(0).map((pool) => (pool.ended ? Promise.resolve() : pool.end())),
    );
    const databases = this.shadowDatabases.splice(0);
    if (databases.length === 0) return;
    await onMaintenanceDb(this.target, async (client) => {
      for (const database of databases) {
        await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(database)} WITH (FORCE)`);
      }
    });
  }

  private async adapterFor(target: PgTarget): Promise<SqlDriverAdapter> {
    const pool = new pg.Pool(poolConfig(target));
    pool.on('connect', reportCharColumnsAsText);
    this.pools.push(pool);
    const inner = await new PrismaPg(pool, { schema: target.schema }).connect();
    return migrationAdapter(inner, pool);
  }
}

export interface EngineOptions {
  target: PgTarget;
  /**
   * Give the engine a throwaway database as its main one too. Diffs between migrations and a
   * schema only check the server version there, so they then work before the real one exists.
   */
  throwawayMain?: boolean;
  /** Prisma schema files as [path, content]; the engine reads datasource settings from them. */
  schemaFiles?: [string, string][];
  onLog?: (line: string) => void;
}

/** Runs `work` with a fresh engine, then frees it and closes every pool and shadow database. */
export async function withSchemaEngine<T>(
  options: EngineOptions,
  work: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const { SchemaEngine } = await loadSchemaEngine();
  const factory = new MigrationAdapterFactory(options.target, options.throwawayMain);
  liveEngines += 1;
  try {
    const engine = await SchemaEngine.new(
      { datamodels: options.schemaFiles },
      (line: string) => options.onLog?.(line),
      bindMigrationAwareSqlAdapterFactory(factory),
    );
    try {
      return await work(engine);
    } finally {
      engine.free();
    }
  } catch (error) {
    throw engineError(error);
  } finally {
    liveEngines -= 1;
    clearTimersIfIdle();
    await factory.dispose();
  }
}

/** Engine errors are plain objects or Errors with a `code`; make them readable Errors. */
function engineError(error: unknown): Error {
  if (error instanceof Error) return error;
  if (
    typeof error === 'object' &&
    error !== null &&
    'message' in error &&
    typeof error.message === 'string'
  ) {
    const code = 'code' in error && typeof error.code === 'string' ? `${error.code}: ` : '';
    return new Error(`${code}${error.message}`);
  }
  return new Error(String(error));
}
