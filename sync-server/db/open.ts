// Picks the store from the database URL: the one place that knows both implementations exist.
import type { SyncStore } from './store.ts';
import { SqliteStore } from './sqlite/store.ts';

export async function openStore(url: string): Promise<SyncStore> {
  if (url.startsWith('sqlite:')) return new SqliteStore(url.slice('sqlite:'.length));
  if (url.startsWith('mssql://') || url.startsWith('sqlserver://')) {
    // Loaded only when asked for, so the embedded default never loads the SQL Server driver.
    const { MssqlStore } = await import('./mssql/store.ts');
    return new MssqlStore(url);
  }
  throw new Error(`DATABASE_URL must start with sqlite:, mssql:// or sqlserver:// (got "${url.split(':')[0]}:")`);
}
