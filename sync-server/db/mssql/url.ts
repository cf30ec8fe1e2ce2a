// Turns DATABASE_URL (`mssql://user:pass@host:port/db?encrypt=true`, or `sqlserver://…`) into an mssql config object.
import type { config as MssqlConfig } from 'mssql';

/** Query parameters we understand; anything else is refused so a typo cannot silently weaken TLS. */
const FLAGS = ['encrypt', 'trustServerCertificate'] as const;
const KNOWN = new Set<string>([...FLAGS, 'instanceName', 'poolMax']);

function flag(v: string | null, fallback: boolean): boolean {
  if (v === null) return fallback;
  if (/^(true|1|yes)$/i.test(v)) return true;
  if (/^(false|0|no)$/i.test(v)) return false;
  throw new Error(`database URL: expected true or false, got "${v}"`);
}

export function mssqlConfig(url: string): MssqlConfig {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    // Never echo the URL: it carries the password.
    throw new Error('database URL: expected mssql://user:password@host:port/database (JDBC-style ";key=value" strings are not supported)');
  }
  if (u.protocol !== 'mssql:' && u.protocol !== 'sqlserver:') throw new Error(`database URL: unsupported scheme ${u.protocol}`);
  const server = u.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!server) throw new Error('database URL: no host');
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (!database || database.includes('/')) throw new Error('database URL: name exactly one database, as the path (…/fieldcrm)');
  for (const k of u.searchParams.keys()) if (!KNOWN.has(k)) throw new Error(`database URL: unknown parameter "${k}" (known: ${[...KNOWN].join(', ')})`);

  const q = u.searchParams;
  const instanceName = q.get('instanceName') ?? undefined;
  const poolMax = Number(q.get('poolMax') ?? 10);
  if (!Number.isInteger(poolMax) || poolMax < 1) throw new Error('database URL: poolMax must be a positive integer');
  return {
    server,
    // A named instance is found through the SQL Browser service, which answers with the port: give one or the other.
    ...(u.port ? { port: Number(u.port) } : instanceName ? {} : { port: 1433 }),
    database,
    user: decodeURIComponent(u.username) || undefined,
    password: decodeURIComponent(u.password) || undefined,
    options: {
      // Same defaults as the mssql driver: encrypted, and the certificate checked unless told otherwise.
      encrypt: flag(q.get('encrypt'), true),
      trustServerCertificate: flag(q.get('trustServerCertificate'), false),
      ...(instanceName ? { instanceName } : {}),
    },
    pool: { max: poolMax },
  };
}
