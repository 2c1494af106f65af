import { defineConfig } from 'prisma/config';

// The CLI only needs a URL for commands that talk to the database; `prisma generate` does not.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/mlserve' },
});
