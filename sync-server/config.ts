// Reads the environment once, with working defaults: a fresh checkout runs on SQLite in ./data with demo data.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readInstallerConfig, type InstallerConfig } from './installer/config.ts';

/** The checkout: the nearest folder above this module with a package.json (sync-server/ as source, or dist-server/sync-server/ compiled). */
export const ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return resolve(from, '..');
  }
}

/** A configuration value the server cannot start with: the message names the variable. */
export class ConfigError extends Error {}

/** `on`/`off`, `true`/`false`, `1`/`0` (any case); `undefined` when unset; anything else stops the server. */
export function readSwitch(env: NodeJS.ProcessEnv, name: string): boolean | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const v = raw.trim().toLowerCase();
  if (['on', 'true', '1', 'yes'].includes(v)) return true;
  if (['off', 'false', '0', 'no'].includes(v)) return false;
  throw new ConfigError(`${name} must be on or off (or true/false, 1/0), not "${raw.slice(0, 40)}"`);
}

function readInt(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < min || n > max) throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, not "${raw.slice(0, 40)}"`);
  return n;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export interface Config {
  port: number;
  host: string;
  /** `sqlite:<path>` (default), `mssql://…` or `sqlserver://…`. */
  databaseUrl: string;
  staticDir: string;
  demoData: boolean;
  version: string;
  /** Where server-side files live (the secret key for integration secrets): beside the SQLite file, or ./data. */
  dataDir: string;
  /** Where documents' files are kept (when not in the database): `documents` inside the data folder, or DOCUMENTS_DIR. */
  documentsDir: string;
  /** MailChimp's API root; by default the one the key's data centre names (a test double sets it). */
  mailchimpBaseUrl: string | undefined;
  /** The Outlook plug-in installer: base package, certificate stores, settings file, public address. */
  installer: InstallerConfig;
  /** The bearer token for GET /metrics (METRICS_TOKEN, 16 characters or more); metrics are off without one. */
  metricsToken: string | undefined;
  /** pino level of the JSON request log (LOG_LEVEL; `silent` turns it off). */
  logLevel: string;
  /**
   * LOG_SYNC=on: each log line is written before the answer leaves, so a process killed outright (SIGKILL, out of memory)
   * loses none; off (the default), pino writes asynchronously, which is faster.
   */
  logSync: boolean;
  /** How long a draining server (SIGTERM) lets requests in flight finish (SHUTDOWN_GRACE_MS). */
  shutdownGraceMs: number;
  /** The change feed between instances: poll interval after a change, and the longest when idle (FEED_POLL_MS, FEED_POLL_MAX_MS). */
  feedPollMs: number;
  feedPollMaxMs: number;
  /** A session unused this long ends (SESSION_IDLE_HOURS, default 12), whatever its absolute lifetime left. */
  sessionIdleMs: number;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = readInt(env, 'PORT', 8080, 0, 65535);
  const metricsToken = env.METRICS_TOKEN || undefined;
  if (metricsToken !== undefined && metricsToken.length < 16) throw new ConfigError('METRICS_TOKEN must be at least 16 characters long');
  const logLevel = (env.LOG_LEVEL || 'info').toLowerCase();
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, not "${String(env.LOG_LEVEL).slice(0, 40)}"`);
  const feedPollMs = readInt(env, 'FEED_POLL_MS', 100, 10, 60_000);
  const feedPollMaxMs = readInt(env, 'FEED_POLL_MAX_MS', 500, 10, 600_000);
  if (feedPollMaxMs < feedPollMs) throw new ConfigError(`FEED_POLL_MAX_MS (${feedPollMaxMs}) must not be below FEED_POLL_MS (${feedPollMs})`);
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const databaseUrl = env.DATABASE_URL ?? `sqlite:${join(ROOT, 'data', 'fieldcrm.db')}`;
  const sqliteFile = databaseUrl.startsWith('sqlite:') ? databaseUrl.slice('sqlite:'.length) : '';
  const dataDir = env.DATA_DIR ?? (sqliteFile && sqliteFile !== ':memory:' ? dirname(resolve(sqliteFile)) : join(ROOT, 'data'));
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl,
    staticDir: env.STATIC_DIR ?? join(ROOT, 'dist'),
    // Demo data by default on the embedded database only: a SQL Server start is production unless DEMO_DATA=on.
    demoData: readSwitch(env, 'DEMO_DATA') ?? sqliteFile !== '',
    version: pkg.version,
    dataDir,
    documentsDir: env.DOCUMENTS_DIR ? resolve(env.DOCUMENTS_DIR) : join(dataDir, 'documents'),
    mailchimpBaseUrl: env.MAILCHIMP_BASE_URL || undefined,
    installer: readInstallerConfig(ROOT, env),
    metricsToken,
    logLevel,
    logSync: readSwitch(env, 'LOG_SYNC') ?? false,
    shutdownGraceMs: readInt(env, 'SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
    feedPollMs,
    feedPollMaxMs,
    // At most the absolute lifetime (30 days): longer would never apply.
    sessionIdleMs: readInt(env, 'SESSION_IDLE_HOURS', 12, 1, 720) * 3_600_000,
  };
}
