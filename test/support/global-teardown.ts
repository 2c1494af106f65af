import { dropDatabase } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const url = process.env.MLSERVE_TEST_DATABASE_URL;
  if (url) await dropDatabase(url);
}
