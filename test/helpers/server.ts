// Starts the real sync server in-process on a temporary SQLite file and a free loopback port.
import { serve, type ServerType } from '@hono/node-server';
import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../sync-server/app.ts';
import { SqliteStore } from '../../sync-server/db/sqlite/store.ts';
import { seedDemo } from '../../sync-server/demo/seed.ts';
import { ChangeBus } from '../../sync-server/events.ts';
import { ChangeFeed } from '../../sync-server/feed/change-feed.ts';
import { DocumentService } from '../../sync-server/documents/service.ts';
import { Secrets } from '../../sync-server/security/secrets.ts';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Lifecycle } from '../../sync-server/ops/lifecycle.ts';
import type { Metrics } from '../../sync-server/ops/metrics.ts';
import type { InstallerService } from '../../sync-server/installer/service.ts';

export interface TestServer {
  url: string;
  store: SqliteStore;
  bus: ChangeBus;
  documents: DocumentService;
  dir: string;
  /**
   * Cuts the network between this server and every client whose User-Agent or cookies contain `tag` (a browser
   * context's session token, say): open connections
   * (live streams) are destroyed and new ones are reset, as when a phone loses its signal. `heal` undoes it.
   */
  cut(tag: string): void;
  heal(tag: string): void;
  close(): Promise<void>;
}

type NodeEnv = { incoming: IncomingMessage };

export async function startServer(
  opts: { dbFile?: string; feed?: { minMs: number; maxMs: number }; companies?: number; staticDir?: string; port?: number; mailchimpBaseUrl?: string; lifecycle?: Lifecycle; metrics?: Metrics; log?: Logger; metricsToken?: string; installer?: InstallerService; streamSessionCheckMs?: number } = {},
): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'fieldcrm-'));
  // `dbFile`: a database shared with other servers (instances of one deployment), which its maker removes.
  const store = new SqliteStore(opts.dbFile ?? join(dir, 'test.db'));
  await store.withStartupLock(async () => {
    await store.migrate();
    await seedDemo(store, { companies: opts.companies ?? 0 });
  });
  const bus = new ChangeBus();
  const feed = opts.feed ? new ChangeFeed(store, bus, opts.feed) : undefined;
  await feed?.start();
  const marketing = { secrets: new Secrets(randomBytes(32)), ...(opts.mailchimpBaseUrl ? { mailchimpBaseUrl: opts.mailchimpBaseUrl } : {}) };
  const documents = new DocumentService(store, bus, { dir: join(dir, 'documents') });
  const app = createApp(
    { store, bus, version: '0.0.0-test', marketing, documents, ...(opts.lifecycle ? { lifecycle: opts.lifecycle } : {}), ...(opts.metrics ? { metrics: opts.metrics } : {}), ...(opts.installer ? { installer: opts.installer } : {}), ...(opts.streamSessionCheckMs ? { streamSessionCheckMs: opts.streamSessionCheckMs } : {}) },
    { ...(opts.staticDir ? { staticDir: opts.staticDir } : {}), ...(opts.log ? { log: opts.log } : {}), ...(opts.metricsToken ? { metricsToken: opts.metricsToken } : {}) },
  );
  const cuts = new Set<string>();
  const sockets = new Map<Socket, string>();
  const cutOff = (ua: string): boolean => [...cuts].some((tag) => ua.includes(tag));
  const fetchGate = (req: Request, env: NodeEnv): Response | Promise<Response> => {
    // Requests a service worker passes through do not carry the page's emulated User-Agent, but do carry cookies.
    const ua = `${req.headers.get('user-agent') ?? ''} ${req.headers.get('cookie') ?? ''}`;
    const socket = env.incoming.socket;
    if (cutOff(ua)) {
      socket.destroy();
      return new Response(null, { status: 503 });
    }
    if (!sockets.has(socket)) socket.once('close', () => sockets.delete(socket));
    sockets.set(socket, ua);
    return app.fetch(req, env);
  };
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: fetchGate as unknown as typeof app.fetch, port: opts.port ?? 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    store,
    bus,
    documents,
    dir,
    cut(tag) {
      cuts.add(tag);
      for (const [socket, ua] of sockets) if (ua.includes(tag)) socket.destroy();
    },
    heal(tag) {
      cuts.delete(tag);
    },
    async close() {
      // Live streams keep connections open: drop them so close() returns.
      (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await feed?.stop();
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
