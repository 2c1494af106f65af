import { applyMigrations } from '../../prisma/tools/migrate';
import { parseDatabaseUrl } from '../../prisma/tools/schema-engine';
import { dropDatabase } from '../../test/support/global-setup';

/** The run's database: dropped if left over, created and migrated, as `npm run db:migrate` does. */
export async function freshDatabase(url: string): Promise<string> {
  await dropDatabase(url);
  await applyMigrations(url);
  return parseDatabaseUrl(url).database;
}

export { dropDatabase };
