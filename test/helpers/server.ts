// Starts the real sync server in-process on a temporary SQLite file and a free loopback port.
import { serve, type ServerType } from '@hono/node-server';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../sync-server/app.ts';
import { SqliteStore } from '../../sync-server/db/sqlite/store.ts';
import { seedDemo } from '../../sync-server/demo/seed.ts';
import { ChangeBus } from '../../sync-server/events.ts';

export interface TestServer {
  url: string;
  store: SqliteStore;
  bus: ChangeBus;
  dir: string;
  close(): Promise<void>;
}

export async function startServer(opts: { companies?: number; staticDir?: string; port?: number } = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'fieldcrm-'));
  const store = new SqliteStore(join(dir, 'test.db'));
  await store.migrate();
  await seedDemo(store, { companies: opts.companies ?? 0 });
  const bus = new ChangeBus();
  const app = createApp({ store, bus, version: '0.0.0-test' }, opts.staticDir ? { staticDir: opts.staticDir } : {});
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: opts.port ?? 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    store,
    bus,
    dir,
    async close() {
      // Live streams keep connections open: drop them so close() returns.
      (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function signIn(url: string, login = 'sales', password = 'Panoply2026'): Promise<string> {
  const res = await fetch(`${url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password }) });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}
