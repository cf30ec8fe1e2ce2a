// `npm run fuzz -- --cases N [--seed S] [--case K] [--verbose]`: hostile requests against a fresh in-process server.
import { startServer } from '../helpers/server.ts';
import { describe, runFuzz, summaryLine } from './harness.ts';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function intArg(name: string, fallback: number): number {
  const raw = arg(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0) {
    console.error(`--${name} must be a whole number, not "${raw}"`);
    process.exit(2);
  }
  return n;
}

const cases = intArg('cases', 1000);
const seed = intArg('seed', Date.now() % 2 ** 31);
const only = arg('case') === undefined ? undefined : intArg('case', 0);
const verbose = process.argv.includes('--verbose');

// The server's stack traces (5xx) go with the failing case in the report instead of scrolling past.
const logs: string[] = [];
const serverLog = console.error;
console.error = (...parts: unknown[]) => {
  logs.push(parts.map((p) => (p instanceof Error ? (p.stack ?? p.message) : String(p))).join(' '));
};
const server = await startServer({ companies: 5 });
const started = Date.now();
let exitCode = 1;
try {
  const report = await runFuzz(server, {
    seed,
    cases,
    logs,
    ...(only === undefined ? {} : { only }),
    onCase: verbose ? (n, f, r) => console.log(`#${n} ${f.target} ${f.request.method} ${f.request.path.slice(0, 120)} → ${r.status} ${r.error ?? ''}`) : undefined,
  });
  console.error = serverLog;
  for (const f of report.failures) console.log(`${describe(f, seed)}\n`);
  console.log(`seed ${seed}, ${Math.round((Date.now() - started) / 100) / 10} s; accepted writes that changed data: ${report.acceptedChanges}`);
  for (const [target, statuses] of Object.entries(report.statuses).sort()) {
    console.log(`  ${target.padEnd(10)} ${Object.entries(statuses).map(([s, n]) => `${s}×${n}`).join('  ')}`);
  }
  if (report.invalidRecords) console.log(`integrity: ${report.invalidRecords} accepted writes stored records that break their entity's declaration (listed above)`);
  console.log(summaryLine(report));
  exitCode = report.serverErrors === 0 && report.unexpectedChanges === 0 ? 0 : 1;
} finally {
  console.error = serverLog;
  await server.close();
}
process.exit(exitCode);
