import { Client } from 'pg';
import { parseDatabaseUrl, poolConfig, quoteIdentifier } from '../../prisma/tools/schema-engine';
import { applyMigrations } from '../../prisma/tools/migrate';
import { TEST_DATABASE_URL } from './test-env';

/**
 * Starts every e2e run from an empty database of its own (dropped and recreated), migrated once
 * with the same tool as `npm run db:migrate`.
 */
export default async function globalSetup(): Promise<void> {
  const target = parseDatabaseUrl(TEST_DATABASE_URL);
  const admin = new Client({ ...poolConfig(target), database: 'postgres' });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(target.database)} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  await applyMigrations(TEST_DATABASE_URL);
}
