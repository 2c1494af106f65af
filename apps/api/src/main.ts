import 'reflect-metadata';
import { ConfigError, loadConfig, loadDotEnv } from '@mlserve/config';
import { createApiApp } from './app.factory';

async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig();
  const app = await createApiApp(config);
  await app.listen(config.api.port, config.api.host);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`mlserve api: ${error.message}\n`);
  } else {
    process.stderr.write(`mlserve api failed to start: ${String(error)}\n`);
  }
  process.exit(1);
});
