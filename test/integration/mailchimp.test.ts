// The MailChimp integration end to end against a local double of its documented endpoints: the key stored encrypted
// and never answered, the audience, sending a group (invalid and missing addresses counted and skipped, a group with
// duplicate addresses refused before anything is sent), and the sender's notification (742-171455-ENH).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Problem } from '../../shared/errors.ts';
import type { WireDoc } from '../../shared/sync.ts';
import { startMailChimpDouble, TEST_API_KEY, type MailChimpDouble } from '../helpers/mailchimp-double.ts';
import { makeDoc } from '../helpers/docs.ts';
import { signIn, startServer, type TestServer } from '../helpers/server.ts';

const auth = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });
const call = async <T>(server: TestServer, token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> => {
  const res = await fetch(`${server.url}${path}`, { method, headers: auth(token), ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: res.status, body: (await res.json()) as T };
};
const person = (id: string, address: string, territoryId = 't-af') => makeDoc('person', { id, lastName: `Name ${id}`, firstName: 'A', territoryId, emails: address ? [{ type: 'business', address }] : [] });

async function setUp(): Promise<{ server: TestServer; double: MailChimpDouble; admin: string; marketing: string }> {
  const double = await startMailChimpDouble();
  const server = await startServer({ mailchimpBaseUrl: double.url });
  return { server, double, admin: await signIn(server.url, 'admin'), marketing: await signIn(server.url, 'marketing') };
}

async function configure(server: TestServer, admin: string): Promise<void> {
  assert.is((await call(server, admin, 'PUT', '/api/admin/mailchimp/key', { apiKey: TEST_API_KEY })).status, 200);
  assert.is((await call(server, admin, 'PUT', '/api/admin/mailchimp/audience', { audienceId: 'a1b2c3d4e5' })).status, 200);
  assert.is((await call(server, admin, 'PUT', '/api/admin/mailchimp/enabled', { value: true })).status, 200);
}

async function staticGroup(server: TestServer, token: string, name: string, docs: WireDoc[]): Promise<string> {
  await server.store.insertMany('person', docs);
  const g = await call<{ id: string }>(server, token, 'POST', '/api/groups', { name, entity: 'person', kind: 'static' });
  assert.is(g.status, 201);
  assert.is((await call(server, token, 'POST', `/api/groups/${g.body.id}/members`, { ids: docs.map((d) => d.id) })).status, 200);
  return g.body.id;
}

test('administration: the key is checked with MailChimp, kept encrypted, never answered; switching on needs an audience', async () => {
  const { server, double, admin, marketing } = await setUp();
  try {
    const bad = await call<Problem>(server, admin, 'PUT', '/api/admin/mailchimp/key', { apiKey: 'not-a-key' });
    assert.is(bad.status, 422);
    assert.is(bad.body.code, 'FC-MC-001');
    const wrong = await call<Problem>(server, admin, 'PUT', '/api/admin/mailchimp/key', { apiKey: 'ffffffffffffffffffffffffffffffff-us6' });
    assert.is(wrong.body.code, 'FC-MC-004', 'MailChimp refused the key: not kept');
    assert.is((await call<Problem>(server, admin, 'PUT', '/api/admin/mailchimp/enabled', { value: true })).body.code, 'FC-MC-006');
    const saved = await call<Record<string, unknown>>(server, admin, 'PUT', '/api/admin/mailchimp/key', { apiKey: TEST_API_KEY });
    assert.equal(saved.body, { enabled: false, keySet: true, keyHint: '…cdef-us6', dataCentre: 'us6', audienceId: '', audienceName: '' });
    const stored = (await server.store.getServerSetting('mailchimp')) ?? '';
    assert.not.ok(stored.includes(TEST_API_KEY.slice(0, 32)), 'the key is not stored in clear');
    const list = await call<{ audiences: { id: string; name: string }[] }>(server, admin, 'GET', '/api/admin/mailchimp/audiences');
    assert.equal(list.body.audiences.map((a) => a.name), ['FieldCRM customers', 'Trade fair 2026']);
    assert.is((await call<Problem>(server, admin, 'PUT', '/api/admin/mailchimp/audience', { audienceId: 'nope' })).body.code, 'FC-MC-005');
    await configure(server, admin);
    const view = await call<Record<string, unknown>>(server, admin, 'GET', '/api/admin/mailchimp');
    assert.is(view.body.enabled, true);
    assert.is(view.body.audienceName, 'FieldCRM customers');
    assert.not.ok(JSON.stringify(view.body).includes(TEST_API_KEY.slice(0, 28)), 'answers never carry the key');
    assert.is((await call(server, marketing, 'GET', '/api/admin/mailchimp')).status, 403, 'administrators only');
  } finally {
    await server.close();
    await double.close();
  }
});

test('742-171455-ENH: a group with duplicate addresses is refused before anything is sent; the notification counts them', async () => {
  const { server, double, admin, marketing } = await setUp();
  try {
    await configure(server, admin);
    const id = await staticGroup(server, marketing, 'Casablanca fair', [
      person('m1', 'amina@casa.example'),
      person('m2', 'AMINA@casa.example'), // the same address, another record
      person('m3', 'youssef@casa.example'),
      person('m4', 'not an address'),
      person('m5', ''),
    ]);
    const before = double.requests.length;
    const sent = await call<Record<string, unknown>>(server, marketing, 'POST', `/api/groups/${id}/mailchimp`);
    assert.is(sent.status, 200);
    assert.equal(sent.body, { groupId: id, groupName: 'Casablanca fair', members: 5, sent: 0, created: 0, updated: 0, missing: 1, invalid: 1, duplicate: 2, rejected: true, failed: 0 });
    assert.is(double.requests.length, before, 'nothing was sent to MailChimp');
    const notes = (await call<{ documents: { kind: string; title: string; body: string; status: string }[] }>(server, marketing, 'GET', '/sync/notification/pull?seq=0&limit=10')).body.documents;
    assert.is(notes.length, 1);
    assert.is(notes[0]!.kind, 'mailchimp');
    assert.equal(JSON.parse(notes[0]!.body).duplicate, 2);
    // The duplicates, opened from the notification: the group filtered to those records.
    const dup = await call<{ records: { id: string }[] }>(server, marketing, 'GET', `/api/groups/${id}/members?only=duplicate&offset=0&limit=50`);
    assert.equal(dup.body.records.map((r) => r.id).sort(), ['m1', 'm2']);
    // Fixed: the group goes; the invalid and missing ones are counted and skipped.
    const [m2] = await server.store.getByIds('person', ['m2']);
    const fix = await fetch(`${server.url}/sync/person/push`, { method: 'POST', headers: auth(admin), body: JSON.stringify([{ assumedMasterState: m2, newDocumentState: { ...m2!, emails: [{ type: 'business', address: 'karim@casa.example' }] } }]) });
    assert.is(fix.status, 200);
    const again = await call<Record<string, unknown>>(server, marketing, 'POST', `/api/groups/${id}/mailchimp`);
    assert.equal(again.body, { groupId: id, groupName: 'Casablanca fair', members: 5, sent: 3, created: 3, updated: 0, missing: 1, invalid: 1, duplicate: 0, rejected: false, failed: 0 });
    assert.equal([...double.members('a1b2c3d4e5').keys()].sort(), ['amina@casa.example', 'karim@casa.example', 'youssef@casa.example']);
    // Sending again updates the existing members (safe to repeat).
    const third = await call<{ created: number; updated: number }>(server, marketing, 'POST', `/api/groups/${id}/mailchimp`);
    assert.equal([third.body.created, third.body.updated], [0, 3]);
  } finally {
    await server.close();
    await double.close();
  }
});

test('a large group goes in batches of at most 500, retrying politely when MailChimp says 429 or 503', async () => {
  const { server, double, admin } = await setUp();
  try {
    await configure(server, admin);
    const docs = Array.from({ length: 1201 }, (_, i) => person(`big${i}`, `member${i}@big.example`, 't-eu'));
    const id = await staticGroup(server, admin, 'Everyone', docs.slice(0, 1));
    await server.store.insertMany('person', docs.slice(1));
    for (let i = 1; i < docs.length; i += 200) await call(server, admin, 'POST', `/api/groups/${id}/members`, { ids: docs.slice(i, i + 200).map((d) => d.id) });
    double.failNext(429, 1, { retryAfter: 0 });
    double.failNext(503, 1);
    const res = await call<{ sent: number; created: number }>(server, admin, 'POST', `/api/groups/${id}/mailchimp`);
    assert.is(res.status, 200);
    assert.is(res.body.created, 1201);
    const batches = double.requests.filter((r) => r.method === 'POST' && r.members !== undefined);
    assert.ok(batches.every((b) => (b.members ?? 0) <= 500), 'no call over 500 members');
    assert.is(double.members('a1b2c3d4e5').size, 1201);
  } finally {
    await server.close();
    await double.close();
  }
});

test('sending needs the MailChimp campaign right and the integration on', async () => {
  const { server, double, admin } = await setUp();
  try {
    const sales = await signIn(server.url, 'sales');
    const id = await staticGroup(server, sales, 'EU', [person('s1', 'a@eu.example', 't-eu')]);
    assert.is((await call<Problem>(server, admin, 'POST', `/api/groups/${id}/mailchimp`)).body.code, 'FC-AUTH-005', 'integration off');
    await configure(server, admin);
    assert.is((await call<Problem>(server, sales, 'POST', `/api/groups/${id}/mailchimp`)).body.code, 'FC-AUTH-005', 'no campaign right');
    assert.is((await call(server, admin, 'POST', `/api/groups/${id}/mailchimp`)).status, 200);
  } finally {
    await server.close();
    await double.close();
  }
});

test.run();
