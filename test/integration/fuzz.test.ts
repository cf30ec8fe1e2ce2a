// Hostile requests from the seeded fuzzer (test/fuzz/): no server error, no change on refusal, stored HTML stays data.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ERROR_CODES, type Problem } from '../../shared/errors.ts';
import type { PullResponse } from '../../shared/sync.ts';
import { makeCase } from '../fuzz/cases.ts';
import { dbState, describe, judge, runFuzz } from '../fuzz/harness.ts';
import { caseSeed, Rng } from '../helpers/prng.ts';
import { HTML_PAYLOADS } from '../fuzz/payloads.ts';
import { makeDoc } from '../helpers/docs.ts';
import { signIn, startServer, type TestServer } from '../helpers/server.ts';

const SEED = 20261129;
const CASES = 300;

/**
 * Known bugs outside this suite's files, matched narrowly so that anything else still fails. Remove an entry
 * once its bug is fixed. (Lenient pushes keep a refused row's whole record in conflict.mine, longtext(64000),
 * without a cap: sync-server/db/push-plan.ts, refuse().)
 */
/** Accepted writes that may store a record breaking its declaration: none (kept refusals are bounded, push-plan.ts boundedJson). */
const KNOWN_INVALID_RECORDS: RegExp[] = [];

const t = suite<{ server: TestServer }>('fuzz');
t.before(async (ctx) => {
  ctx.server = await startServer({ companies: 5 });
});
t.after(async ({ server }) => server.close());

t('the same seed and case number make the same request', () => {
  const ctx = { world: { ids: { company: ['c1'] }, territories: ['t-eu'], userIds: ['u1'] }, tokens: { valid: 'v', expired: 'e', revoked: 'r' }, scope: 's', routes: [{ method: 'GET', path: '/api/records/{entity}/list', query: ['sort'], bodyFields: [] }] };
  for (const n of [0, 1, 77]) assert.equal(makeCase(new Rng(caseSeed(SEED, n)), ctx), makeCase(new Rng(caseSeed(SEED, n)), ctx));
  assert.not.equal(makeCase(new Rng(caseSeed(SEED, 1)), ctx).request, makeCase(new Rng(caseSeed(SEED, 2)), ctx).request);
});

t('the judge calls a non-problem error, an unknown code and a 5xx server errors', () => {
  const req = { method: 'GET', path: '/x', headers: {} };
  const safe = { 'x-content-type-options': 'nosniff', 'content-security-policy': "default-src 'self'" };
  const problem = (code: string, status = 404): string => JSON.stringify({ type: 'about:blank', status, code, title: 't' });
  assert.is(judge(req, { status: 404, headers: { ...safe, 'content-type': 'application/problem+json' }, body: problem(ERROR_CODES.NOT_FOUND) }), null);
  assert.ok(judge(req, { status: 404, headers: { ...safe, 'content-type': 'text/plain' }, body: '404 Not Found' }));
  assert.ok(judge(req, { status: 404, headers: { ...safe, 'content-type': 'application/problem+json' }, body: problem('FC-NOPE-1') }));
  assert.ok(judge(req, { status: 500, headers: { ...safe, 'content-type': 'application/problem+json' }, body: problem(ERROR_CODES.INTERNAL, 500) }));
  assert.ok(judge(req, { status: 200, headers: { ...safe, 'content-type': 'text/html' }, body: '<p>' }));
});

t('the database state sees a change in any table', async ({ server }) => {
  const before = dbState(server.store.sqlite);
  server.store.sqlite.prepare("INSERT INTO territories (id, name, parent_id) VALUES ('t-fuzz-probe', 'probe', 't-world')").run();
  const after = dbState(server.store.sqlite);
  assert.is.not(after.hashes.get('territories'), before.hashes.get('territories'));
  server.store.sqlite.prepare("DELETE FROM territories WHERE id = 't-fuzz-probe'").run();
  assert.equal(dbState(server.store.sqlite).hashes, before.hashes);
});

t(`${CASES} hostile requests: no server error, nothing changed by a refusal`, async ({ server }) => {
  const report = await runFuzz(server, { seed: SEED, cases: CASES });
  const failures = report.failures.map((f) => describe(f, SEED)).join('\n\n');
  assert.is(report.requests, CASES);
  assert.is(report.serverErrors, 0, failures);
  assert.is(report.unexpectedChanges, 0, failures);
  const unknownInvalid = report.failures.flatMap((f) => f.issues ?? []).filter((i) => !KNOWN_INVALID_RECORDS.some((re) => re.test(i)));
  assert.equal(unknownInvalid, [], failures);
  // The run must reach the code that parses and stores, not stop at the door: some pushes accepted, some refused as invalid.
  assert.ok((report.statuses.push?.[200] ?? 0) > 10, JSON.stringify(report.statuses.push));
  assert.ok((report.statuses.push?.[422] ?? 0) + (report.statuses.push?.[400] ?? 0) > 10, JSON.stringify(report.statuses.push));
  assert.ok(report.acceptedChanges > 0);
});

t('a stored HTML payload comes back as JSON data, never as a page', async ({ server }) => {
  const token = await signIn(server.url);
  const auth = { authorization: `Bearer ${token}` };
  const name = HTML_PAYLOADS.join(' ').slice(0, 120);
  const doc = makeDoc('company', { id: 'fz-html-1', name, industry: "'; DROP TABLE company; --" });
  const push = await fetch(`${server.url}/sync/company/push`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify([{ assumedMasterState: null, newDocumentState: doc }]) });
  assert.is(push.status, 200, await push.clone().text());

  const pull = await fetch(`${server.url}/sync/company/pull?seq=0&limit=1000`, { headers: auth });
  assert.match(pull.headers.get('content-type') ?? '', /^application\/json/);
  assert.is(pull.headers.get('x-content-type-options'), 'nosniff');
  const page = (await pull.json()) as PullResponse;
  const back = page.documents.find((d) => d.id === 'fz-html-1');
  assert.ok(back, 'the record comes back');
  assert.is(back.name, name);
  assert.is(back.industry, "'; DROP TABLE company; --");

  // A refusal that names the hostile input carries it as JSON text too.
  const refused = await fetch(`${server.url}/sync/${encodeURIComponent('<script>alert(1)</script>')}/pull`, { headers: auth });
  assert.is(refused.status, 404);
  assert.match(refused.headers.get('content-type') ?? '', /^application\/problem\+json/);
  assert.is(((await refused.json()) as Problem).code, ERROR_CODES.UNKNOWN_COLLECTION);
});

t.run();
