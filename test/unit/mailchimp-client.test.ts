// The MailChimp client against the loopback double: keys, audiences, batches of 500, retries, error codes, concurrency (742-171455-ENH).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ERROR_CODES } from '../../shared/errors.ts';
import { AppError } from '../../sync-server/errors.ts';
import { MailChimpClient, parseApiKey, type MemberIn } from '../../sync-server/mailchimp/client.ts';
import { startMailChimpDouble, TEST_API_KEY, type MailChimpDouble } from '../helpers/mailchimp-double.ts';

const LIST = 'a1b2c3d4e5';
const OTHER_KEY = 'fedcba9876543210fedcba9876543210-us6';

async function withDouble(fn: (d: MailChimpDouble, waits: number[], client: (o?: Partial<ConstructorParameters<typeof MailChimpClient>[0]>) => MailChimpClient) => Promise<void>): Promise<void> {
  const d = await startMailChimpDouble();
  const waits: number[] = [];
  const client = (o: Partial<ConstructorParameters<typeof MailChimpClient>[0]> = {}): MailChimpClient =>
    new MailChimpClient({ apiKey: TEST_API_KEY, baseUrl: d.url, sleep: async (ms) => void waits.push(ms), ...o });
  try {
    await fn(d, waits, client);
  } finally {
    await d.close();
  }
}

async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    assert.instance(err, AppError);
    return err as AppError;
  }
  throw new Error('expected an AppError');
}

const people = (n: number, from = 0): MemberIn[] => Array.from({ length: n }, (_, i) => ({ email: `person${from + i}@example.org`, mergeFields: { FNAME: `P${from + i}` } }));

test('parseApiKey: <32 hex>-<dc> gives the data centre; anything else is FC-MC-001 (422) without echoing the key', () => {
  assert.equal(parseApiKey(TEST_API_KEY), { key: TEST_API_KEY, dataCentre: 'us6' });
  assert.is(parseApiKey(' 0123456789ABCDEF0123456789abcdef-US21 ').dataCentre, 'us21');
  assert.is(parseApiKey('0123456789abcdef0123456789abcdef-us1').dataCentre, 'us1');
  for (const bad of ['', 'nothex0000000000000000000000000000-us6', '0123456789abcdef0123456789abcdef', '0123456789abcdef0123456789abcdef-', '0123456789abcdef0123456789abcde-us6', '0123456789abcdef0123456789abcdef-us6/evil.example']) {
    try {
      parseApiKey(bad);
      assert.unreachable(bad);
    } catch (err) {
      assert.instance(err, AppError, bad);
      assert.is((err as AppError).code, ERROR_CODES.MAILCHIMP_BAD_KEY);
      assert.is((err as AppError).status, 422);
      if (bad) assert.not.ok((err as AppError).message.includes(bad));
    }
  }
});

test('the base URL follows the data centre unless baseUrl is given; requests use Basic auth with the key', async () => {
  const seen: { url: string; auth: string }[] = [];
  const fake: typeof fetch = async (input, init) => {
    seen.push({ url: String(input), auth: new Headers(init?.headers).get('authorization') ?? '' });
    return new Response(JSON.stringify({ health_status: "Everything's Chimpy!" }), { status: 200 });
  };
  assert.is(await new MailChimpClient({ apiKey: TEST_API_KEY, fetch: fake }).ping(), "Everything's Chimpy!");
  assert.is(seen[0]?.url, 'https://us6.api.mailchimp.com/3.0/ping');
  const [user, pass] = Buffer.from((seen[0]?.auth ?? '').replace(/^Basic /, ''), 'base64').toString().split(':');
  assert.ok(user);
  assert.is(pass, TEST_API_KEY);
});

test('ping and audiences, with member counts, from the double', async () => {
  await withDouble(async (d, _w, client) => {
    d.members(LIST).set('a@example.org', { id: 'x', email_address: 'a@example.org', status: 'subscribed', merge_fields: {}, list_id: LIST });
    const c = client();
    assert.is(await c.ping(), "Everything's Chimpy!");
    assert.equal(await c.listAudiences(), [
      { id: LIST, name: 'FieldCRM customers', memberCount: 1 },
      { id: 'f6e5d4c3b2', name: 'Trade fair 2026', memberCount: 0 },
    ]);
  });
});

test('1,201 members go in 3 calls (500, 500, 201), all created, with progress; a second send updates them', async () => {
  await withDouble(async (d, _w, client) => {
    const progress: [number, number][] = [];
    const first = await client().batchSubscribe(LIST, people(1201), { onProgress: (done, total) => progress.push([done, total]) });
    assert.equal(first, { created: 1201, updated: 0, failed: [] });
    assert.equal(d.requests.map((r) => [r.method, r.path, r.members]).sort(), [
      ['POST', `/3.0/lists/${LIST}`, 201],
      ['POST', `/3.0/lists/${LIST}`, 500],
      ['POST', `/3.0/lists/${LIST}`, 500],
    ].sort());
    assert.equal(progress.at(-1), [1201, 1201]);
    assert.is(progress.length, 3);
    assert.is(d.members(LIST).size, 1201);
    assert.is(d.members(LIST).get('person7@example.org')?.merge_fields.FNAME, 'P7');

    const again = await client().batchSubscribe(LIST, [{ email: 'Person7@Example.org', mergeFields: { FNAME: 'Seven' } }, ...people(2, 5000)]);
    assert.equal(again, { created: 2, updated: 1, failed: [] });
    assert.is(d.members(LIST).get('person7@example.org')?.merge_fields.FNAME, 'Seven');
  });
});

test('an existing member keeps its subscription status (status_if_new); update_existing is sent', async () => {
  await withDouble(async (d, _w, client) => {
    d.members(LIST).set('gone@example.org', { id: 'g', email_address: 'gone@example.org', status: 'unsubscribed', merge_fields: {}, list_id: LIST });
    const r = await client().batchSubscribe(LIST, [{ email: 'gone@example.org' }]);
    assert.equal(r, { created: 0, updated: 1, failed: [] });
    assert.is(d.members(LIST).get('gone@example.org')?.status, 'unsubscribed');
  });
});

test('invalid addresses come back in failed (ERROR_GENERIC, "looks fake or invalid"); the others are sent', async () => {
  await withDouble(async (d, _w, client) => {
    const r = await client().batchSubscribe(LIST, [{ email: 'ok@example.org' }, { email: 'not-an-address' }, { email: 'x@nodot' }]);
    assert.is(r.created, 1);
    assert.equal(r.failed.map((f) => [f.email, f.code]), [['not-an-address', 'ERROR_GENERIC'], ['x@nodot', 'ERROR_GENERIC']]);
    assert.match(r.failed[0]?.message ?? '', /looks fake or invalid/);
    assert.is(d.members(LIST).size, 1);
  });
});

test('742-171455-ENH: MailChimp (the double) rejects a whole batch in which two members share an address, case-insensitively', async () => {
  await withDouble(async (d, _w, client) => {
    const e = await failure(client().batchSubscribe(LIST, [{ email: 'same@example.org' }, { email: 'other@example.org' }, { email: 'SAME@Example.org ' }]));
    assert.is(e.code, ERROR_CODES.MAILCHIMP_REJECTED);
    assert.match(e.message, /Invalid Resource/);
    assert.match(e.message, /more than once/);
    assert.is(d.members(LIST).size, 0, 'nothing of the batch was added');
    assert.is(d.requests.length, 1, 'a 400 is not retried');
  });
});

test('the double: ERROR_CONTACT_EXISTS without update_existing, more than 500 members or a malformed body is 400, PUT by md5', async () => {
  await withDouble(async (d) => {
    const auth = { Authorization: `Basic ${Buffer.from(`x:${TEST_API_KEY}`).toString('base64')}`, 'Content-Type': 'application/json' };
    const post = (body: string): Promise<Response> => fetch(`${d.url}/lists/${LIST}`, { method: 'POST', headers: auth, body });
    d.members(LIST).set('old@example.org', { id: 'o', email_address: 'old@example.org', status: 'subscribed', merge_fields: {}, list_id: LIST });
    const r = await post(JSON.stringify({ members: [{ email_address: 'old@example.org', status_if_new: 'subscribed' }, { email_address: 'new@example.org', status: 'subscribed' }] }));
    assert.is(r.status, 200);
    const body = (await r.json()) as { errors: { error_code: string }[]; total_created: number; total_updated: number; error_count: number };
    assert.equal([body.errors[0]?.error_code, body.total_created, body.total_updated, body.error_count], ['ERROR_CONTACT_EXISTS', 1, 0, 1]);
    const big = await post(JSON.stringify({ members: Array.from({ length: 501 }, (_, i) => ({ email_address: `m${i}@example.org`, status: 'subscribed' })), update_existing: true }));
    assert.is(big.status, 400);
    assert.match(big.headers.get('content-type') ?? '', /application\/problem\+json/);
    assert.is(((await big.json()) as { status: number }).status, 400);
    assert.is((await post('{"members": [')).status, 400);
    assert.is((await post(JSON.stringify({ members: [{ email_address: 'q@example.org' }] }))).status, 400, 'a member needs a status');

    const { createHash } = await import('node:crypto');
    const hash = createHash('md5').update('put.me@example.org').digest('hex');
    const put = (h: string, b: unknown): Promise<Response> => fetch(`${d.url}/lists/${LIST}/members/${h}`, { method: 'PUT', headers: auth, body: JSON.stringify(b) });
    assert.is((await put(hash, { email_address: 'Put.Me@example.org', status_if_new: 'subscribed' })).status, 200);
    assert.is((await put(hash, { email_address: 'Put.Me@example.org', status_if_new: 'subscribed' })).status, 200, 'safe to repeat');
    assert.is((await put(hash, { email_address: 'someone.else@example.org', status_if_new: 'subscribed' })).status, 400);
    assert.is(d.members(LIST).get('put.me@example.org')?.status, 'subscribed');
    assert.is((await fetch(`${d.url}/lists/nope`, { method: 'POST', headers: auth, body: '{"members":[]}' })).status, 404);
  });
});

test('429 with Retry-After is waited out as told, then 503 with backoff, then success', async () => {
  await withDouble(async (d, waits, client) => {
    d.failNext(429, 1, { retryAfter: 7 });
    d.failNext(503, 2);
    const r = await client({ random: () => 0.5 }).batchSubscribe(LIST, people(3));
    assert.is(r.created, 3);
    assert.is(d.requests.length, 4);
    assert.is(waits[0], 7000);
    assert.is(waits.length, 3);
    assert.ok((waits[2] ?? 0) > (waits[1] ?? 0), `backoff grows: ${waits.join(', ')}`);
  });
});

test('gives up with FC-MC-003 after the retries (1 + N attempts); a 500 on ping too', async () => {
  await withDouble(async (d, waits, client) => {
    d.failNext(503, 10);
    const e = await failure(client({ retries: 3 }).batchSubscribe(LIST, people(2)));
    assert.is(e.code, ERROR_CODES.MAILCHIMP_UNREACHABLE);
    assert.is(d.requests.length, 4);
    assert.is(waits.length, 3);
    assert.ok(waits.every((w) => w <= 30_000));
    assert.is(d.members(LIST).size, 0);
  });
  const unreachable = await failure(new MailChimpClient({ apiKey: TEST_API_KEY, baseUrl: 'http://127.0.0.1:1/3.0', retries: 1, sleep: async () => {} }).ping());
  assert.is(unreachable.code, ERROR_CODES.MAILCHIMP_UNREACHABLE);
});

test('401 → FC-MC-004 and 404 → FC-MC-005, not retried; the key never appears in an error', async () => {
  await withDouble(async (d, _w, client) => {
    const e401 = await failure(client({ apiKey: OTHER_KEY }).listAudiences());
    assert.is(e401.code, ERROR_CODES.MAILCHIMP_UNAUTHORIZED);
    assert.match(e401.message, /API Key Invalid/);
    const e404 = await failure(client().batchSubscribe('no-such-list', people(1)));
    assert.is(e404.code, ERROR_CODES.MAILCHIMP_AUDIENCE_NOT_FOUND);
    assert.is(d.requests.length, 2);
    for (const e of [e401, e404]) for (const k of [TEST_API_KEY, OTHER_KEY, OTHER_KEY.slice(0, 32), TEST_API_KEY.slice(0, 32)]) assert.not.ok(e.message.includes(k));
  });
  // Even when the far end echoes the key back, it is blanked out.
  const echo: typeof fetch = async () => new Response(JSON.stringify({ title: 'Bad', detail: `key ${TEST_API_KEY} refused` }), { status: 400 });
  const e = await failure(new MailChimpClient({ apiKey: TEST_API_KEY, fetch: echo }).ping());
  assert.is(e.code, ERROR_CODES.MAILCHIMP_REJECTED);
  assert.not.ok(e.message.includes(TEST_API_KEY.slice(0, 32)));
});

test('never more than maxConcurrent requests in flight (2 by default, 10 at most), and the double refuses an 11th connection', async () => {
  await withDouble(async (d, _w, client) => {
    d.latencyMs = 30;
    await client().batchSubscribe(LIST, people(3000));
    assert.is(d.requests.length, 6);
    assert.is(d.maxInFlight, 2);
    assert.is(client({ maxConcurrent: 50 }).maxConcurrent, 10);
    d.maxInFlight = 0;
    await client({ maxConcurrent: 4 }).batchSubscribe(LIST, people(4000, 10_000));
    assert.is(d.maxInFlight, 4);

    const auth = { Authorization: `Basic ${Buffer.from(`x:${TEST_API_KEY}`).toString('base64')}` };
    const answers = await Promise.all(Array.from({ length: 12 }, () => fetch(`${d.url}/ping`, { headers: auth }).then((r) => r.status)));
    assert.ok(answers.includes(429), answers.join(','));
  });
});

test.run();
