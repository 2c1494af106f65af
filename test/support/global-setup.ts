import { applyMigrations } from '../../prisma/tools/migrate';

/** Brings the e2e database up to the migrations before any test file runs. */
export default async function globalSetup(): Promise<void> {
  await applyMigrations(process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/mlserve_test');
}
