// Prepares SQLite databases for the bench and runs the real server on them as a child process (its RSS is measured).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EntityName } from '../../shared/entities/index.ts';
import type { WireDoc } from '../../shared/sync.ts';
import { SqliteStore } from '../../sync-server/db/sqlite/store.ts';
import { seedDemo } from '../../sync-server/demo/seed.ts';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const WORK = mkdtempSync(join(tmpdir(), 'fieldcrm-bench-'));
process.on('exit', () => rmSync(WORK, { recursive: true, force: true }));

let dbs = 0;
/** A new SQLite file with the demo users and territories, plus the given records (or the demo companies). */
export async function prepareDb(records: Partial<Record<EntityName, WireDoc[]>> | null, companies = 0): Promise<string> {
  const file = join(WORK, `db${dbs++}.sqlite`);
  const store = new SqliteStore(file);
  await store.migrate();
  await seedDemo(store, { companies });
  for (const [entity, docs] of Object.entries(records ?? {}) as [EntityName, WireDoc[]][]) {
    for (let i = 0; i < docs.length; i += 5000) await store.insertMany(entity, docs.slice(i, i + 5000));
  }
  store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  await store.close();
  return file;
}

/** A copy of a prepared database, so a run that writes leaves the original as it was. */
export function copyDb(file: string): string {
  const to = join(WORK, `db${dbs++}.sqlite`);
  copyFileSync(file, to);
  return to;
}

let compiled = false;

/**
 * The bench's servers run compiled, as `npm start` runs the server (serve.mjs): built once per bench process with the
 * server's own tsc project (incremental: seconds when nothing changed).
 */
function compileServerOnce(): void {
  if (compiled) return;
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.server.json')], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`the server did not compile (tsc -p tsconfig.server.json):\n${r.stdout}${r.stderr}`);
  compiled = true;
}

export class BenchServer {
  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
  ) {}

  /** `env`: more environment for the child (e.g. BENCH_COMPRESS=0 for uncompressed answers). */
  static async start(dbFile: string, staticDir?: string, env: Record<string, string> = {}): Promise<BenchServer> {
    // BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server (written when it stops).
    const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
    compileServerOnce();
    const child = spawn(process.execPath, [...nodeArgs, join(ROOT, 'test/bench/serve.mjs'), dbFile, staticDir ?? '-'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'production', ...env } });
    process.on('exit', () => child.kill('SIGKILL'));
    let out = '';
    const url = await new Promise<string>((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`bench server did not start: ${out}`)), 60_000);
      child.stdout!.on('data', (b: Buffer) => {
        out += b.toString();
        const m = /listening (\S+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          res(m[1]!);
        }
      });
      child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
      child.once('exit', (code) => rej(new Error(`bench server exited (${code}): ${out}`)));
    });
    return new BenchServer(url, child);
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  /** Resident set size of the server process now, in MB (from /proc). */
  rssMb(): number {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${this.pid}/status`, 'utf8'));
      return m ? Number(m[1]) / 1024 : NaN;
    } catch {
      return NaN;
    }
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const gone = new Promise<void>((r) => this.child.once('exit', () => r()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await gone;
    clearTimeout(timer);
  }
}

export async function signInToken(url: string, login = 'admin'): Promise<string> {
  const res = await fetch(`${url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password: 'Panoply2026' }) });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}
