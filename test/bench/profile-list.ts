// Dev aid (not part of the bench): what the long tasks of the list figure ("scroll 50k: longest task") are made of.
// Runs the bench page's listScroll under a Chrome trace (devtools.timeline, GC) and a CPU profile, then prints, for each
// main-thread task over 50 ms, its timeline events (layout, style, script, GC) and the functions sampled in it.
// `node --import tsx test/bench/profile-list.ts [persons=50000] [runs=1] [none|light|full]`
import { writeFileSync } from 'node:fs';
import { benchPage, call, launch, staticDir } from './browser.ts';
import { persons } from './data.ts';
import { BenchServer, prepareDb } from './server.ts';

const N = Number(process.argv[2] ?? 50_000);
const RUNS = Number(process.argv[3] ?? 1);
/** none: where the long tasks fall, nothing recorded; light: the DevTools timeline only; full: with V8 GC events and a CPU profile. */
const MODE = (process.argv[4] ?? 'light') as 'none' | 'light' | 'full';
const LIGHT = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.frame', 'v8.execute', 'blink.user_timing', 'toplevel', '__metadata'].join(',');
type TraceEvent = { name: string; cat: string; ph: string; ts: number; dur?: number; tdur?: number; pid: number; tid: number; args?: { name?: string; elementCount?: number; data?: Record<string, unknown>; beginData?: Record<string, unknown> } };
type CpuProfile = { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; parent?: number; children?: number[] }[]; samples: number[]; timeDeltas: number[]; startTime: number };

const dir = await staticDir({ persons: persons(N) });
const server = await BenchServer.start(await prepareDb({}), dir);
const browser = await launch();
try {
  for (let run = 0; run < RUNS; run++) {
    const { ctx, page } = await benchPage(browser, server.url);
    await page.setViewportSize({ width: 1366, height: 768 });
    const cdp = await ctx.newCDPSession(page);
    const events: TraceEvent[] = [];
    cdp.on('Tracing.dataCollected', (e) => void events.push(...(e.value as unknown as TraceEvent[])));
    const categories = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.execute', 'blink', 'blink.user_timing', 'disabled-by-default-v8.gc', 'toplevel', '__metadata'].join(',');
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
    if (MODE !== 'none') await cdp.send('Tracing.start', { categories: MODE === 'light' ? LIGHT : categories, transferMode: 'ReportEvents' });
    if (MODE === 'full') await cdp.send('Profiler.start');
    // The page's JavaScript heap, polled while the list runs: before, and at its largest.
    const heap = async (): Promise<number> => ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
    const heapBefore = await heap();
    let heapPeak = heapBefore;
    let polling = true;
    const poll = (async () => {
      while (polling) {
        heapPeak = Math.max(heapPeak, await heap().catch(() => 0));
        await new Promise((res) => setTimeout(res, 250));
      }
    })();
    const r = await call<{ firstRowsMs: number; completeMs: number; rows: number; longTasks: number[]; longTaskAt: string[]; maxFrameMs: number; scrolledPx: number }>(page, 'listScroll', { steps: 120, jumps: 40 });
    const profile: CpuProfile = MODE === 'full' ? ((await cdp.send('Profiler.stop')) as { profile: CpuProfile }).profile : { nodes: [], samples: [], timeDeltas: [], startTime: 0 };
    polling = false;
    await poll;
    console.log(`heap run ${run + 1}: ${(heapBefore / 1e6).toFixed(0)} MB before, ${(heapPeak / 1e6).toFixed(0)} MB at most while the list held ${N} persons (the bench's own copy of the data included)`);
    if (MODE !== 'none') {
      const done = new Promise((res) => cdp.once('Tracing.tracingComplete', res));
      await cdp.send('Tracing.end');
      await done;
    }
    await ctx.close();
    console.log(`run ${run + 1}: ${r.rows} rows, first ${r.firstRowsMs.toFixed(0)} ms, all ${r.completeMs.toFixed(0)} ms, scrolled ${r.scrolledPx} px, long tasks [${r.longTasks.map((d, i) => `${d.toFixed(0)} ms at ${r.longTaskAt[i]}`).join(', ')}], longest frame ${r.maxFrameMs.toFixed(0)} ms`);
    if (MODE === 'none') continue;

    if (process.env.TRACE_OUT) writeFileSync(`${process.env.TRACE_OUT}-${run + 1}.json`, JSON.stringify({ traceEvents: events }));
    // The renderer's main thread: the thread called CrRendererMain in the process that ran the most script.
    const mains = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
    const busy = (pid: number, tid: number) => events.filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X').reduce((s, e) => s + (e.dur ?? 0), 0);
    const main = mains.sort((a, b) => busy(b.pid, b.tid) - busy(a.pid, a.tid))[0];
    if (!main) throw new Error('no renderer main thread in the trace');
    const onMain = events.filter((e) => e.pid === main.pid && e.tid === main.tid && (e.ph === 'X' || e.ph === 'I' || e.ph === 'i' || e.ph === 'R'));
    const long = onMain.filter((e) => e.ph === 'X' && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') && (e.dur ?? 0) > 50_000);
    // The outermost task only (RunTask holds ThreadControllerImpl::RunTask).
    // Only the scroll's: after bench.ts's first mark (list-step 0), each named by the last mark before it.
    const marks = events.filter((e) => e.name.startsWith('list-step ') || e.name.startsWith('list-jump ') || e.name === 'list-end').sort((a, b) => a.ts - b.ts);
    const scrollFrom = marks[0]?.ts ?? 0;
    const tasks = long.filter((e) => e.ts >= scrollFrom && !long.some((o) => o !== e && o.ts <= e.ts && o.ts + (o.dur ?? 0) >= e.ts + (e.dur ?? 0) && (o.dur ?? 0) > (e.dur ?? 0)));
    const markBefore = (ts: number): string => [...marks].reverse().find((m) => m.ts <= ts)?.name ?? '?';
    // The scroll phase starts at the first 'longtask' observer: use the marks bench.ts leaves none of, so print all.
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parentOf = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);
    const sampleTimes: number[] = [];
    let t = profile.startTime;
    for (const d of profile.timeDeltas) sampleTimes.push((t += d));
    // Load-independent figures: the main thread's own CPU time per task while scrolling (wall time includes waiting for
    // a core on a shared machine), and what style recalculation cost in all.
    const all = onMain.filter((e) => e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask' && e.ts >= scrollFrom);
    const cpu = all.map((e) => (e.tdur ?? 0) / 1000).sort((a, b) => b - a);
    const styles = onMain.filter((e) => e.ph === 'X' && e.name === 'UpdateLayoutTree' && e.ts >= scrollFrom);
    const gcs = onMain.filter((e) => e.ph === 'X' && (e.name === 'MajorGC' || e.name === 'MinorGC') && e.ts >= scrollFrom);
    console.log(
      `summary run ${run + 1}: ${all.length} tasks; CPU per task: max ${(cpu[0] ?? 0).toFixed(1)} ms, next ${cpu.slice(1, 5).map((x) => x.toFixed(1)).join(', ')}; over 50 ms: ${cpu.filter((x) => x > 50).length}; all ${cpu.reduce((a, b) => a + b, 0).toFixed(0)} ms; ` +
        `style recalc ${styles.length}× ${styles.reduce((a, e) => a + (e.tdur ?? 0), 0) / 1000 | 0} ms CPU over ${styles.reduce((a, e) => a + Number(e.args?.elementCount ?? 0), 0)} elements; GC ${gcs.length}× ${(gcs.reduce((a, e) => a + (e.tdur ?? 0), 0) / 1000).toFixed(0)} ms CPU`,
    );
    if (process.env.QUIET) continue;
    for (const task of tasks) {
      const end = task.ts + (task.dur ?? 0);
      console.log(`\n== task at ${markBefore(task.ts)} (+${((task.ts - scrollFrom) / 1000).toFixed(0)} ms), ${((task.dur ?? 0) / 1000).toFixed(1)} ms (cpu ${((task.tdur ?? 0) / 1000).toFixed(1)} ms)`);
      const inside = onMain.filter((e) => e !== task && e.ts >= task.ts && e.ts < end && (e.dur ?? 0) >= 1_000).sort((a, b) => a.ts - b.ts);
      for (const e of inside.slice(0, 60)) {
        const data = e.args?.data ?? {};
        const what = [data.functionName, data.url ? String(data.url).split('/').pop() : '', data.type, data.stackTrace ? '' : ''].filter(Boolean).join(' ');
        // Wall time, then the thread's own CPU time (on a loaded machine the wall time includes waiting for a core).
        const count = e.args?.elementCount ?? data.elementCount ?? e.args?.beginData?.dirtyObjects;
        console.log(`  +${((e.ts - task.ts) / 1000).toFixed(1).padStart(6)} ${((e.dur ?? 0) / 1000).toFixed(1).padStart(6)} ms (cpu ${((e.tdur ?? 0) / 1000).toFixed(1)})  ${e.name} ${what}${count !== undefined ? ` [${String(count)}]` : ''}`);
      }
      // Functions sampled in the task: self time, and the stack of the heaviest.
      const self = new Map<string, number>();
      const stacks = new Map<string, number>();
      profile.samples.forEach((id, i) => {
        const at = sampleTimes[i] ?? 0;
        if (at < task.ts || at >= end) return;
        const n = byId.get(id)!;
        const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}:${n.callFrame.columnNumber}`;
        self.set(k, (self.get(k) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
        const chain: string[] = [];
        for (let p: number | undefined = id; p !== undefined && chain.length < 14; p = parentOf.get(p)) {
          const f = byId.get(p)!.callFrame;
          chain.push(`${f.functionName || '(anon)'}@${f.url.split('/').pop()}:${f.lineNumber}`);
        }
        const s = chain.join(' < ');
        stacks.set(s, (stacks.get(s) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
      });
      console.log('  self time (ms):');
      for (const [k, v] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`   ${v.toFixed(1).padStart(6)} ${k}`);
      console.log('  heaviest stacks (ms):');
      for (const [k, v] of [...stacks.entries()].sort((a, b) => b[1] - a[1]).slice(0, 6)) console.log(`   ${v.toFixed(1).padStart(6)} ${k}`);
    }
  }
} finally {
  await browser.close();
  await server.stop();
}
process.exit(0);
