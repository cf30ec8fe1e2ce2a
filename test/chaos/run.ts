// `npm run chaos -- --seeds N [--seed S] [--ops K] [--restarts R] [--load [N]] [--verbose]`: the seeded chaos simulation.
// `npm run chaos -- --replay FILE` runs a recorded seed again in the recorded order (docs/decisions/0018).
// Ends with "chaos: S seeds, W writes, L lost, D diverged, X leaked, C conflicts kept"; exits non-zero unless L, D
// and X are all 0. A failing seed writes its trace and says how to replay it.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { CpuLoad } from './load.ts';
import { SABOTAGES, type Sabotage } from './protocol.ts';
import { outcomeOf, sameOutcome, type Trace } from './schedule.ts';
import { killAllServers } from './server-process.ts';
import { runSeed, type SeedResult } from './simulation.ts';

function usage(msg: string): never {
  console.error(
    `${msg}\nusage: npm run chaos -- [--instances N] [--seeds N] [--seed S] [--ops K] [--restarts R] [--verbose] [--no-form-edits] [--load [N]] ` +
      `[--sabotage fake-ack|lww|leak|hide-conflicts] [--trace] [--trace-dir DIR]\n       npm run chaos -- --replay FILE [--attempts N] [--load [N]] [--verbose]`,
  );
  process.exit(2);
}

const args = process.argv.slice(2);
const opts = { instances: 1, seeds: 5, seed: 1, ops: 40, restarts: 3, verbose: false, sabotage: 'none' as Sabotage, formEdits: true, load: 0, replay: '', attempts: 3, trace: false, traceDir: 'chaos-traces' };
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  const num = (): number => {
    const raw = args[++i];
    const n = Number(raw);
    if (raw === undefined || !Number.isInteger(n) || n < 0) usage(`${a} needs a whole number`);
    return n;
  };
  const text = (): string => {
    const raw = args[++i];
    if (raw === undefined || raw.startsWith('--')) usage(`${a} needs a value`);
    return raw;
  };
  if (a === '--seeds') opts.seeds = Math.max(1, num());
  else if (a === '--seed') opts.seed = num();
  else if (a === '--ops') opts.ops = num();
  else if (a === '--restarts') opts.restarts = num();
  else if (a === '--instances') opts.instances = Math.min(5, Math.max(1, num()));
  else if (a === '--verbose' || a === '-v') opts.verbose = true;
  else if (a === '--no-form-edits') opts.formEdits = false;
  else if (a === '--load') opts.load = /^\d+$/.test(args[i + 1] ?? '') ? Math.max(1, num()) : availableParallelism();
  else if (a === '--replay') opts.replay = text();
  else if (a === '--attempts') opts.attempts = Math.max(1, num());
  else if (a === '--trace') opts.trace = true;
  else if (a === '--trace-dir') opts.traceDir = text();
  else if (a === '--sabotage') {
    const s = args[++i] as Sabotage;
    if (!SABOTAGES.includes(s)) usage(`--sabotage takes one of ${SABOTAGES.join(', ')}`);
    opts.sabotage = s;
  } else if (a === '--help' || a === '-h') usage('FieldCRM chaos simulation');
  else usage(`unknown option ${a}`);
}

// A replay takes its seed and the options that change what a seed does from the trace.
let trace: Trace | null = null;
if (opts.replay) {
  try {
    trace = JSON.parse(readFileSync(opts.replay, 'utf8')) as Trace;
  } catch (err) {
    usage(`cannot read the trace ${opts.replay}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if ((trace.version as number) === 1) usage(`${opts.replay} is a trace of an earlier harness (version 1, no server order): record the failure again`);
  if (trace.version !== 2 || !Array.isArray(trace.events) || !Array.isArray(trace.server)) usage(`${opts.replay} is not a chaos trace`);
  Object.assign(opts, { seeds: 1, seed: trace.seed, ops: trace.options.ops, restarts: trace.options.restarts, formEdits: trace.options.formEdits, sabotage: trace.options.sabotage as Sabotage, instances: trace.options.instances ?? 1 });
}

// A loaded machine (--load): CPU hogs beside the simulation, stopped at the end (and stopping themselves anyway).
const load = opts.load > 0 ? new CpuLoad(opts.load) : null;
if (load) console.log(`load: ${load.count} CPU hog(s) beside the simulation`);

// Whatever ends this process, its server children (and hogs) die with it.
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
  process.on(sig, () => {
    load?.stop();
    killAllServers();
    process.exit(130);
  });

/** The options that change what a seed does, for the replay line. */
const replayFlags = [
  opts.ops !== 40 ? ` --ops ${opts.ops}` : '',
  opts.restarts !== 3 ? ` --restarts ${opts.restarts}` : '',
  opts.instances !== 1 ? ` --instances ${opts.instances}` : '',
  opts.formEdits ? '' : ' --no-form-edits',
  opts.sabotage !== 'none' ? ` --sabotage ${opts.sabotage}` : '',
].join('');

/** Writes a seed's trace (its schedule and outcome) for `--replay`; returns the file. */
function writeTrace(r: SeedResult): string {
  const dir = resolve(opts.traceDir);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `seed-${r.seed}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  const t: Trace = {
    version: 2,
    seed: r.seed,
    options: { ops: opts.ops, restarts: opts.restarts, formEdits: opts.formEdits, sabotage: opts.sabotage, load: opts.load, instances: opts.instances },
    events: r.events,
    server: r.server,
    outcome: outcomeOf(r),
  };
  writeFileSync(file, JSON.stringify(t));
  return file;
}

const results: SeedResult[] = [];
let crashed = 0;
let replayDiffered = false;
const t0 = Date.now();
for (let seed = opts.seed; seed < opts.seed + opts.seeds; seed++) {
  try {
    // A replay is not exact (docs/decisions/0018): it runs again, up to --attempts times, until the outcome is the recorded one.
    const run = { instances: opts.instances, ops: opts.ops, restarts: opts.restarts, verbose: opts.verbose, sabotage: opts.sabotage, formEdits: opts.formEdits, replay: trace?.events ?? null, replayServer: trace?.server ?? null };
    let r = await runSeed(seed, run);
    for (let attempt = 2; trace && attempt <= opts.attempts && !sameOutcome(trace.outcome, outcomeOf(r)); attempt++) {
      console.log(`  replay attempt ${attempt - 1}: ${r.lost} lost, ${r.diverged} diverged, ${r.leaked} leaked, not the recorded outcome; again`);
      r = await runSeed(seed, run);
      r.attempt = attempt;
    }
    results.push(r);
    const bad = r.lost + r.diverged + r.leaked > 0;
    console.log(
      `seed ${seed}: ${r.writes} writes (${r.acked} rows acknowledged), ${r.lost} lost, ${r.diverged} diverged, ${r.leaked} leaked, ` +
        `${r.conflictsKept} conflicts kept (${r.losers} losers), ${r.rejectedKept} rejected kept, ${r.restarts} server kills, ` +
        `${r.stats.droppedRequests ?? 0}/${r.stats.droppedResponses ?? 0}/${r.stats.duplicated ?? 0} dropped requests/responses/duplicates, ` +
        `${r.events.length} steps, ${(r.ms / 1000).toFixed(1)} s${r.healed ? '' : ' (did not settle)'}${bad ? '  FAILED' : ''}`,
    );
    if (r.unchangedUnseen) console.log(`  note: ${r.unchangedUnseen} move(s) found the record already in their territory on the device (nothing to send) while the last answer read said otherwise; ${r.unchangedMoves} of them no later answer explained`);
    if (r.editsOnDeleted) console.log(`  note: ${r.editsOnDeleted} edit(s) met a newer deletion and were kept for their authors to restore`);
    if (r.stats.ignoredAborts) console.log(`  note: ${r.stats.ignoredAborts} request(s) of the harness's own fetch were still pending 5 s after their abort (Node's fetch; the harness no longer waits for them)`);
    if (r.stats.deadlines) console.log(`  note: ${r.stats.deadlines} request(s) got no answer within the device's deadline and were sent again (decision 0059)`);
    if (r.stuckPending) console.log(`  note: ${r.stuckPending} device(s) still count waiting changes after the heal`);
    for (const f of r.findings) console.log(`  ${f.kind}: ${f.text}`);
    if (trace) {
      const same = sameOutcome(trace.outcome, outcomeOf(r));
      replayDiffered = !same;
      const moved = trace.server.filter((id, i) => r.server[i] !== id).length + Math.max(0, r.server.length - trace.server.length);
      console.log(
        `  replay of ${opts.replay}${r.attempt > 1 ? ` (attempt ${r.attempt})` : ''}: ${r.slips === 0 ? 'every step in the recorded order' : `${r.slips} step(s) did not come as recorded`}; ` +
          `${r.differs === 0 ? 'every request with its recorded content' : `${r.differs} request(s) with other content`}; ` +
          `${moved === 0 ? 'the server took every request in the recorded order' : `${moved} of ${trace.server.length} server requests out of the recorded order`}; ` +
          `${same ? 'same outcome as recorded' : 'a DIFFERENT outcome from the recorded one'}`,
      );
      if (!same) console.log(`  recorded: ${JSON.stringify(trace.outcome)}\n  now:      ${JSON.stringify(outcomeOf(r))}`);
      if (moved && opts.verbose) {
        const from = trace.server.findIndex((id, i) => r.server[i] !== id);
        console.log(`  the server's order from request #${from}:\n    recorded: ${trace.server.slice(from, from + 8).join(' ')}\n    now:      ${r.server.slice(from, from + 8).join(' ')}`);
      }
    } else if (bad || opts.trace) {
      const file = writeTrace(r);
      console.log(`  trace: ${file}`);
      if (bad) console.log(`  replay: npm run chaos -- --replay ${file}   (or the seed alone, in another order: --seeds 1 --seed ${seed}${replayFlags})`);
    }
  } catch (err) {
    crashed++;
    console.log(`seed ${seed}: the simulation itself failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    console.log(`  replay: npm run chaos -- --seeds 1 --seed ${seed}${replayFlags}`);
  }
}
killAllServers();
load?.stop();
const sum = (k: 'writes' | 'lost' | 'diverged' | 'leaked' | 'conflictsKept'): number => results.reduce((s, r) => s + r[k], 0);
const [W, L, D, X, C] = [sum('writes'), sum('lost'), sum('diverged'), sum('leaked'), sum('conflictsKept')];
console.log(`(${((Date.now() - t0) / 1000).toFixed(1)} s${crashed ? `, ${crashed} seed(s) did not complete` : ''})`);
console.log(`chaos: ${results.length} seeds, ${W} writes, ${L} lost, ${D} diverged, ${X} leaked, ${C} conflicts kept`);
process.exit(L === 0 && D === 0 && X === 0 && crashed === 0 && !replayDiffered ? 0 : 1);
