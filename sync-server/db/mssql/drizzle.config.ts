// drizzle-kit settings for the SQL Server migrations (npm run db:generate).
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'mssql',
  schema: './sync-server/db/mssql/schema.ts',
  out: './sync-server/db/mssql/migrations',
});
