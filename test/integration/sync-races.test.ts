// Orderings of a device's own push and a pull that once lost a newer server state (found by the chaos simulation,
// seed 202): each is forced here with a fetch that holds answers back, so the race runs the same way every time.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SYNC_PATHS, type PushResponse, type WireDoc } from '../../shared/sync.ts';
import { openDevice, waitFor } from '../helpers/client.ts';
import { signIn, startServer } from '../helpers/server.ts';

/** A fetch that can hold the next company pull before it is sent, and the next company push answer after the server took it. */
function holdingFetch() {
  const gates = { pull: null as (() => void) | null, push: null as (() => void) | null };
  const armed = { pull: false, push: false };
  const f: typeof fetch = async (input, init) => {
    const url = String(input);
    if (url.includes('/company/pull') && armed.pull) {
      armed.pull = false;
      await new Promise<void>((r) => (gates.pull = r));
    }
    const res = await fetch(input, init);
    if (url.includes('/company/push') && armed.push) {
      armed.push = false;
      await new Promise<void>((r) => (gates.push = r));
    }
    return res;
  };
  const release = (k: 'pull' | 'push'): void => {
    armed[k] = false;
    const r = gates[k];
    gates[k] = null;
    r?.();
  };
  return { fetch: f, armed, gates, release };
}

type Closable = { close(): Promise<void> };

/**
 * Runs a test body and closes what it opened (`keep`) whatever happened: a failed test that left its device open kept
 * the process alive (CI stopped it after 20 minutes) and, run with other files, a later device hit RxDB's collection cap.
 */
async function cleanly(body: (keep: <T extends Closable>(x: T) => T) => Promise<void>): Promise<void> {
  const open: Closable[] = [];
  try {
    await body((x) => (open.push(x), x));
  } finally {
    for (const x of open.reverse()) await within(10_000, 'closing', x.close()).catch(() => undefined);
  }
}

/** Fails the test instead of hanging it: a wait that never ends (a sync that cannot settle) is a finding, not a stuck suite. */
function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([p, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: not done in ${ms} ms`)), ms))).finally(() => clearTimeout(timer))]);
}

/**
 * The user's write, made while RxDB settles an answer: started from inside its conflict handler, but on the next turn
 * of the event loop and not waited for there. Waiting inside the handler (RxDB's upstream) for a write that needs
 * RxDB's own queue deadlocked the test twice on a clean clone; the app's conflict handler writes nothing, and a user's
 * write always comes from outside RxDB.
 */
function writeWhileSettling(write: () => Promise<unknown>): { done: Promise<unknown> } {
  return { done: new Promise((r) => setTimeout(r, 0)).then(write) };
}

async function pushAs(url: string, token: string, rows: { assumedMasterState: WireDoc | null; newDocumentState: WireDoc }[]): Promise<PushResponse> {
  const res = await fetch(`${url}${SYNC_PATHS.push('company')}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(rows) });
  assert.is(res.status, 200, await res.clone().text());
  return (await res.json()) as PushResponse;
}

test('a change pulled while the device own push of that record waits for its answer is not lost (device and server agree)', () =>
  cleanly(async (keep) => {
    const server = keep(await startServer({ companies: 2 }));
    const token = await signIn(server.url, 'admin');
    const other = await signIn(server.url, 'admin');
    const net = holdingFetch();
    const device = keep(await openDevice(server.url, token, { fetch: net.fetch, userId: 'u-admin' }));
    await device.engine.awaitInitial();
    const [before] = (await server.store.pull('company', 0, 1, { kind: 'everyone' })).documents;
    assert.ok(before);
    const id = String(before.id);

    // A pull starts (nothing is being pushed, so RxDB lets it) but reaches the server only later.
    net.armed.pull = true;
    device.engine.resync();
    await waitFor('a pull is on its way', () => net.gates.pull !== null);
    // The device edits the website; the server takes the push at once (T1), the device does not hear back yet.
    net.armed.push = true;
    await device.repo.update('company', id, { website: 'https://mine.example' });
    await waitFor('the push reached the server and its answer is held', () => net.gates.push !== null);
    // Someone else renames the company (T2); then the pull reaches the server (T3) and brings the rename to the
    // device while its own push, answered at T1, is still being settled.
    const [now] = await server.store.getByIds('company', [id]);
    await pushAs(server.url, other, [{ assumedMasterState: now as WireDoc, newDocumentState: { ...(now as WireDoc), name: 'Renamed Elsewhere Ltd' } }]);
    net.release('pull');
    await new Promise((r) => setTimeout(r, 300));
    net.release('push');
    await device.engine.awaitInSync();
    await waitFor(
      'the device holds the rename and its own website',
      async () => {
        const doc = await device.repo.get('company', id);
        return doc?.name === 'Renamed Elsewhere Ltd' && doc.website === 'https://mine.example';
      },
      5000,
    );
    const [fin] = await server.store.getByIds('company', [id]);
    assert.is(fin?.name, 'Renamed Elsewhere Ltd');
    assert.is(fin?.website, 'https://mine.example');
  }),
);

test('a write that lands while RxDB settles a first-synced record\'s conflict answer still goes up on its base (no spurious conflicts, nothing undone)', () =>
  cleanly(async (keep) => {
    // Issue 16, suspected while chasing the chaos losses under load. A first-synced record has no RxDB meta row: its
    // first push carries the base the device kept (EditBases), dropped once the answer is settled. When that answer is
    // a merged master and the user writes again while RxDB settles it, RxDB cannot write the resolution (409) nor a meta
    // row; the next push must still carry the base, or the server takes every field that differs from an empty record
    // as a claim (a colleague's rename comes back as a conflict the user never made). Forced here: the write happens
    // inside the conflict handler, then the network drops so that push is sent again later.
    const server = keep(await startServer({ companies: 2 }));
    const token = await signIn(server.url, 'admin');
    const other = await signIn(server.url, 'manager');
    const net = holdingFetch();
    const device = keep(await openDevice(server.url, token, { fetch: net.fetch, userId: 'u-admin' }));
    await device.engine.awaitInitial();
    await device.engine.awaitInSync();
    const [before] = (await server.store.pull('company', 0, 1, { kind: 'everyone' })).documents;
    assert.ok(before);
    const id = String(before.id);
    const oldName = String(before.name);

    // A colleague renames the company; the device has not pulled it yet when its user edits the website. The live
    // stream would fetch the rename at once and there would be no conflict to settle: the next pull waits until then.
    net.armed.pull = true;
    const [now] = await server.store.getByIds('company', [id]);
    await pushAs(server.url, other, [{ assumedMasterState: now as WireDoc, newDocumentState: { ...(now as WireDoc), name: 'Renamed By Dan' } }]);
    // The user writes again just as RxDB settles the answer (a merged master: the rename plus the website), after the
    // push handler has returned: with IndexedDB (or a slow hash) that moment is real; here it is forced.
    const handler = device.db.collections.company.conflictHandler;
    const resolve = handler.resolve.bind(handler);
    let wrote = false;
    let written: Promise<unknown> = Promise.resolve();
    handler.resolve = async (input, context) => {
      if (!wrote) {
        wrote = true;
        written = writeWhileSettling(() => device.repo.update('company', id, { industry: 'Written while waiting' })).done;
        // The network drops for a moment: that push is sent again a little later (as it would be under load anyway).
        device.online = false;
      }
      return resolve(input, context);
    };
    await device.repo.update('company', id, { website: 'https://first.example' });
    await waitFor('the answer was settled with a write in between', () => wrote);
    await within(10_000, 'the write made while RxDB settled', written);
    net.release('pull');
    await new Promise((r) => setTimeout(r, 500));
    device.online = true;
    device.engine.resync();
    await within(20_000, 'the device in sync', device.engine.awaitInSync());
    await waitFor(
      'the server holds the rename and both edits',
      async () => {
        const [fin] = await server.store.getByIds('company', [id]);
        return fin?.name === 'Renamed By Dan' && fin.website === 'https://first.example' && fin.industry === 'Written while waiting';
      },
      5000,
    );
    await waitFor('the device holds them too', async () => (await device.repo.get('company', id))?.name === 'Renamed By Dan', 5000);
    // The user changed the website and the industry only: no conflict about the name (nor anything else) is kept.
    const conflicts = (await server.store.pull('conflict', 0, 100, { kind: 'owner', ownerId: 'u-admin' })).documents.filter((c) => c.recordId === id);
    assert.equal(
      conflicts.map((c) => `${String(c.kind)} ${String(c.field)} ${String(c.mine)}`),
      [],
      `the old name ${oldName} came back as the user's conflict`,
    );
  }),
);

test('a create sent again after its answer was lost, landing on the record deleted meanwhile, is kept for its author', () =>
  cleanly(async (keep) => {
    // Issue 16, the chaos finding "C pushed _deleted = false, the server answered true, and nothing keeps it": a row with
    // no assumed state (a create whose answer was lost, sent again) met a deletion made since; the server merged it into
    // the tombstone (against an empty base, `_deleted` looked unchanged) and kept nothing. Since decision 0015 the
    // deletion stands and the author's record is kept as a `deleted` conflict.
    const server = keep(await startServer({ companies: 2 }));
    const token = await signIn(server.url, 'sales');
    const [some] = (await server.store.pull('company', 0, 1, { kind: 'everyone' })).documents;
    assert.ok(some);
    const created = { ...(some as WireDoc), id: 'kretried1', name: 'Created In The Car Park', territoryId: 't-eu', _deleted: false } as WireDoc;
    assert.equal((await pushAs(server.url, token, [{ assumedMasterState: null, newDocumentState: created }])).conflicts, []);
    // The answer never reached the device. The same user deletes the record on another device.
    const [stored] = await server.store.getByIds('company', [created.id]);
    assert.equal((await pushAs(server.url, token, [{ assumedMasterState: stored as WireDoc, newDocumentState: { ...(stored as WireDoc), _deleted: true } }])).conflicts, []);
    // The first device sends its create again.
    const again = await pushAs(server.url, token, [{ assumedMasterState: null, newDocumentState: created }]);
    assert.is(again.conflicts[0]?._deleted, true);
    const kept = (await server.store.pull('conflict', 0, 100, { kind: 'owner', ownerId: 'u-sales' })).documents.filter((c) => c.recordId === created.id);
    assert.equal(kept.map((c) => c.kind), ['deleted']);
    assert.is((JSON.parse(String(kept[0]?.mine)) as WireDoc)._deleted, false);
  }),
);

// Issue 16, the chaos finding "B moved it; no push ever carried the move": not reproduced yet. These pin the orderings
// suspected first: a move (alone, or after an edit) written while RxDB settles a conflict answer of the same record, on
// a first-synced record (no RxDB meta row) and on one RxDB has synced itself. The move must reach the server.
for (const [synced, inHandler] of [[false, 'move'], [true, 'edit-then-move']] as const) {
  test(`a move written while RxDB settles a conflict answer goes up (${synced ? 'a record RxDB synced' : 'a first-synced record'}, ${inHandler})`, () =>
    cleanly(async (keep) => {
      const server = keep(await startServer({ companies: 3 }));
      const token = await signIn(server.url, 'admin');
      const other = await signIn(server.url, 'manager');
      const net = holdingFetch();
      const device = keep(await openDevice(server.url, token, { fetch: net.fetch, userId: 'u-admin' }));
      await device.engine.awaitInitial();
      await device.engine.awaitInSync();
      const docs = (await server.store.pull('company', 0, 10, { kind: 'everyone' })).documents.filter((d) => d.territoryId === 't-eu' || d.territoryId === 't-na');
      const before = docs[0]!;
      const id = String(before.id);
      const target = before.territoryId === 't-eu' ? 't-na' : 't-eu';
      if (synced) {
        await device.repo.update('company', id, { industry: 'Synced once' });
        await device.engine.awaitInSync();
        await waitFor('synced', async () => (await server.store.getByIds('company', [id]))[0]?.industry === 'Synced once');
      }
      // The rename must still be unknown to the device when its user edits the website (else there is no conflict
      // answer to settle, and nothing to race): the live stream's pull waits until the answer is settled.
      net.armed.pull = true;
      const [now] = await server.store.getByIds('company', [id]);
      await pushAs(server.url, other, [{ assumedMasterState: now as WireDoc, newDocumentState: { ...(now as WireDoc), name: 'Renamed By Dan' } }]);
      const handler = device.db.collections.company.conflictHandler;
      const resolve = handler.resolve.bind(handler);
      let wrote = false;
      let written: Promise<unknown> = Promise.resolve();
      handler.resolve = async (input, context) => {
        if (!wrote) {
          wrote = true;
          written = writeWhileSettling(async () => {
            if (inHandler === 'edit-then-move') await device.repo.update('company', id, { industry: 'While waiting' });
            await device.repo.update('company', id, { territoryId: target });
          }).done;
        }
        return resolve(input, context);
      };
      await device.repo.update('company', id, { website: 'https://first.example' });
      await waitFor('answer settled', () => wrote, 10000);
      await within(10_000, 'the writes made while RxDB settled', written);
      net.release('pull');
      await new Promise((r) => setTimeout(r, 300));
      device.engine.resync();
      await within(20_000, 'the device in sync', device.engine.awaitInSync());
      await new Promise((r) => setTimeout(r, 1500));
      await within(20_000, 'the device in sync again', device.engine.awaitInSync());
      const [fin] = await server.store.getByIds('company', [id]);
      const local = await device.repo.get('company', id);
      assert.is(fin?.territoryId, target, `server ${fin?.territoryId}, device ${local?.territoryId}`);
      assert.is(local?.territoryId, target);
      assert.is(fin?.name, 'Renamed By Dan');
    }),
  );
}

test.run();
