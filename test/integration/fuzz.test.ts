// Hostile requests from the seeded fuzzer (test/fuzz/): no server error, no change on refusal, stored HTML stays data.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ERROR_CODES, type Problem } from '../../shared/errors.ts';
import type { PullResponse } from '../../shared/sync.ts';
import { makeCase } from '../fuzz/cases.ts';
import { dbState, describe, judge, runFuzz } from '../fuzz/harness.ts';
import { caseSeed, Rng } from '../helpers/prng.ts';
import { HTML_PAYLOADS, hostileString, hostileValue, toJson, withKey } from '../fuzz/payloads.ts';
import { hostileChange, hostileCustomValue, hostileDefinition } from '../fuzz/custom.ts';
import { API_PATHS } from '../../shared/api.ts';
import { applyCustomization, CUSTOM_KINDS, EMPTY_CUSTOMIZATION, entityDef, type Customization } from '../../shared/entities/index.ts';
import { validateRecord } from '../../shared/validation.ts';
import type { PullScope } from '../../sync-server/db/store.ts';

const EVERYWHERE_FUZZ: PullScope = { kind: 'territory', territories: ['t-world', 't-eu', 't-na', 't-af'] };
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

t('hostile custom field definitions, changes and values: no server error, refusals change nothing, stored records stay valid', async ({ server }) => {
  const rng = new Rng(caseSeed(SEED, 900_001));
  const admin = await signIn(server.url, 'admin');
  const sales = await signIn(server.url);
  const send = async (token: string, method: string, path: string, body?: string): Promise<{ status: number; type: string; text: string }> => {
    const res = await fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body }) });
    return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
  };
  // Percent-encodes every byte (lone surrogates included, which encodeURIComponent refuses).
  const enc = (x: string): string => [...Buffer.from(x, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
  const fieldPath = (entity: string, key: string): string => `${API_PATHS.customFields}/${enc(entity)}/${enc(key)}`;
  const customization = async (): Promise<Customization> => JSON.parse((await send(sales, 'GET', API_PATHS.customization)).text) as Customization;
  const errors: string[] = [];
  const check = (what: string, r: { status: number; type: string; text: string }): void => {
    if (r.status >= 500 || (r.status >= 400 && !r.type.startsWith('application/problem+json'))) errors.push(`${what} -> ${r.status} ${r.text.slice(0, 300)}`);
  };
  let accepted = 0;
  for (let i = 0; i < 200; i++) {
    const body = hostileDefinition(rng);
    const before = await customization();
    const r = await send(admin, 'POST', API_PATHS.customFields, body);
    check(`define ${body.slice(0, 200)}`, r);
    if (r.status === 201) accepted++;
    else if ((await customization()).revision !== before.revision) errors.push(`refused but written: ${body.slice(0, 200)}`);
  }
  // One of each kind for sure, then hostile changes to them.
  for (const kind of CUSTOM_KINDS) {
    const r = await send(admin, 'POST', API_PATHS.customFields, JSON.stringify({ entity: 'company', code: `fz_${kind}`, kind, label: { en: kind, fr: kind }, ...(kind === 'select' ? { options: [{ value: 'v0', en: 'a', fr: 'a' }, { value: 'v1', en: 'b', fr: 'b' }] } : {}), ...(kind === 'ref' ? { to: 'company' } : {}), screens: { form: true, list: true, search: true } }));
    assert.is(r.status, 201, r.text);
  }
  const fields = (await customization()).fields;
  for (let i = 0; i < 80; i++) {
    const f = rng.pick(fields);
    check('change', await send(admin, 'PATCH', fieldPath(rng.chance(0.9) ? f.entity : hostileString(rng), rng.chance(0.9) ? f.key : hostileString(rng)), hostileChange(rng)));
  }
  // Hostile values on companies' custom fields, pushed as a device would.
  const companyFields = (await customization()).fields.filter((f) => f.entity === 'company');
  const world = await server.store.search('company', 'a', EVERYWHERE_FUZZ, 20);
  for (let i = 0; i < 150; i++) {
    const base = rng.pick(world) as unknown as Record<string, unknown>;
    const doc: Record<string, unknown> = { ...base };
    for (const f of companyFields) if (rng.chance(0.5)) doc[f.key] = hostileCustomValue(rng, f.kind);
    if (rng.chance(0.1)) withKey(doc, 'c_' + hostileString(rng).slice(0, 20), hostileValue(rng));
    check('push', await send(sales, 'POST', '/sync/company/push', toJson([{ assumedMasterState: base, newDocumentState: doc }])));
    // Searches and report filters on the custom fields, with hostile operands.
    const f = rng.pick(companyFields);
    check('search', await send(sales, 'POST', '/api/search/company', toJson({ conditions: [{ field: f.key, op: rng.pick(['contains', 'equals', 'less-than', 'more-than', 'before', 'after', 'empty', 'is-true', 'starts-with']), value: rng.chance(0.5) ? toJson(hostileCustomValue(rng, f.kind)) : hostileValue(rng) }], offset: 0, limit: 10 })));
    check('report', await send(sales, 'POST', '/api/reports/run', toJson({ definition: { entity: 'company', columns: ['name', f.key], filters: [{ field: f.key, op: rng.pick(['eq', 'ne', 'gt', 'lt', 'in', 'empty']), value: hostileValue(rng) }], sort: [{ field: f.key, direction: 'asc' }], groupBy: rng.chance(0.3) ? [f.key] : [], details: true, chart: false } })));
  }
  // Every stored company still passes its (customised) declaration.
  for (const doc of (await server.store.listRecords('company', {}, EVERYWHERE_FUZZ, { offset: 0, limit: 500 })).records) {
    const { _deleted, ...record } = doc as unknown as Record<string, unknown>;
    // A field made required after a record was written is asked for when the record is next saved, not before.
    const issues = validateRecord(entityDef('company'), record).filter((x) => !(x.code === 'required' && x.field.startsWith('c_')));
    if (issues.length) errors.push(`stored company ${doc.id} invalid: ${JSON.stringify(issues).slice(0, 300)}`);
  }
  // Purges of hostile keys are refused cleanly.
  for (let i = 0; i < 20; i++) check('purge', await send(admin, 'DELETE', fieldPath(rng.pick(['company', hostileString(rng)]), rng.chance(0.5) ? rng.pick(fields).key : hostileString(rng))));
  applyCustomization(EMPTY_CUSTOMIZATION);
  assert.equal(errors, []);
  assert.ok(accepted > 0, 'some hostile-looking definitions were well-formed and accepted');
});

t.run();
