// Usage: tsx prisma/tools/migrate.cli.ts deploy | create <name> | check   (reads DATABASE_URL)
//   [--schema <schema.prisma>] [--migrations <dir>] override the default paths.
// Exit codes: 0 ok / in sync, 1 `check` found drift, 2 usage or runtime error.
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  applyMigrations,
  createMigration,
  diffMigrationsAgainstSchema,
  type MigrationPaths,
} from './migrate';

const USAGE =
  'usage: migrate.cli.ts deploy | create <name> | check [--schema <file>] [--migrations <dir>]';

/** A mistake in how the CLI was called: printed without a stack. */
class UsageError extends Error {}

async function run(argv: string[], databaseUrl: string): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { schema: { type: 'string' }, migrations: { type: 'string' } },
  });
  const paths: Partial<MigrationPaths> = {
    ...(values.schema && { schemaPath: path.resolve(values.schema) }),
    ...(values.migrations && { migrationsDir: path.resolve(values.migrations) }),
  };
  const [command, name] = positionals;
  switch (command) {
    case 'deploy': {
      const applied = await applyMigrations(databaseUrl, paths);
      console.log(
        applied.length ? `Applied:\n  ${applied.join('\n  ')}` : 'No pending migrations to apply.',
      );
      return 0;
    }
    case 'create': {
      if (!name) throw new UsageError(`create needs a migration name. ${USAGE}`);
      const directory = await createMigration(databaseUrl, name, paths);
      console.log(
        directory
          ? `Created ${path.relative(process.cwd(), directory)}`
          : 'Migrations already match schema.prisma.',
      );
      return 0;
    }
    case 'check': {
      const { inSync, sql } = await diffMigrationsAgainstSchema(databaseUrl, paths);
      if (inSync) {
        console.log('Migrations match schema.prisma.');
        return 0;
      }
      console.error('prisma/migrations does not match schema.prisma. Missing migration SQL:\n');
      console.log(sql);
      return 1;
    }
    default:
      throw new UsageError(USAGE);
  }
}

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  try {
    if (!databaseUrl)
      throw new UsageError(
        'DATABASE_URL is not set (e.g. postgresql://postgres@127.0.0.1:5432/mlserve).',
      );
    process.exitCode = await run(process.argv.slice(2), databaseUrl);
  } catch (error) {
    // Engine errors carry their own span trace in the message; their JS stack is wasm frames.
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 2;
  }
}

void main();
