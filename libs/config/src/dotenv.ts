import { existsSync } from 'node:fs';

/**
 * Loads `.env` from the working directory when there is one (native runs). Variables already in
 * the environment win, so compose and CI settings are never overridden by a stray file.
 */
export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}
