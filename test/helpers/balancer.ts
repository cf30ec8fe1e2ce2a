// Debian's HAProxy in front of server instances on loopback ports: round-robin, health-checked on /readyz, with timeouts
// long enough for live streams. Installed with apt-get when run as root (like Chromium); otherwise the test says how.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const HAPROXY = process.env.HAPROXY_PATH ?? '/usr/sbin/haproxy';

/** Null when HAProxy is there, or one line saying how to get it. */
export function ensureHaproxy(): string | null {
  if (existsSync(HAPROXY)) return null;
  if (process.getuid?.() === 0) {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    spawnSync('apt-get', ['install', '-y', '-qq', 'haproxy'], { stdio: 'inherit', env });
    if (existsSync(HAPROXY)) return null;
  }
  return `HAProxy is missing at ${HAPROXY}: run "sudo apt-get install -y haproxy" (or set HAPROXY_PATH)`;
}

/** The configuration: one frontend, round-robin over the instances, each checked on /readyz every half second. */
export function haproxyConfig(port: number, backends: readonly number[]): string {
  return [
    'global',
    '  maxconn 2000',
    'defaults',
    '  mode http',
    '  timeout connect 2s',
    // A connection refused by a dead instance is tried on another (the request never reached a server: safe).
    '  retries 2',
    '  option redispatch 1',
    // Live streams stay open for hours; the server sends a comment every 20 s, so these only end dead connections.
    '  timeout client 1h',
    '  timeout server 1h',
    '  timeout tunnel 1h',
    'frontend fieldcrm',
    `  bind 127.0.0.1:${port}`,
    '  default_backend instances',
    'backend instances',
    '  balance roundrobin',
    '  option httpchk GET /readyz',
    '  http-check expect status 200',
    '  default-server inter 500 fall 2 rise 1',
    ...backends.map((p, i) => `  server i${i + 1} 127.0.0.1:${p} check`),
    '',
  ].join('\n');
}

export interface Balancer {
  url: string;
  stop(): Promise<void>;
}

/** Starts HAProxy in the foreground with the configuration written to `dir`; resolves once it answers. */
export async function startHaproxy(dir: string, port: number, backends: readonly number[]): Promise<Balancer> {
  const cfg = join(dir, 'haproxy.cfg');
  writeFileSync(cfg, haproxyConfig(port, backends));
  const check = spawnSync(HAPROXY, ['-c', '-f', cfg], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`haproxy -c: ${check.stdout}${check.stderr}`);
  const child: ChildProcess = spawn(HAPROXY, ['-db', '-f', cfg], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr?.on('data', (b: Buffer) => (err = (err + b.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const end = Date.now() + 15_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1000) })).ok) break;
    } catch {
      // not yet
    }
    if (child.exitCode !== null || Date.now() > end) {
      child.kill('SIGKILL');
      throw new Error(`haproxy did not come up: ${err}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null) return;
      const gone = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      await gone;
    },
  };
}
