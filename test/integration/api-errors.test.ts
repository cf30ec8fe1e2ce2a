// Bad input gets a 4xx JSON problem body with a stable code, and the database is unchanged.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ERROR_CODES, type Problem } from '../../shared/errors.ts';
import { EVERYWHERE, makeDoc } from '../helpers/docs.ts';
import { signIn, startServer, type TestServer } from '../helpers/server.ts';

const t = suite<{ server: TestServer; token: string }>('API errors');
t.before(async (ctx) => {
  ctx.server = await startServer({ companies: 3 });
  ctx.token = await signIn(ctx.server.url);
});
t.after(async ({ server }) => server.close());

async function call(ctx: { server: TestServer; token: string }, method: string, path: string, body?: string, auth = true): Promise<{ status: number; problem: Problem; type: string }> {
  const res = await fetch(ctx.server.url + path, { method, headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${ctx.token}` } : {}) }, ...(body === undefined ? {} : { body }) });
  return { status: res.status, problem: (await res.json()) as Problem, type: res.headers.get('content-type') ?? '' };
}

async function snapshot(server: TestServer): Promise<string> {
  return JSON.stringify(await server.store.pull('company', 0, 1000, EVERYWHERE));
}

t('no session: 401 with a code', async (ctx) => {
  const r = await call(ctx, 'GET', '/sync/company/pull', undefined, false);
  assert.equal([r.status, r.problem.code], [401, ERROR_CODES.UNAUTHENTICATED]);
  assert.match(r.type, /application\/problem\+json/);
});

t('wrong password: 401 BAD_CREDENTIALS', async (ctx) => {
  const r = await call(ctx, 'POST', '/api/auth/sign-in', JSON.stringify({ login: 'sales', password: 'nope' }), false);
  assert.equal([r.status, r.problem.code], [401, ERROR_CODES.BAD_CREDENTIALS]);
});

t('unknown collection: 404', async (ctx) => {
  const r = await call(ctx, 'GET', '/sync/invoices/pull');
  assert.equal([r.status, r.problem.code], [404, ERROR_CODES.UNKNOWN_COLLECTION]);
  const p = await call(ctx, 'POST', '/sync/invoices/push', '[]');
  assert.equal([p.status, p.problem.code], [404, ERROR_CODES.UNKNOWN_COLLECTION]);
});

t('malformed checkpoints: 400 BAD_CHECKPOINT', async (ctx) => {
  for (const q of ['seq=-1', 'seq=abc', 'seq=1e5', 'seq=99999999999999999', 'limit=0', 'limit=5000']) {
    const r = await call(ctx, 'GET', `/sync/company/pull?${q}`);
    assert.equal([r.status, r.problem.code], [400, ERROR_CODES.BAD_CHECKPOINT], q);
  }
});

t('malformed push bodies: 400 MALFORMED_BODY, nothing written', async (ctx) => {
  const before = await snapshot(ctx.server);
  for (const body of ['{not json', '{"a":1}', '[1]', '[{"newDocumentState":"x"}]', '[{"assumedMasterState":5,"newDocumentState":{}}]']) {
    const r = await call(ctx, 'POST', '/sync/company/push', body);
    assert.equal([r.status, r.problem.code], [400, ERROR_CODES.MALFORMED_BODY], body);
  }
  assert.is(await snapshot(ctx.server), before);
});

t('one invalid row refuses the whole batch with field issues; the database is unchanged', async (ctx) => {
  const before = await snapshot(ctx.server);
  const good = makeDoc('company', { id: 'good1', name: 'Fine Ltd' });
  const bad = makeDoc('company', { id: 'bad1', name: '', emails: [{ type: 'business', address: 'nope' }] });
  const r = await call(ctx, 'POST', '/sync/company/push', JSON.stringify([{ assumedMasterState: null, newDocumentState: good }, { assumedMasterState: null, newDocumentState: bad }]));
  assert.equal([r.status, r.problem.code], [422, ERROR_CODES.VALIDATION_FAILED]);
  assert.equal(
    r.problem.issues?.map((i) => `${i.row}:${i.id}:${i.field}:${i.code}`),
    ['1:bad1:name:required', '1:bad1:emails.0.address:bad-email'],
  );
  assert.is(await snapshot(ctx.server), before);
});

t('too many rows: 413', async (ctx) => {
  const rows = Array.from({ length: 501 }, (_, i) => ({ assumedMasterState: null, newDocumentState: makeDoc('note', { id: `n${i}` }) }));
  const r = await call(ctx, 'POST', '/sync/note/push', JSON.stringify(rows));
  assert.equal([r.status, r.problem.code], [413, ERROR_CODES.BATCH_TOO_LARGE]);
});

t('unknown API route: 404 problem; the version is public', async (ctx) => {
  const r = await call(ctx, 'GET', '/api/nothing');
  assert.equal([r.status, r.problem.code], [404, ERROR_CODES.NOT_FOUND]);
  const v = (await (await fetch(`${ctx.server.url}/api/version`)).json()) as { version: string };
  assert.is(v.version, '0.0.0-test');
});

t.run();
