// `npm test`: type-check, then unit, integration and browser tests (each suite folder in its own process), then one summary line.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ensureChromium } from './browser/chromium.ts';

// The sync races replace RxDB's conflict handler and force orderings inside its upstream; they run in a process of
// their own so that RxDB state they change cannot reach other files. (Their CI hangs came from a race in the tests: the
// live stream sometimes brought a colleague's rename before the user's edit, the test failed, and the device it left
// open kept the process alive. They now hold that pull and close what they open whatever happens.)
const ISOLATED = 'sync-races';
const steps: { name: string; dir: string; pattern?: string }[] = [
  { name: 'unit', dir: 'test/unit' },
  { name: 'integration', dir: 'test/integration', pattern: `^(?!${ISOLATED}\\.)[\\w.-]+\\.test\\.ts$` },
  { name: 'sync-races', dir: 'test/integration', pattern: `^${ISOLATED}\\.test\\.ts$` },
  { name: 'browser', dir: 'test/browser' },
];
const only = process.argv[2];
let passed = 0;
let failed = 0;
/** The failing tests' titles and first lines, repeated last: CI shows only the tail of a long run. */
const failures: string[] = [];

/** uvu's FAIL blocks: the suite and test title, then the first line of the reason. */
function failuresIn(step: string, out: string): string[] {
  const plain = out.replace(/\u001b\[[0-9;]*m/g, '');
  const found: string[] = [];
  const re = /^\s*FAIL\s+(.*)\n\s*(.*)$/gm;
  for (let m = re.exec(plain); m; m = re.exec(plain)) found.push(`${step}: ${m[1]!.trim()} — ${m[2]!.trim().slice(0, 300)}`);
  return found;
}

/**
 * A step that outlives this is stuck (a test awaiting something that never comes): it is killed and counted as failed,
 * with what it printed so far, rather than holding CI until its own limit. Each step takes 3–5 minutes today.
 */
const STEP_LIMIT_MS = 20 * 60_000;

function run(cmd: string, args: string[]): { status: number; out: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024, env: { ...process.env, FORCE_COLOR: '0' }, timeout: STEP_LIMIT_MS, killSignal: 'SIGKILL' });
  process.stdout.write(r.stdout ?? '');
  process.stderr.write(r.stderr ?? '');
  if (r.signal === 'SIGKILL') console.log(`\nSTOPPED: ${args.slice(-2).join(' ')} was still running after ${STEP_LIMIT_MS / 60_000} minutes (a test waits for something that never comes); counted as failed.`);
  return { status: r.status ?? 1, out: (r.stdout ?? '') + (r.stderr ?? '') };
}

if (!only) {
  console.log('== type-check (tsc --noEmit)');
  const tsc = run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json']);
  if (tsc.status === 0) passed++;
  else {
    failed++;
    failures.push('type-check: tsc reported errors (above)');
  }
  console.log(tsc.status === 0 ? 'type-check: ok' : 'type-check: FAILED');
}

for (const step of steps) {
  if (only && only !== step.name) continue;
  if (step.name === 'browser') {
    const why = ensureChromium();
    if (why) {
      console.log(`browser tests not run: ${why}`);
      failures.push(`browser: not run (${why})`);
      failed++;
      continue;
    }
    // Always build: the browser tests must exercise this checkout's code, never a stale dist/.
    console.log('== building the PWA for the browser tests (vite build)');
    const b = run(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn']);
    if (b.status !== 0 || !existsSync('dist/index.html')) {
      failures.push('browser: the PWA did not build (vite build, above)');
      failed++;
      continue;
    }
  }
  console.log(`== ${step.name} tests`);
  const r = run(process.execPath, ['--import', 'tsx', 'node_modules/uvu/bin.js', step.dir, step.pattern ?? '\\.test\\.ts$']);
  const total = Number(/Total:\s+(\d+)/.exec(r.out)?.[1] ?? 0);
  const ok = Number(/Passed:\s+(\d+)/.exec(r.out)?.[1] ?? 0);
  passed += ok;
  // A crash before uvu's summary still counts as a failure.
  failed += Math.max(total - ok, r.status !== 0 && total === ok ? 1 : 0);
  const named = failuresIn(step.name, r.out);
  failures.push(...named);
  if (r.status !== 0 && named.length === 0) failures.push(`${step.name}: the step ended with status ${r.status} before naming a failing test (see its output above)`);
}

if (failures.length) console.log(`\nFailed:\n${failures.map((f) => `  - ${f}`).join('\n')}`);

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
