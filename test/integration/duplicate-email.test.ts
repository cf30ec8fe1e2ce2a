// Duplicate e-mail detection (Sage CRM 2020 R1, 742-171455-ENH): the system switch, the rule at push (strict and
// lenient), the database's own guarantee, the address check, the E-mail duplicates report, and the device's offline check.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ConflictRecord } from '../../shared/entities/index.ts';
import type { Problem } from '../../shared/errors.ts';
import type { PushResponse, WireDoc } from '../../shared/sync.ts';
import { SqliteStore } from '../../sync-server/db/sqlite/store.ts';
import { openDevice, waitFor } from '../helpers/client.ts';
import { makeDoc, pushCtx, fullRights } from '../helpers/docs.ts';
import { signIn, startServer, type TestServer } from '../helpers/server.ts';

const json = { 'content-type': 'application/json' };
const auth = (token: string) => ({ authorization: `Bearer ${token}`, ...json });
const email = (address: string) => [{ type: 'business', address }];

async function setSwitch(server: TestServer, admin: string, key: string, value: boolean): Promise<{ settings: Record<string, boolean>; duplicateAddresses: number }> {
  const res = await fetch(`${server.url}/api/admin/settings/${key}`, { method: 'PUT', headers: auth(admin), body: JSON.stringify({ value }) });
  assert.is(res.status, 200);
  return (await res.json()) as { settings: Record<string, boolean>; duplicateAddresses: number };
}

async function push(server: TestServer, token: string, entity: string, doc: WireDoc, opts: { lenient?: boolean; assumed?: WireDoc | null } = {}): Promise<Response> {
  const headers: Record<string, string> = auth(token);
  if (opts.lenient) headers.prefer = 'handling=lenient';
  return fetch(`${server.url}/sync/${entity}/push`, { method: 'POST', headers, body: JSON.stringify([{ assumedMasterState: opts.assumed ?? null, newDocumentState: doc }]) });
}

test('742-171455-ENH: off by default; switched on, a company, person or lead taking a used address is refused naming the field', async () => {
  const server = await startServer();
  try {
    const admin = await signIn(server.url, 'admin');
    // Off: two records may share an address.
    assert.is((await push(server, admin, 'person', makeDoc('person', { id: 'p-a', lastName: 'Martin', emails: email('jean@panoply.example') }))).status, 200);
    assert.is((await push(server, admin, 'lead', makeDoc('lead', { id: 'l-a', emails: email('jean@panoply.example') }))).status, 200);
    // Switching on over existing duplicates is allowed, and the answer counts them (the admin screen points at the report).
    const on = await setSwitch(server, admin, 'duplicateEmailDetection', true);
    assert.is(on.settings.duplicateEmailDetection, true);
    assert.is(on.duplicateAddresses, 1);
    // Case-insensitive (trimming: the address check below and the unit tests); every entity of the three; the issue names the entry and the holder.
    for (const entity of ['company', 'person', 'lead'] as const) {
      const res = await push(server, admin, entity, makeDoc(entity, { id: `new-${entity}`, emails: [{ type: 'private', address: 'x@y.example' }, { type: 'business', address: 'JEAN@Panoply.Example' }] }));
      assert.is(res.status, 422, entity);
      const problem = (await res.json()) as Problem;
      assert.is(problem.code, 'FC-VAL-001');
      assert.equal(problem.issues?.map((i) => [i.field, i.code, i.detail]), [['emails.1.address', 'duplicate-email', 'Martin']]);
      assert.is((await server.store.getByIds(entity, [`new-${entity}`])).length, 0, 'nothing half-written');
    }
    // Editing another field of a record that already shared its address is not blocked (its address is not new).
    const [pa] = await server.store.getByIds('person', ['p-a']);
    assert.is((await push(server, admin, 'person', { ...pa!, title: 'CEO' } as WireDoc, { assumed: pa! })).status, 200);
    // Changing an address to a free one is fine; to a used one is not.
    const [la] = await server.store.getByIds('lead', ['l-a']);
    assert.is((await push(server, admin, 'lead', { ...la!, emails: email('other@panoply.example') } as WireDoc, { assumed: la! })).status, 200);
    const [la2] = await server.store.getByIds('lead', ['l-a']);
    assert.is((await push(server, admin, 'lead', { ...la2!, emails: email('jean@panoply.example') } as WireDoc, { assumed: la2! })).status, 422);
    // Deleting the holder frees the address.
    const [pa2] = await server.store.getByIds('person', ['p-a']);
    assert.is((await push(server, admin, 'person', { ...pa2!, _deleted: true } as WireDoc, { assumed: pa2! })).status, 200);
    assert.is((await push(server, admin, 'lead', { ...la2!, emails: email('jean@panoply.example') } as WireDoc, { assumed: la2! })).status, 200);
    // Off again: duplicates may be made again.
    await setSwitch(server, admin, 'duplicateEmailDetection', false);
    assert.is((await push(server, admin, 'company', makeDoc('company', { id: 'c-dup', emails: email('jean@panoply.example') }))).status, 200);
  } finally {
    await server.close();
  }
});

test('742-171455-ENH: a device\'s collision becomes a rejected change its author can fix, never a silent loss; a holder the author may not see is not named', async () => {
  const server = await startServer();
  try {
    const admin = await signIn(server.url, 'admin');
    const sales = await signIn(server.url, 'sales'); // Europe only
    await push(server, admin, 'company', makeDoc('company', { id: 'c-na', name: 'Denver Paper', territoryId: 't-na', emails: email('orders@denver.example') }));
    await setSwitch(server, admin, 'duplicateEmailDetection', true);
    const mine = makeDoc('person', { id: 'p-sales', lastName: 'Dupont', territoryId: 't-eu', emails: email('Orders@Denver.example') });
    const res = await push(server, sales, 'person', mine, { lenient: true });
    assert.is(res.status, 200);
    const answer = (await res.json()) as PushResponse;
    assert.equal(answer.conflicts.map((d) => [d.id, d._deleted]), [['p-sales', true]], 'the device is told the record did not land');
    const pulled = (await (await fetch(`${server.url}/sync/conflict/pull?seq=0&limit=50`, { headers: auth(sales) })).json()) as { documents: ConflictRecord[] };
    const kept = pulled.documents.find((c) => c.recordId === 'p-sales');
    assert.ok(kept, 'the refused record is kept for its author');
    assert.is(kept.kind, 'rejected');
    assert.is(kept.reason, 'FC-VAL-001');
    assert.equal(JSON.parse(kept.issues), [{ field: 'emails.0.address', code: 'duplicate-email-hidden' }], 'the Denver company is not named to a Europe-only user');
    assert.is((JSON.parse(kept.mine) as { lastName: string }).lastName, 'Dupont', "the author's values are kept");
    // Fixed and sent again, it lands.
    assert.is((await push(server, sales, 'person', { ...mine, emails: email('dupont@paris.example') } as WireDoc, { lenient: true })).status, 200);
    assert.is((await server.store.getByIds('person', ['p-sales'])).length, 1);
  } finally {
    await server.close();
  }
});

test('742-171455-ENH: two records of one batch with one new address: the first lands, the second is refused', async () => {
  const server = await startServer();
  try {
    const admin = await signIn(server.url, 'admin');
    await setSwitch(server, admin, 'duplicateEmailDetection', true);
    const rows = ['b1', 'b2'].map((id) => ({ assumedMasterState: null, newDocumentState: makeDoc('person', { id, lastName: id, emails: email('same@batch.example') }) }));
    const res = await fetch(`${server.url}/sync/person/push`, { method: 'POST', headers: { ...auth(admin), prefer: 'handling=lenient' }, body: JSON.stringify(rows) });
    assert.is(res.status, 200);
    assert.equal((await server.store.getByIds('person', ['b1', 'b2'])).map((d) => d.id), ['b1']);
  } finally {
    await server.close();
  }
});

test('742-171455-ENH: two concurrent pushes with one new address (two server processes on one database) cannot both land', async () => {
  const server = await startServer();
  const other = new SqliteStore(`${server.dir}/test.db`); // a second server process on the same database file
  try {
    const admin = await signIn(server.url, 'admin');
    await setSwitch(server, admin, 'duplicateEmailDetection', true);
    for (let round = 0; round < 10; round++) {
      const a = makeDoc('lead', { id: `ra${round}`, emails: email(`race${round}@x.example`) });
      const b = makeDoc('person', { id: `rb${round}`, lastName: 'B', emails: email(`RACE${round}@x.example`) });
      const ctx = { ...pushCtx('u-admin', { rights: fullRights(['t-eu']), lenient: true }) };
      const [ra, rb] = await Promise.all([server.store.push('lead', [{ assumedMasterState: null, newDocumentState: a }], ctx), other.push('person', [{ assumedMasterState: null, newDocumentState: b }], ctx)]);
      const landed = (await server.store.getByIds('lead', [a.id])).length + (await server.store.getByIds('person', [b.id])).length;
      assert.is(landed, 1, `round ${round}: exactly one lands`);
      assert.is(ra.refusals.length + rb.refusals.length, 1, `round ${round}: the other is refused, not lost`);
    }
    // The guarantee is the database's: a second enforced claim on an address is refused by its unique index.
    server.store.sqlite.prepare("insert into email_claims (address, entity, record_id, enforced) values ('idx@x.example', 'person', 'i1', 1)").run();
    assert.throws(() => server.store.sqlite.prepare("insert into email_claims (address, entity, record_id, enforced) values ('idx@x.example', 'lead', 'i2', 1)").run(), /UNIQUE constraint failed: email_claims.address/);
  } finally {
    await other.close();
    await server.close();
  }
});

test('the address check names holders the user may view and counts the others; the form asks it before saving', async () => {
  const server = await startServer();
  try {
    const admin = await signIn(server.url, 'admin');
    const sales = await signIn(server.url, 'sales');
    await push(server, admin, 'company', makeDoc('company', { id: 'c-eu', name: 'Paris Paper', territoryId: 't-eu', emails: email('hello@shared.example') }));
    await push(server, admin, 'lead', makeDoc('lead', { id: 'l-na', description: 'Denver lead', territoryId: 't-na', emails: email('hello@shared.example') }));
    const res = await fetch(`${server.url}/api/email/check?address=${encodeURIComponent(' Hello@Shared.example')}&entity=person&id=new1`, { headers: auth(sales) });
    assert.is(res.status, 200);
    const body = (await res.json()) as { addresses: { address: string; records: { entity: string; id: string; title: string }[]; hidden: number }[] };
    assert.equal(body.addresses, [{ address: 'hello@shared.example', records: [{ entity: 'company', id: 'c-eu', title: 'Paris Paper' }].map((r) => ({ ...r, territoryId: 't-eu' })), hidden: 1 }]);
    // The record being edited does not collide with itself.
    const self = (await (await fetch(`${server.url}/api/email/check?address=hello@shared.example&entity=company&id=c-eu`, { headers: auth(admin) })).json()) as typeof body;
    assert.equal(self.addresses[0]?.records.map((r) => r.id), ['l-na']);
    assert.is((await fetch(`${server.url}/api/email/check`, { headers: auth(sales) })).status, 400);
  } finally {
    await server.close();
  }
});

test('E-mail duplicates: needs the MailChimp integration on and the campaign right; lists every shared address within the user\'s territories', async () => {
  const server = await startServer({ companies: 41 }); // demo leads i = 0, 20, 40 share their main person's address
  try {
    const admin = await signIn(server.url, 'admin');
    const marketing = await signIn(server.url, 'marketing');
    const sales = await signIn(server.url, 'sales');
    const report = (t: string) => fetch(`${server.url}/api/marketing/email-duplicates?limit=50`, { headers: auth(t) });
    const off = await report(marketing);
    assert.is(off.status, 403, 'integration off: refused');
    assert.is(((await off.json()) as Problem).code, 'FC-AUTH-005');
    await setSwitch(server, admin, 'mailchimpEnabled', true);
    assert.is((await report(sales)).status, 403, 'no MailChimp campaign right: refused');
    const all = (await (await report(admin)).json()) as { total: number; addresses: { address: string; records: { entity: string; territoryId: string }[]; hidden: number }[] };
    assert.is(all.total, 3);
    for (const a of all.addresses) {
      assert.equal(a.records.map((r) => r.entity).sort(), ['lead', 'person']);
      assert.is(a.hidden, 0);
    }
    // A manager-like view: rights on Europe only see Europe's holders and are told of the rest (territories rotate eu, na, af…).
    await fetch(`${server.url}/api/admin/profiles/p-sales-eu/features`, { method: 'PUT', headers: auth(admin), body: JSON.stringify({ features: ['mailchimp'] }) });
    const eu = (await (await report(sales)).json()) as typeof all;
    assert.is(eu.total, 3, 'the count of shared addresses is the same for everyone');
    assert.ok(eu.addresses.every((a) => a.records.every((r) => r.territoryId === 't-eu')));
    assert.ok(eu.addresses.some((a) => a.hidden === 2 && a.records.length === 0), 'holders outside the user\'s territories are counted, not shown');
  } finally {
    await server.close();
  }
});

test('742-171455-ENH: offline, the device refuses at once an address another record it holds already uses', async () => {
  const server = await startServer();
  try {
    const admin = await signIn(server.url, 'admin');
    await push(server, admin, 'company', makeDoc('company', { id: 'c-local', name: 'Panoply Ltd', emails: email('info@panoply.example') }));
    let on = false;
    const dev = await openDevice(server.url, admin, { userId: 'u-admin', settings: () => ({ duplicateEmailDetection: on }) });
    try {
      await dev.engine.awaitInitial();
      await waitFor('company on the device', () => dev.repo.get('company', 'c-local'));
      dev.online = false;
      const rec = dev.repo.blank('person', { lastName: 'Offline', emails: email(' INFO@panoply.example ') });
      on = true;
      const refused = await dev.repo.save('person', rec);
      assert.equal(refused.ok ? [] : refused.issues, [{ field: 'emails.0.address', code: 'duplicate-email', detail: 'Panoply Ltd' }]);
      assert.is(await dev.repo.get('person', rec.id), null, 'nothing written');
      on = false;
      const saved = await dev.repo.save('person', rec);
      assert.ok(saved.ok, 'with the rule off it saves');
      assert.equal((await dev.repo.get('person', rec.id))?.emails, [{ type: 'business', address: 'INFO@panoply.example' }], 'kept without the surrounding spaces');
    } finally {
      await dev.close();
    }
  } finally {
    await server.close();
  }
});

test('742-171455-ENH: two devices add the same address offline: the first to reach the server wins, the second gets a rejected change to fix', async () => {
  const server = await startServer();
  try {
    const admin = await signIn(server.url, 'admin');
    await setSwitch(server, admin, 'duplicateEmailDetection', true);
    const on = () => ({ duplicateEmailDetection: true });
    const a = await openDevice(server.url, admin, { userId: 'u-admin', settings: on });
    const b = await openDevice(server.url, admin, { userId: 'u-admin', settings: on });
    try {
      await a.engine.awaitInitial();
      await b.engine.awaitInitial();
      a.online = false;
      b.online = false;
      const ra = await a.repo.save('person', a.repo.blank('person', { lastName: 'First', emails: email('same@offline.example') }));
      const rb = await b.repo.save('lead', b.repo.blank('lead', { description: 'Second', emails: email('SAME@offline.example') }));
      assert.ok(ra.ok && rb.ok, 'each device alone sees no duplicate');
      a.online = true;
      a.engine.resync();
      await waitFor('A landed', async () => (ra.ok ? (await server.store.getByIds('person', [ra.record.id])).length === 1 : false), 10_000);
      b.online = true;
      b.engine.resync();
      const kept = await waitFor('B told', async () => (await b.db.collections.conflict.find().exec()).map((d) => d.toJSON() as unknown as ConflictRecord).find((c) => c.kind === 'rejected'), 10_000);
      assert.is(kept.recordId, rb.ok ? rb.record.id : '');
      assert.equal(JSON.parse(kept.issues).map((i: { code: string }) => i.code), ['duplicate-email']);
      assert.is((await server.store.getByIds('lead', [kept.recordId])).length, 0, 'the second never landed');
    } finally {
      await a.close();
      await b.close();
    }
  } finally {
    await server.close();
  }
});

test.run();
