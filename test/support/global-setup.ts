import { Client } from 'pg';
import { parseDatabaseUrl, poolConfig, quoteIdentifier } from '../../prisma/tools/schema-engine';
import { applyMigrations } from '../../prisma/tools/migrate';

const SERVER = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432';

/**
 * Every e2e run gets an empty database of its own (`mlserve_test_<pid>`), migrated once with the
 * same tool as `npm run db:migrate`, and dropped by the global teardown. Runs started side by
 * side on one machine therefore never see each other's rows.
 */
export default async function globalSetup(): Promise<void> {
  const url = `${SERVER}/mlserve_test_${process.pid}`;
  await dropDatabase(url);
  await applyMigrations(url);
  process.env.MLSERVE_TEST_DATABASE_URL = url;
}

export async function dropDatabase(url: string): Promise<void> {
  const target = parseDatabaseUrl(url);
  const admin = new Client({ ...poolConfig(target), database: 'postgres' });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(target.database)} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
