// `--load`: CPU hogs beside the simulation (issue 16's losses needed a loaded machine). Each hog is a child process
// that spins until it is told to stop, its parent is gone, or its time is up: it can never outlive the run for long.
import { spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';

/** The hog itself, run by `node -e`: busy loops in slices, checking its parent and its deadline between slices. */
const HOG = `
const parent = process.ppid;
const end = Date.now() + Number(process.argv[1]);
const alive = () => { try { process.kill(parent, 0); return true; } catch { return false; } };
process.on('disconnect', () => process.exit(0));
(function slice() {
  if (Date.now() > end || !alive()) process.exit(0);
  const until = Date.now() + 50;
  let x = 0;
  while (Date.now() < until) x = (x * 1103515245 + 12345) | 0;
  setImmediate(slice);
})();
`;

export class CpuLoad {
  private readonly hogs: ChildProcess[] = [];

  /** `count` hogs (default: one per core), each stopping itself after `maxMs` at the latest. */
  constructor(count = availableParallelism(), maxMs = 3 * 60 * 60 * 1000) {
    for (let i = 0; i < count; i++) {
      // An IPC channel: when this process dies, the channel closes and the hog exits.
      const child = spawn(process.execPath, ['-e', HOG, String(maxMs)], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
      child.on('error', () => undefined);
      this.hogs.push(child);
    }
  }

  get count(): number {
    return this.hogs.length;
  }

  stop(): void {
    for (const h of this.hogs) if (h.exitCode === null) h.kill('SIGKILL');
    this.hogs.length = 0;
  }
}
