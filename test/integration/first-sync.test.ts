// A fresh device's first sync stores the server's pages directly (pwa/db/first-sync.ts): what must still hold
// afterwards, through RxDB's replication, against the real server on a temporary SQLite.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { REPLICATED } from '../../shared/entities/index.ts';
import { readPullAnswer, SYNC_PATHS, type PullAnswer, type PushResponse, type WireDoc } from '../../shared/sync.ts';
import { isUnchangedFromServer } from '../../pwa/db/rxdb-internals.ts';
import { openDevice, waitFor, type TestDevice } from '../helpers/client.ts';
import { MemoryKeyValue } from '../../pwa/db/pending.ts';
import { signIn, startServer, type TestServer } from '../helpers/server.ts';

async function pushAs(url: string, token: string, rows: { assumedMasterState: WireDoc | null; newDocumentState: WireDoc }[]): Promise<PushResponse> {
  const res = await fetch(`${url}${SYNC_PATHS.push('company')}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(rows) });
  assert.is(res.status, 200, await res.clone().text());
  return (await res.json()) as PushResponse;
}

async function serverCompany(server: TestServer, id: string): Promise<WireDoc> {
  const [doc] = await server.store.getByIds('company', [id]);
  assert.ok(doc, `company ${id} on the server`);
  return doc as WireDoc;
}

/** Counts the documents each pull answer carried, per collection, and can hold a collection's pulls after the first `after` pages. */
function countingFetch() {
  const fetched: Record<string, number> = {};
  const hold = { collection: '', after: Infinity, pages: 0, gate: null as Promise<void> | null, open: (): void => undefined };
  const f: typeof fetch = async (input, init) => {
    const url = String(input);
    const m = /\/sync\/(\w+)\/pull/.exec(url);
    if (m && m[1] === hold.collection && hold.pages++ >= hold.after) {
      hold.gate ??= new Promise<void>((r) => (hold.open = r));
      await hold.gate;
    }
    const res = await fetch(input, init);
    if (m && res.ok) fetched[m[1]!] = (fetched[m[1]!] ?? 0) + readPullAnswer((await res.clone().json()) as PullAnswer).documents.length;
    return res;
  };
  return { fetch: f, fetched, hold };
}

/** The server's newest change sequence (one sequence across all collections). */
async function newestSeq(server: TestServer): Promise<number> {
  let seq = 0;
  for (const e of REPLICATED) seq = Math.max(seq, (await server.store.pull(e, 0, 100_000, { kind: 'everyone' })).lastSeq);
  return seq;
}

const stored = async (d: TestDevice, id: string): Promise<Record<string, unknown>> => {
  const [doc] = await d.db.collections.company.storageInstance.findDocumentsById([id], false);
  assert.ok(doc, `company ${id} on the device`);
  return doc as unknown as Record<string, unknown>;
};

const hashOf = (d: TestDevice, url: string): Promise<string> => Promise.resolve(d.db.hashFunction(`rxdbreplication${'fieldcrm-company-'}${url}`));

/** A server with 30 companies and a device whose first sync has stored two pages of 7 and waits for the third. */
async function midFirstSync(opts: { instance?: string } = {}) {
  const server = await startServer({ companies: 30 });
  const token = await signIn(server.url, 'admin');
  const net = countingFetch();
  net.hold.collection = 'company';
  net.hold.after = 2;
  const a = await openDevice(server.url, token, { userId: 'u-admin', fetch: net.fetch, pullBatchSize: 7, ...opts });
  await waitFor('two company pages stored, the third held', async () => net.hold.gate !== null && (await a.db.collections.company.count().exec()) === 14);
  return { server, token, net, a };
}

test('a fresh device stores every record once, marked as the server state, and later server changes still arrive', async () => {
  const server = await startServer({ companies: 30 });
  const token = await signIn(server.url, 'admin');
  const net = countingFetch();
  const a = await openDevice(server.url, token, { userId: 'u-admin', fetch: net.fetch, pullBatchSize: 7 });
  try {
    await a.engine.awaitInitial();
    assert.is(await a.db.collections.company.count().exec(), 30);
    // Each record was fetched once: the replication that takes over starts after the first sync's pages.
    assert.is(net.fetched.company, 30);
    const first = await stored(a, 'c00003');
    assert.ok(isUnchangedFromServer(first, await hashOf(a, server.url)), 'stored as the server state');
    assert.ok(a.engine.status.value.ready);
    assert.is(a.engine.status.value.progress, 1);

    // RxDB keeps no assumed master for it, yet a newer server state replaces it.
    const master = await serverCompany(server, 'c00003');
    const other = await signIn(server.url, 'admin');
    await pushAs(server.url, other, [{ assumedMasterState: master, newDocumentState: { ...master, name: 'Renamed on the server' } }]);
    await waitFor('the rename on the device', async () => (await a.repo.get('company', 'c00003'))?.name === 'Renamed on the server');
    // RxDB's pull wrote it and keeps a row for it now: an edit needs no kept base any more.
    assert.not.ok(isUnchangedFromServer(await stored(a, 'c00003'), await hashOf(a, server.url)));
    // And a deletion on the server removes it.
    const renamed = await serverCompany(server, 'c00003');
    await pushAs(server.url, other, [{ assumedMasterState: renamed, newDocumentState: { ...renamed, _deleted: true } }]);
    await waitFor('the deletion on the device', async () => (await a.repo.get('company', 'c00003')) === null);
  } finally {
    await a.close();
    await server.close();
  }
});

test('an edit of a first-synced record carries its base: the server merges it with a change made meanwhile, no conflict', async () => {
  const server = await startServer({ companies: 5 });
  const token = await signIn(server.url, 'admin');
  const a = await openDevice(server.url, token, { userId: 'u-admin' });
  try {
    await a.engine.awaitInitial();
    a.online = false;
    // Someone else changes the industry while the device, offline, changes the website.
    const master = await serverCompany(server, 'c00001');
    await pushAs(server.url, await signIn(server.url, 'admin'), [{ assumedMasterState: master, newDocumentState: { ...master, industry: 'Changed by a colleague' } }]);
    const r = await a.repo.update('company', 'c00001', { website: 'https://edited-offline.example' });
    assert.ok(r.ok);
    a.online = true;
    a.engine.resync();
    await waitFor('the edit on the server', async () => (await serverCompany(server, 'c00001')).website === 'https://edited-offline.example');
    const merged = await serverCompany(server, 'c00001');
    assert.is(merged.industry, 'Changed by a colleague', "the colleague's change stands: the edit was merged, not taken as a create");
    await waitFor('the device has both changes', async () => (await a.repo.get('company', 'c00001'))?.industry === 'Changed by a colleague');
    await waitFor('nothing pending', () => a.pending.count === 0);
    assert.is((await server.store.pull('conflict', 0, 100, { kind: 'everyone' })).documents.length, 0, 'no conflict was recorded');
    // The base is gone once the push settled; a second edit goes up with RxDB's own assumed master.
    await a.repo.update('company', 'c00001', { website: 'https://second.example' });
    await waitFor('the second edit on the server', async () => (await serverCompany(server, 'c00001')).website === 'https://second.example');
    assert.is((await serverCompany(server, 'c00001')).industry, 'Changed by a colleague');
  } finally {
    await a.close();
    await server.close();
  }
});

test('records written during the first sync are pushed, and the pages stored around them are not', async () => {
  const { server, net, a } = await midFirstSync();
  try {
    const seqBefore = await newestSeq(server);
    const created = a.repo.blank('company', { name: 'Created during the first sync' });
    assert.ok((await a.repo.save('company', created)).ok);
    const early = 'c00000';
    await stored(a, early); // from the first page
    assert.ok((await a.repo.update('company', early, { website: 'https://during.example' })).ok);
    net.hold.open();
    await a.engine.awaitInitial();
    await a.engine.awaitInSync();
    await waitFor('the new company on the server', async () => (await server.store.getByIds('company', [created.id])).length === 1);
    await waitFor('the edit on the server', async () => (await serverCompany(server, early)).website === 'https://during.example');
    await waitFor('nothing pending', () => a.pending.count === 0);
    assert.is(await a.db.collections.company.count().exec(), 31);
    // Two writes reached the server, not the 16 records stored after the first local write.
    const since = await server.store.pull('company', seqBefore, 1000, { kind: 'everyone' });
    assert.is(since.documents.length, 2);
    assert.is((await server.store.pull('conflict', 0, 100, { kind: 'everyone' })).documents.length, 0);
  } finally {
    await a.close();
    await server.close();
  }
});

test('a record the server changes or deletes during the first sync ends in its newest state', async () => {
  const { server, net, a } = await midFirstSync();
  try {
    const other = await signIn(server.url, 'admin');
    const renamed = await serverCompany(server, 'c00000');
    await pushAs(server.url, other, [{ assumedMasterState: renamed, newDocumentState: { ...renamed, name: 'Renamed during the sync' } }]);
    const gone = await serverCompany(server, 'c00001');
    await pushAs(server.url, other, [{ assumedMasterState: gone, newDocumentState: { ...gone, _deleted: true } }]);
    net.hold.open();
    await a.engine.awaitInitial();
    assert.is((await a.repo.get('company', 'c00000'))?.name, 'Renamed during the sync');
    assert.is(await a.repo.get('company', 'c00001'), null);
    assert.is(await a.db.collections.company.count().exec(), 29);
    // Still the server's own: a later pull replaces it, and nothing was pushed back.
    assert.ok(isUnchangedFromServer(await stored(a, 'c00000'), await hashOf(a, server.url)));
    await waitFor('nothing pending', () => a.pending.count === 0);
  } finally {
    await a.close();
    await server.close();
  }
});

test('a first sync stopped half-way goes on from its last stored page (at most one page fetched again)', async () => {
  const instance = `-resume-${Date.now()}`;
  const { server, token, net: first, a } = await midFirstSync({ instance });
  await a.close(); // the tab is closed while the third page is on its way
  first.hold.open();
  const again = countingFetch();
  const b = await openDevice(server.url, token, { userId: 'u-admin', fetch: again.fetch, pullBatchSize: 7, instance });
  try {
    await b.engine.awaitInitial();
    assert.is(await b.db.collections.company.count().exec(), 30);
    assert.ok((again.fetched.company ?? 0) <= 30 - 14 + 7, `fetched ${again.fetched.company} of which at most one page again`);
    // Nothing was pushed: the device's records are all the server's own.
    const before = await newestSeq(server);
    await b.engine.awaitInSync();
    assert.is(await newestSeq(server), before);
  } finally {
    await b.close();
    await server.close();
  }
});

test('a fresh device asks for its first pages while its database opens and uses them; a device that synced asks for none', async () => {
  const server = await startServer({ companies: 30 });
  const token = await signIn(server.url, 'admin');
  const asked: string[] = [];
  const logging: typeof fetch = (input, init) => {
    if (/\/pull\?/.test(String(input))) asked.push(String(input).replace(/^https?:\/\/[^/]+/, ''));
    return fetch(input, init);
  };
  const instance = `-early-${Date.now()}`;
  /** Opens the device on the same database with these notes (the app's localStorage), runs `check`, closes it. */
  const start = async (keyValue: MemoryKeyValue, check: (d: TestDevice) => Promise<void>): Promise<void> => {
    asked.length = 0;
    const d = await openDevice(server.url, token, { userId: 'u-admin', fetch: logging, pullBatchSize: 7, instance, keyValue });
    try {
      await check(d);
    } finally {
      await d.close();
    }
  };
  const earlyPages = (): string[] => asked.filter((u) => u.includes('fit=1'));
  try {
    const kept = new MemoryKeyValue();
    await start(kept, async (a) => {
      // Asked before open() returned, that is before the collections existed.
      for (const e of REPLICATED) assert.ok(asked.some((u) => u.startsWith(`/sync/${e}/pull?seq=0&`) && u.includes('fit=1')), `${e}: first page asked early`);
      await a.engine.awaitInitial();
      assert.is(await a.db.collections.company.count().exec(), 30);
      for (const e of REPLICATED) assert.is(asked.filter((u) => u.startsWith(`/sync/${e}/pull?seq=0&`) && u.includes('fit=1')).length, 1, `${e}: the early page is the first sync's, not asked again`);
      assert.ok(asked.every((u) => u.includes('form=columns')), 'pages come as columns');
    });
    await start(kept, async (b) => {
      await b.engine.awaitInitial();
      assert.is(await b.db.collections.company.count().exec(), 30);
      assert.equal(earlyPages(), [], 'no first-sync page on a synced device');
      // As on a device synced before first syncs existed: RxDB's replication owns the collection (no first-sync state).
      await (await b.db.getLocal('first-sync-company'))?.remove();
    });
    // Its notes lost (storage cleared, or never written): one start wastes an early page per collection and writes
    // them again, so the next start asks for none, the collection RxDB owns included.
    const cleared = new MemoryKeyValue();
    for (const round of [1, 2]) {
      await start(cleared, async (c) => {
        await c.engine.awaitInitial();
        assert.is(await c.db.collections.company.count().exec(), 30);
        assert.is(earlyPages().length, round === 1 ? REPLICATED.length : 0, `start ${round}: ${earlyPages().join(' ')}`);
      });
    }
  } finally {
    await server.close();
  }
});

test.run();
