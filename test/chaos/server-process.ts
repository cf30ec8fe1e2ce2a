// The real sync server as a child process on a SQLite file and a loopback port: started, SIGKILLed, restarted.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Every server child alive in this process: killed on exit, whatever way the process ends. */
const LIVE = new Set<ChildProcess>();
let hooked = false;

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    for (const c of LIVE) c.kill('SIGKILL');
  });
}

/** Kills every server child now (signal handlers call this before exiting). */
export function killAllServers(): void {
  for (const c of LIVE) c.kill('SIGKILL');
  LIVE.clear();
}

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolvePort(port));
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class ServerProcess {
  private child: ChildProcess | null = null;
  private output = '';
  starts = 0;
  kills = 0;

  constructor(
    readonly dbFile: string,
    readonly port: number,
    private readonly log: (line: string) => void = () => {},
    /** More environment (the load-balancer test and the chaos run's instances set the feed's intervals, say). */
    private readonly env: NodeJS.ProcessEnv = {},
  ) {
    hookExit();
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get up(): boolean {
    return this.child !== null;
  }

  /**
   * Starts the server and resolves once it answers; throws (with its output) if it exits or takes too long (90 s: on a
   * loaded 2-core machine, tsx compiling the server took over 30 s).
   */
  async start(timeoutMs = 90_000): Promise<void> {
    if (this.child) return;
    this.output = '';
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'sync-server', 'main.ts')], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(this.port),
        HOST: '127.0.0.1',
        DATABASE_URL: `sqlite:${this.dbFile}`,
        DEMO_DATA: 'on',
        STATIC_DIR: join(dirname(this.dbFile), 'no-pwa'),
        NODE_ENV: 'test',
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    LIVE.add(child);
    this.child = child;
    this.starts++;
    const keep = (b: Buffer): void => {
      this.output = (this.output + b.toString()).slice(-8000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    let exited = false;
    child.once('exit', () => {
      exited = true;
      LIVE.delete(child);
      if (this.child === child) this.child = null;
    });
    const end = Date.now() + timeoutMs;
    for (;;) {
      if (exited) throw new Error(`the server exited while starting:\n${this.output}`);
      try {
        const res = await fetch(`${this.url}/api/version`, { signal: AbortSignal.timeout(1000) });
        if (res.ok) {
          await res.arrayBuffer();
          this.log(`server up (start ${this.starts})`);
          return;
        }
      } catch {
        // not listening yet
      }
      if (Date.now() > end) {
        child.kill('SIGKILL');
        throw new Error(`the server did not answer within ${timeoutMs} ms:\n${this.output}`);
      }
      await sleep(40);
    }
  }

  /** SIGKILL: no clean shutdown, whatever it was doing (a push's transaction included) stops there. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.kills++;
    const gone = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGKILL');
    await gone;
    this.log(`server killed (kill ${this.kills})`);
  }

  /** A polite stop for the end of a seed (SIGTERM, then SIGKILL after a while). */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const gone = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 3000);
    await gone;
    clearTimeout(t);
  }

  get lastOutput(): string {
    return this.output;
  }
}
