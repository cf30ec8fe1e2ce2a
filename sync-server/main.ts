// The composition root: reads the configuration, opens and migrates the store, seeds demo data, serves, and drains.
import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createApp } from './app.ts';
import { ConfigError, readConfig, type Config } from './config.ts';
import { openStore } from './db/open.ts';
import { ChangeBus } from './events.ts';
import { DocumentService } from './documents/service.ts';
import { loadSecretKey, Secrets, SECRET_KEY_FILE } from './security/secrets.ts';
import { ChangeFeed } from './feed/change-feed.ts';
import { startUp, StartupError, startupSteps } from './ops/startup.ts';
import { InstallerService } from './installer/service.ts';
import { fileSettingsStore } from './installer/settings.ts';
import { makeLogger } from './ops/access-log.ts';
import { Lifecycle } from './ops/lifecycle.ts';
import { Metrics } from './ops/metrics.ts';

let config: Config;
try {
  config = readConfig();
} catch (err) {
  // One line naming the variable, not a stack trace.
  console.error(`[fieldcrm] cannot start: ${err instanceof ConfigError || err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
const log = makeLogger(config.logLevel, config.logSync);
const lifecycle = new Lifecycle();
const metrics = new Metrics({ processMetrics: true });

const store = await openStore(config.databaseUrl);
const fromEnv = Boolean(process.env.FIELDCRM_SECRET_KEY);
const secretKey = loadSecretKey({ env: process.env, dataDir: config.dataDir });
try {
  // Under the database's start-up lock: instances starting together migrate and seed one after another, once.
  const { upgradedFrom } = await startUp(store, {
    version: config.version,
    secretKey,
    keySource: fromEnv ? 'FIELDCRM_SECRET_KEY' : `the secret key file ${join(config.dataDir, SECRET_KEY_FILE)}`,
    steps: startupSteps(store, { demoData: config.demoData, say: (line) => console.log(`[fieldcrm] ${line}`) }),
  });
  if (upgradedFrom) console.log(`[fieldcrm] database upgraded from ${upgradedFrom} to ${config.version}`);
} catch (err) {
  if (!(err instanceof StartupError)) throw err;
  console.error(`[fieldcrm] cannot start: ${err.message}`);
  await store.close();
  process.exit(1);
}
if (!existsSync(config.staticDir)) console.warn(`[fieldcrm] no built PWA in ${config.staticDir}: run "npm run build" (npm start does it)`);

const secrets = new Secrets(secretKey);
const marketing = { secrets, ...(config.mailchimpBaseUrl ? { mailchimpBaseUrl: config.mailchimpBaseUrl } : {}) };
const installer = new InstallerService(config.installer, fileSettingsStore(config.installer.settingsFile), undefined, config.demoData);
const bus = new ChangeBus();
// Writes committed through the other instances on this database reach this one's live streams within a second.
metrics.watchPool(() => store.poolStats());
const feed = new ChangeFeed(store, bus, { minMs: config.feedPollMs, maxMs: config.feedPollMaxMs, metrics, log });
await feed.start();
const documents = new DocumentService(store, bus, { dir: config.documentsDir });
const app = createApp(
  { store, bus, version: config.version, marketing, installer, documents, lifecycle, metrics, sessionIdleMs: config.sessionIdleMs },
  { staticDir: config.staticDir, log, ...(config.metricsToken ? { metricsToken: config.metricsToken } : {}) },
);
const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
  lifecycle.ready();
  console.log(`[fieldcrm] ${config.version} on ${store.dialect}, listening at http://localhost:${info.port}`);
}) as Server;

/**
 * SIGTERM/SIGINT drain: /readyz turns 503 so the balancer stops sending, no new connection is accepted, open live
 * streams are told to reconnect elsewhere, requests in flight get the grace period to finish, then the store closes
 * and the process exits 0. A second signal exits at once.
 */
let draining = false;
const drain = (): void => {
  if (draining) process.exit(1);
  draining = true;
  console.log(`[fieldcrm] draining (up to ${config.shutdownGraceMs} ms)`);
  lifecycle.drain();
  const finish = (): void => void feed.stop().then(() => store.close()).then(() => process.exit(0), () => process.exit(1));
  const force = setTimeout(() => {
    server.closeAllConnections();
    finish();
  }, config.shutdownGraceMs);
  force.unref();
  server.close(() => {
    clearTimeout(force);
    finish();
  });
  // Keep-alive connections with no request in flight would hold close() open until they time out.
  const idle = setInterval(() => server.closeIdleConnections(), 200);
  idle.unref();
  server.closeIdleConnections();
};
process.on('SIGINT', drain);
process.on('SIGTERM', drain);
