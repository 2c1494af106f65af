import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  applyMigrations,
  defaultPaths,
  diffDatabaseAgainstSchema,
  diffMigrationsAgainstSchema,
  listMigrations,
} from '../../prisma/tools/migrate';
import {
  onMaintenanceDb,
  parseDatabaseUrl,
  quoteIdentifier,
} from '../../prisma/tools/schema-engine';
import { TEST_DATABASE_URL } from '../support/test-env';

const databaseUrl = TEST_DATABASE_URL;

describe('prisma/migrations and schema.prisma', () => {
  it('are in sync (run `npm run db:migration:create -- <name>` if this fails)', async () => {
    const diff = await diffMigrationsAgainstSchema(databaseUrl);
    expect(diff.sql).toBe(''); // shows the missing migration SQL on failure
    expect(diff.inSync).toBe(true);
  });

  describe('with a schema that has a field no migration adds', () => {
    let dir: string;
    let schemaPath: string;

    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'mlserve-schema-'));
      schemaPath = path.join(dir, 'schema.prisma');
      const schema = await readFile(defaultPaths.schemaPath, 'utf8');
      const drifted = schema.replace(
        /(model ApiKey \{\n)/,
        '$1  driftCheck String? @map("drift_check")\n',
      );
      expect(drifted).not.toBe(schema);
      await writeFile(schemaPath, drifted);
    });

    afterAll(() => rm(dir, { recursive: true, force: true }));

    it('reports drift with the SQL that is missing', async () => {
      const diff = await diffMigrationsAgainstSchema(databaseUrl, { schemaPath });
      expect(diff.inSync).toBe(false);
      expect(diff.sql).toMatch(/ALTER TABLE "api_keys" ADD COLUMN\s+"drift_check" TEXT/);
    });
  });
});

describe('applyMigrations on a database that does not exist yet', () => {
  const target = parseDatabaseUrl(databaseUrl);
  const database = `mlserve_migtest_${randomBytes(4).toString('hex')}`;
  const freshUrl = Object.assign(new URL(databaseUrl), { pathname: `/${database}` }).toString();

  afterAll(() =>
    onMaintenanceDb(target, (client) =>
      client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(database)} WITH (FORCE)`),
    ),
  );

  it('creates it, applies each migration once, and leaves it matching schema.prisma', async () => {
    const { migrationDirectories } = await listMigrations(defaultPaths.migrationsDir);
    expect(await applyMigrations(freshUrl)).toEqual(
      migrationDirectories.map((migration) => migration.path),
    );
    expect(await applyMigrations(freshUrl)).toEqual([]);
    expect(await diffDatabaseAgainstSchema(freshUrl)).toEqual({ inSync: true, sql: '' });
  });
});
