// An answer that never comes (a mobile link that stalls with no reset) must not hold a collection's sync: the request
// is given up after the deadline and sent again (docs/decisions/0059). Found by the chaos simulation under load (seed
// 70000): one push whose answer never reached the device held every later note of that device for the whole run.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SYNC_PATHS, type PushResponse, type WireDoc } from '../../shared/sync.ts';
import { openDevice, waitFor, type TestDevice } from '../helpers/client.ts';
import { signIn, startServer, type TestServer } from '../helpers/server.ts';

/** A fetch that, when armed, lets the next matching request reach the server and then never delivers its answer. */
function stallingFetch() {
  const armed = { push: false, pull: false };
  const stalled = { push: 0, pull: 0 };
  const f: typeof fetch = async (input, init) => {
    const url = String(input);
    const kind = url.includes('/company/push') ? 'push' : url.includes('/company/pull') ? 'pull' : null;
    const res = await fetch(input, init);
    if (kind && armed[kind]) {
      armed[kind] = false;
      stalled[kind]++;
      await res.body?.cancel();
      // The server took the request; its body never comes, and reading it ignores any abort signal.
      return new Response(new ReadableStream<Uint8Array>({ start: () => undefined }), { status: 200, headers: { 'content-type': 'application/json' } });
    }
    return res;
  };
  return { fetch: f, armed, stalled };
}

async function pushAs(url: string, token: string, rows: { assumedMasterState: WireDoc | null; newDocumentState: WireDoc }[]): Promise<PushResponse> {
  const res = await fetch(`${url}${SYNC_PATHS.push('company')}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(rows) });
  assert.is(res.status, 200, await res.clone().text());
  return (await res.json()) as PushResponse;
}

async function rig(): Promise<{ server: TestServer; device: TestDevice; net: ReturnType<typeof stallingFetch>; id: string; other: string }> {
  const server = await startServer({ companies: 2 });
  const token = await signIn(server.url, 'admin');
  const other = await signIn(server.url, 'manager');
  const net = stallingFetch();
  const device = await openDevice(server.url, token, { fetch: net.fetch, userId: 'u-admin', requestTimeoutMs: 800 });
  await device.engine.awaitInitial();
  await device.engine.awaitInSync();
  const [first] = (await server.store.pull('company', 0, 1, { kind: 'everyone' })).documents;
  return { server, device, net, id: String(first!.id), other };
}

test('a push whose answer stalls is given up and sent again: that edit and the ones after it reach the server', async () => {
  const { server, device, net, id } = await rig();
  try {
    net.armed.push = true;
    await device.repo.update('company', id, { website: 'https://stalled.example' });
    await waitFor('the push reached the server and its answer stalled', () => net.stalled.push === 1);
    await device.repo.update('company', id, { industry: 'Written after the stall' });
    await waitFor(
      'the server holds both edits',
      async () => {
        const [doc] = await server.store.getByIds('company', [id]);
        return doc?.website === 'https://stalled.example' && doc.industry === 'Written after the stall';
      },
      15_000,
    );
    await device.engine.awaitInSync();
    await waitFor('nothing counted as waiting', () => device.pending.count === 0);
    // The first push went through twice (taken, then sent again): the server saw the same state, no conflict is kept.
    const conflicts = (await server.store.pull('conflict', 0, 100, { kind: 'owner', ownerId: 'u-admin' })).documents.filter((c) => c.recordId === id);
    assert.equal(conflicts, []);
  } finally {
    await device.close();
    await server.close();
  }
});

test('a pull whose answer stalls is given up and asked again: a colleague’s change still arrives', async () => {
  const { server, device, net, id, other } = await rig();
  try {
    net.armed.pull = true;
    const [now] = await server.store.getByIds('company', [id]);
    await pushAs(server.url, other, [{ assumedMasterState: now as WireDoc, newDocumentState: { ...(now as WireDoc), name: 'Renamed While Stalled' } }]);
    await waitFor('a pull stalled', () => net.stalled.pull === 1, 10_000);
    await waitFor('the rename reached the device', async () => (await device.repo.get('company', id))?.name === 'Renamed While Stalled', 15_000);
  } finally {
    await device.close();
    await server.close();
  }
});

test('a live stream that goes silent is opened again: a colleague’s change arrives without waiting for the safety pull', async () => {
  const server = await startServer({ companies: 2 });
  const token = await signIn(server.url, 'admin');
  const other = await signIn(server.url, 'manager');
  let streams = 0;
  // The first stream says hello, then nothing ever again (no ping, no close, no error): the link died silently.
  const f: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    if (!String(input).includes('/sync/stream') || streams++ > 0 || !res.body) return res;
    const reader = res.body.getReader();
    const body = new ReadableStream<Uint8Array>({
      async start(ctl) {
        let seen = '';
        while (!seen.includes('event: hello')) {
          const { done, value } = await reader.read();
          if (done || !value) break;
          seen += new TextDecoder().decode(value);
          ctl.enqueue(value);
        }
        await reader.cancel();
      },
    });
    return new Response(body, { status: res.status, headers: res.headers });
  };
  const device = await openDevice(server.url, token, { fetch: f, userId: 'u-admin', streamSilenceMs: 1500 });
  try {
    await device.engine.awaitInitial();
    await device.engine.awaitInSync();
    const [now] = (await server.store.pull('company', 0, 1, { kind: 'everyone' })).documents;
    const id = String(now!.id);
    await pushAs(server.url, other, [{ assumedMasterState: now as WireDoc, newDocumentState: { ...(now as WireDoc), name: 'Renamed On A Dead Stream' } }]);
    await waitFor('the rename reached the device', async () => (await device.repo.get('company', id))?.name === 'Renamed On A Dead Stream', 10_000);
    assert.ok(streams >= 2, 'the stream was opened again');
  } finally {
    await device.close();
    await server.close();
  }
});

test.run();
