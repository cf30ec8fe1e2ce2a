// The real sync server as a child process on a SQLite file and a loopback port: started, SIGKILLed, restarted.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

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
  /**
   * The chaos requests (`X-Request-Id: chaos.…`) each server process answered, in the order its access log wrote them:
   * one list per start. Joined, they are the server's handling order that a replay enforces (schedule.ts).
   */
  readonly answered: string[][] = [];

  constructor(
    readonly dbFile: string,
    readonly port: number,
    private readonly log: (line: string) => void = () => {},
    /** More environment (the load-balancer test and the chaos run's instances set the feed's intervals, say). */
    private readonly env: NodeJS.ProcessEnv = {},
    /** Modules preloaded into the server (`--import`), after tsx: the `lww` sabotage breaks the server this way. */
    private readonly preload: readonly string[] = [],
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
    const child = spawn(process.execPath, ['--import', 'tsx', ...this.preload.flatMap((m) => ['--import', pathToFileURL(m).href]), join(ROOT, 'sync-server', 'main.ts')], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(this.port),
        HOST: '127.0.0.1',
        DATABASE_URL: `sqlite:${this.dbFile}`,
        DEMO_DATA: 'on',
        STATIC_DIR: join(dirname(this.dbFile), 'no-pwa'),
        NODE_ENV: 'test',
        // The access log gives the order in which the server took the requests (answered, above).
        LOG_LEVEL: 'info',
        // Written before each answer leaves: a SIGKILL loses no line of a request the devices got an answer to.
        LOG_SYNC: 'on',
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
    const answered: string[] = [];
    this.answered.push(answered);
    let partial = '';
    child.stdout?.on('data', (b: Buffer) => {
      keep(b);
      const lines = (partial + b.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        const id = /"reqId":"(chaos\.[^"]+)"/.exec(line)?.[1];
        // A live stream is logged when it ends, which orders nothing.
        if (id && !id.includes('-sync-stream.')) answered.push(id);
      }
    });
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
    // 'close': the process is gone and its output read to the end (every access-log line it wrote is in `answered`).
    const gone = new Promise<void>((r) => child.once('close', () => r()));
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
