// drizzle-kit settings for the SQLite migrations (npm run db:generate).
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './sync-server/db/sqlite/schema.ts',
  out: './sync-server/db/sqlite/migrations',
});
