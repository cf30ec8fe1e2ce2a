// `npm run chaos -- --seeds N [--seed S] [--ops K] [--restarts R] [--verbose]`: the seeded chaos simulation.
// Ends with "chaos: S seeds, W writes, L lost, D diverged, X leaked, C conflicts kept"; exits non-zero unless L, D
// and X are all 0. A failing seed says how to replay it.
import { killAllServers } from './server-process.ts';
import { SABOTAGES, type Sabotage } from './protocol.ts';
import { runSeed, type SeedResult } from './simulation.ts';

function usage(msg: string): never {
  console.error(`${msg}\nusage: npm run chaos -- [--seeds N] [--seed S] [--ops K] [--restarts R] [--verbose] [--no-form-edits] [--sabotage fake-ack|stale|leak|hide-conflicts]`);
  process.exit(2);
}

const args = process.argv.slice(2);
const opts = { seeds: 5, seed: 1, ops: 40, restarts: 3, verbose: false, sabotage: 'none' as Sabotage, formEdits: true };
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  const num = (): number => {
    const raw = args[++i];
    const n = Number(raw);
    if (raw === undefined || !Number.isInteger(n) || n < 0) usage(`${a} needs a whole number`);
    return n;
  };
  if (a === '--seeds') opts.seeds = Math.max(1, num());
  else if (a === '--seed') opts.seed = num();
  else if (a === '--ops') opts.ops = num();
  else if (a === '--restarts') opts.restarts = num();
  else if (a === '--verbose' || a === '-v') opts.verbose = true;
  else if (a === '--no-form-edits') opts.formEdits = false;
  else if (a === '--sabotage') {
    const s = args[++i] as Sabotage;
    if (!SABOTAGES.includes(s)) usage(`--sabotage takes one of ${SABOTAGES.join(', ')}`);
    opts.sabotage = s;
  }
  else if (a === '--help' || a === '-h') usage('FieldCRM chaos simulation');
  else usage(`unknown option ${a}`);
}

// Whatever ends this process, its server children die with it.
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
  process.on(sig, () => {
    killAllServers();
    process.exit(130);
  });

/** The options that change what a seed does, for the replay line. */
const replayFlags = [
  opts.ops !== 40 ? ` --ops ${opts.ops}` : '',
  opts.restarts !== 3 ? ` --restarts ${opts.restarts}` : '',
  opts.formEdits ? '' : ' --no-form-edits',
  opts.sabotage !== 'none' ? ` --sabotage ${opts.sabotage}` : '',
].join('');

const results: SeedResult[] = [];
let crashed = 0;
const t0 = Date.now();
for (let seed = opts.seed; seed < opts.seed + opts.seeds; seed++) {
  try {
    const r = await runSeed(seed, { ops: opts.ops, restarts: opts.restarts, verbose: opts.verbose, sabotage: opts.sabotage, formEdits: opts.formEdits });
    results.push(r);
    const bad = r.lost + r.diverged + r.leaked > 0;
    console.log(
      `seed ${seed}: ${r.writes} writes (${r.acked} rows acknowledged), ${r.lost} lost, ${r.diverged} diverged, ${r.leaked} leaked, ` +
        `${r.conflictsKept} conflicts kept (${r.losers} losers), ${r.rejectedKept} rejected kept, ${r.restarts} server kills, ` +
        `${r.stats.droppedRequests ?? 0}/${r.stats.droppedResponses ?? 0}/${r.stats.duplicated ?? 0} dropped requests/responses/duplicates, ` +
        `${(r.ms / 1000).toFixed(1)} s${r.healed ? '' : ' (did not settle)'}${bad ? '  FAILED' : ''}`,
    );
    if (r.editsOnDeleted) console.log(`  note: ${r.editsOnDeleted} edit(s) met a newer deletion and were kept for their authors to restore`);
    if (r.stuckPending) console.log(`  note: ${r.stuckPending} device(s) still count waiting changes after the heal`);
    for (const f of r.findings) console.log(`  ${f.kind}: ${f.text}`);
    if (bad) console.log(`  replay: npm run chaos -- --seeds 1 --seed ${seed}${replayFlags}`);
  } catch (err) {
    crashed++;
    console.log(`seed ${seed}: the simulation itself failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    console.log(`  replay: npm run chaos -- --seeds 1 --seed ${seed}${replayFlags}`);
  }
}
killAllServers();
const sum = (k: 'writes' | 'lost' | 'diverged' | 'leaked' | 'conflictsKept'): number => results.reduce((s, r) => s + r[k], 0);
const [W, L, D, X, C] = [sum('writes'), sum('lost'), sum('diverged'), sum('leaked'), sum('conflictsKept')];
console.log(`(${((Date.now() - t0) / 1000).toFixed(1)} s${crashed ? `, ${crashed} seed(s) did not complete` : ''})`);
console.log(`chaos: ${results.length} seeds, ${W} writes, ${L} lost, ${D} diverged, ${X} leaked, ${C} conflicts kept`);
process.exit(L === 0 && D === 0 && X === 0 && crashed === 0 ? 0 : 1);
