// Applies the same migration files wrangler applies, before each test file (storage is isolated per file).
import { applyD1Migrations, env } from 'cloudflare:test';

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
