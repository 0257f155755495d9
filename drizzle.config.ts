import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes the next numbered migration into d1/migrations; wrangler and the tests apply them.
export default defineConfig({
  dialect: 'sqlite',
  schema: './d1/schema.ts',
  out: './d1/migrations',
  migrations: { prefix: 'index' },
});
