// Reads the environment once, with working defaults: a fresh checkout runs on SQLite in ./data with demo data.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readInstallerConfig, type InstallerConfig } from './installer/config.ts';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

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
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not "${env.PORT}"`);
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const databaseUrl = env.DATABASE_URL ?? `sqlite:${join(ROOT, 'data', 'fieldcrm.db')}`;
  const sqliteFile = databaseUrl.startsWith('sqlite:') ? databaseUrl.slice('sqlite:'.length) : '';
  const dataDir = env.DATA_DIR ?? (sqliteFile && sqliteFile !== ':memory:' ? dirname(resolve(sqliteFile)) : join(ROOT, 'data'));
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl,
    staticDir: env.STATIC_DIR ?? join(ROOT, 'dist'),
    demoData: env.DEMO_DATA !== 'off',
    version: pkg.version,
    dataDir,
    documentsDir: env.DOCUMENTS_DIR ? resolve(env.DOCUMENTS_DIR) : join(dataDir, 'documents'),
    mailchimpBaseUrl: env.MAILCHIMP_BASE_URL || undefined,
    installer: readInstallerConfig(ROOT, env),
  };
}
