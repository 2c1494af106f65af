import type { PoolConfig } from 'pg';

export interface DbSettings {
  url: string;
  poolSize: number;
  connectTimeoutMs: number;
}

/**
 * pg pool settings from a postgresql:// URL, as discrete fields (pg lets a connectionString
 * override them, which once pointed a shadow database at the main one). A short connect timeout
 * makes an outage fail fast (503) instead of hanging requests.
 */
export function pgPoolConfig(db: DbSettings): PoolConfig {
  const url = new URL(db.url);
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : 5432,
    user: decodeURIComponent(url.username) || undefined,
    password: decodeURIComponent(url.password) || undefined,
    database: decodeURIComponent(url.pathname.replace(/^\//, '')) || undefined,
    max: db.poolSize,
    connectionTimeoutMillis: db.connectTimeoutMs,
    idleTimeoutMillis: 30_000,
    ssl: url.searchParams.get('sslmode') === 'require' ? { rejectUnauthorized: false } : undefined,
  };
}
