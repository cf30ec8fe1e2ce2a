// The chaos simulation (test/chaos/): its checks on hand-made books, then two short fixed seeds against the real
// server in a child process, with five devices, faults and a server kill each. Nothing may be lost, diverge or leak.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { expandRights, type EffectiveRights } from '../../shared/security.ts';
import type { WireDoc } from '../../shared/sync.ts';
import { DEMO_PROFILES, DEMO_TERRITORIES } from '../../sync-server/demo/seed.ts';
import { runChecks, type ServerState } from '../chaos/checks.ts';
import { seenKey, type Seen } from '../chaos/faulty-fetch.ts';
import type { DeviceDump, DeviceSpec, PushAttempt } from '../chaos/protocol.ts';
import { requestIdOf } from '../chaos/schedule.ts';
import { killAllServers } from '../chaos/server-process.ts';
import { runSeed, type SeedResult } from '../chaos/simulation.ts';

// ---- the checks, on books written by hand

const SPECS: DeviceSpec[] = [
  { index: 0, tag: 'A', login: 'admin', userId: 'u-admin', insertInto: ['t-eu'], mover: true },
  { index: 1, tag: 'C', login: 'sales', userId: 'u-sales', insertInto: ['t-eu'], mover: false },
];
const rightsOf = (profile: string): EffectiveRights => expandRights(DEMO_PROFILES.find((p) => p.id === profile)!.rights, DEMO_TERRITORIES);
const RIGHTS = new Map([
  ['u-admin', rightsOf('p-admin')],
  ['u-sales', rightsOf('p-sales-eu')],
]);

const company = (id: string, fields: Record<string, unknown> = {}): WireDoc =>
  ({ id, territoryId: 't-eu', updatedAt: '', updatedBy: '', name: 'Panoply', type: 'prospect', status: 'active', industry: '', website: '', emails: [], phones: [], addresses: [], _deleted: false, ...fields }) as unknown as WireDoc;

const dump = (device: number, docs: WireDoc[], attempts: PushAttempt[] = [], seen: DeviceDump['seen'] = []): DeviceDump => ({
  device,
  token: '',
  docs: { company: docs },
  pending: 0,
  pendingKeys: [],
  writes: [],
  attempts,
  pulls: [],
  territorySeen: [],
  seen,
  stats: {},
});

const push = (device: number, assumed: WireDoc | null, next: WireDoc, sentAt: number, answer: WireDoc | null): PushAttempt => ({
  device,
  entity: 'company',
  rows: [{ assumedMasterState: assumed, newDocumentState: next }],
  sentAt,
  doneAt: sentAt + 1,
  status: 200,
  delivered: true,
  conflicts: answer ? [answer] : [],
  fault: 'none',
});

const state = (final: WireDoc, perDevice: WireDoc[][], conflicts: WireDoc[] = []): ServerState => ({
  all: { company: new Map([[final.id, final]]) },
  perDevice: perDevice.map((docs) => ({ company: new Map(docs.map((d) => [d.id, d])) })),
  conflicts: new Map([
    ['u-admin', conflicts],
    ['u-sales', []],
  ]),
});

/** The demo data's values, present from tick 0 (as prepareDatabase records them). */
const SEED: Map<string, Seen> = new Map(
  [
    ['name', 'Panoply'],
    ['industry', ''],
    ['website', ''],
  ].flatMap(([f, x]) => ['c1', 'c2'].map((id) => [seenKey('company', id, f!, x), { sent: 0, done: 0 }] as const)),
);

const checks = suite('chaos checks');

checks('agreeing devices and an applied push: nothing to report', () => {
  const final = company('c1', { industry: 'Ind A1' });
  const r = runChecks(SPECS, RIGHTS, [dump(0, [final], [push(0, company('c1'), final, 10, null)]), dump(1, [final])], state(final, [[final], [final]]), SEED);
  assert.equal(r.findings, []);
  assert.is(r.acked, 1);
});

checks('an acknowledged value replaced by one the server held before is lost', () => {
  const mine = company('c1', { industry: 'Ind A1' });
  const final = company('c1', { industry: 'Ind old' });
  const seen: DeviceDump['seen'] = [['company|c1|industry|"Ind old"', { sent: 1, done: 2 }]];
  const r = runChecks(SPECS, RIGHTS, [dump(0, [final], [push(0, company('c1', { industry: 'Ind old' }), mine, 10, null)], seen)], state(final, [[final]]), SEED);
  assert.ok(r.findings.some((f) => f.kind === 'lost-ack'), JSON.stringify(r.findings));
  assert.ok(r.lost > 0);
});

checks('a later value written after the acknowledged one explains the difference', () => {
  const mine = company('c1', { industry: 'Ind A1' });
  const final = company('c1', { industry: 'Ind C2' });
  const seen: DeviceDump['seen'] = [['company|c1|industry|"Ind C2"', { sent: 20, done: 21 }]];
  const r = runChecks(SPECS, RIGHTS, [dump(0, [final], [push(0, company('c1'), mine, 10, null)], seen)], state(final, [[final]]), SEED);
  assert.equal(r.findings, []);
});

checks('a same-field loser must be kept as a conflict for its author', () => {
  const mine = company('c1', { industry: 'Ind A1' });
  const winner = company('c1', { industry: 'Ind C2' });
  const attempts = [push(0, company('c1'), mine, 10, winner)];
  const seen: DeviceDump['seen'] = [['company|c1|industry|"Ind C2"', { sent: 5, done: 6 }]];
  const lostIt = runChecks(SPECS, RIGHTS, [dump(0, [winner], attempts, seen)], state(winner, [[winner]]), SEED);
  assert.ok(lostIt.findings.some((f) => f.kind === 'loser-not-kept'), JSON.stringify(lostIt.findings));
  const kept = { id: 'x1', ownerId: 'u-admin', kind: 'conflict', entity: 'company', recordId: 'c1', field: 'industry', mine: '"Ind A1"', theirs: '"Ind C2"', _deleted: false } as unknown as WireDoc;
  const keptIt = runChecks(SPECS, RIGHTS, [dump(0, [winner], attempts, seen)], state(winner, [[winner]], [kept]), SEED);
  assert.equal(keptIt.findings, []);
  assert.is(keptIt.losers, 1);
  assert.is(keptIt.conflictsKept, 1);
});

checks('a deletion answered with a deletion loses nothing, whatever fields it carried; refused, it must be kept', () => {
  // Seen under load after decision 0015 (seeds 103, 108, 109 with --ops 60): a device edited a record, then deleted
  // it, and someone else had deleted it meanwhile. The record is gone as both wanted: the edit it carried is no loser.
  const mine = company('c1', { industry: 'Ind A1', _deleted: true });
  const gone = company('c1', { _deleted: true });
  const attempts = [push(0, company('c1'), mine, 10, gone)];
  const both = runChecks(SPECS, RIGHTS, [dump(0, [], attempts)], state(gone, [[]]), SEED);
  assert.equal(both.findings.filter((f) => f.kind === 'loser-not-kept'), []);
  // The same deletion refused because the record changed since (kept as `delete` for the deleter) is fine; not kept,
  // it is lost.
  const changed = company('c1', { industry: 'Ind C2' });
  const refused = [push(0, company('c1'), mine, 10, changed)];
  const seen: DeviceDump['seen'] = [['company|c1|industry|"Ind C2"', { sent: 5, done: 6 }]];
  const lost = runChecks(SPECS, RIGHTS, [dump(0, [changed], refused, seen)], state(changed, [[changed]]), SEED);
  assert.ok(lost.findings.some((f) => f.kind === 'loser-not-kept' && f.text.includes('_deleted')), JSON.stringify(lost.findings));
  const keep = { id: 'x2', ownerId: 'u-admin', kind: 'delete', entity: 'company', recordId: 'c1', field: 'industry', mine: JSON.stringify(mine), theirs: '{"industry":"Ind C2"}', _deleted: false } as unknown as WireDoc;
  const kept = runChecks(SPECS, RIGHTS, [dump(0, [changed], refused, seen)], state(changed, [[changed]], [keep]), SEED);
  assert.equal(kept.findings.filter((f) => f.kind === 'loser-not-kept'), []);
});

checks('a record the device should not hold is a divergence, and outside the scope a leak', () => {
  const eu = company('c1');
  const na = company('c2', { territoryId: 't-na' });
  const r = runChecks(SPECS, RIGHTS, [dump(0, [eu]), dump(1, [eu, na])], state(eu, [[eu], [eu]]), SEED);
  assert.is(r.diverged, 1);
  assert.is(r.leaked, 1);
  const missing = runChecks(SPECS, RIGHTS, [dump(0, []), dump(1, [eu])], state(eu, [[eu], [eu]]), SEED);
  assert.is(missing.diverged, 1);
  assert.is(missing.leaked, 0);
});

checks('a move that wrote nothing (the device had the record there already) has nothing to send; one that wrote and never went up vanished', () => {
  // Finding 2 of #16 (seeds 10087 and 21): "B moved it to t-na; no push ever carried the move". The operation picked
  // the record in t-eu; before it saved, a settled conflict answer put the record in t-na on the device, so the save
  // wrote nothing. The last answer the harness had read was a pull answered late, still showing t-eu, so the books
  // took the move for a write that never went up. The repository says when a save wrote nothing (`unchanged`).
  const final = company('c1');
  const move = { device: 0, op: 21, kind: 'move' as const, entity: 'company' as const, id: 'c1', values: { territoryId: 't-na' }, at: 30, knownTerritory: 't-eu' };
  const books = (unchanged: boolean): DeviceDump => ({ ...dump(0, [final]), writes: [unchanged ? { ...move, unchanged: true as const } : move] });
  const noop = runChecks(SPECS, RIGHTS, [books(true), dump(1, [final])], state(final, [[final], [final]]), SEED);
  assert.equal(noop.findings, []);
  assert.is(noop.unchangedMoves, 1);
  const vanished = runChecks(SPECS, RIGHTS, [books(false), dump(1, [final])], state(final, [[final], [final]]), SEED);
  assert.ok(vanished.findings.some((f) => f.kind === 'write-vanished' && f.text.includes('moved it to t-na')), JSON.stringify(vanished.findings));
});

checks.run();

// ---- the simulation itself: two short fixed seeds

const sim = suite('chaos simulation (short seeds)');
sim.after(() => killAllServers());

const report = (r: SeedResult): string =>
  `seed ${r.seed}: ${r.writes} writes, ${r.lost} lost, ${r.diverged} diverged, ${r.leaked} leaked; replay with npm run chaos -- --seeds 1 --seed ${r.seed} --ops 15 --restarts 1\n` +
  r.findings.map((f) => `  ${f.kind}: ${f.text}`).join('\n');

const answeredOf = (r: SeedResult) => r.events.filter((e) => e.kind === 'answer' && e.status === 200 && !e.path!.endsWith('/sync/stream'));

for (const seed of [101, 202]) {
  sim(`seed ${seed}: five devices, faults and a server kill lose, diverge and leak nothing`, async () => {
    const opts = { ops: 15, restarts: 1, healTimeoutMs: 30_000, log: () => {} };
    let r = await runSeed(seed, opts);
    const holds = (res: SeedResult): void => {
      assert.ok(res.writes > 20, `only ${res.writes} writes`);
      assert.ok(res.restarts >= 1, 'the server was never killed');
      assert.is(res.lost, 0, report(res));
      assert.is(res.diverged, 0, report(res));
      assert.is(res.leaked, 0, report(res));
    };
    holds(r);
    // On a loaded machine a short operations phase can pass while the server is killed or starting, so that no
    // request of it was answered and the order check below would check nothing: the seed runs again, longer.
    if (answeredOf(r).length === 0) {
      r = await runSeed(seed, { ...opts, ops: 40 });
      holds(r);
    }
    // The replay's server order was recorded: every request answered 200 is in it (the copy the device got), and the
    // kill and the start sit between the two servers' requests.
    const answered = answeredOf(r);
    assert.ok(answered.length > 0, 'no request was answered in the operations phase (twice)');
    for (const a of answered) {
      const send = r.events.find((e) => e.kind === 'send' && e.who === a.who && e.path === a.path && e.n === a.n)!;
      const id = requestIdOf(a.who, a.path!, a.n, send.fault === 'duplicate' ? send.deliver! : 0);
      assert.ok(r.server.includes(id), `${id} answered 200 but not in the server's order`);
    }
    assert.ok(r.server.indexOf('#kill.0') >= 0 && r.server.indexOf('#up.0') === r.server.indexOf('#kill.0') + 1, 'kill and start markers');
  });
}

sim('a server that lets the last write win (--sabotage lww) is caught', async () => {
  // A short run loses a write on such a server only when two devices happen to edit the same field of the same record
  // close together: most seeds do, not all (seed 303 once made 45 writes with no such pair). Up to three seeds are
  // tried; the checks must catch the broken server in one of them.
  const runs: SeedResult[] = [];
  for (const seed of [303, 304, 305]) {
    const r = await runSeed(seed, { ops: 10, restarts: 0, healTimeoutMs: 30_000, log: () => {}, sabotage: 'lww' });
    runs.push(r);
    if (r.lost > 0) break;
  }
  assert.ok(runs.some((r) => r.lost > 0), `the checks did not see the broken server:\n${runs.map(report).join('\n')}`);
});

sim.run();
