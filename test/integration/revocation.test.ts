// An administrator signs a user out everywhere: the device stops syncing at once and keeps its unsynced changes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { openDevice, waitFor } from '../helpers/client.ts';
import { hashToken } from '../../sync-server/auth/sessions.ts';
import { signIn, startServer } from '../helpers/server.ts';

test('revoking a user ends their live stream at once; their waiting changes stay on the device', async () => {
  const server = await startServer({ companies: 3 });
  try {
    const adminToken = await signIn(server.url, 'admin');
    const sales = await openDevice(server.url, await signIn(server.url, 'sales'), { userId: 'u-sales' });
    await sales.engine.awaitInitial();
    await waitFor('stream up', () => sales.engine.status.value.online);
    sales.online = false;
    const c = (await sales.repo.get('company', 'c00000'))!;
    await sales.repo.save('company', { ...c, industry: 'Waiting' });
    sales.online = true;

    const started = Date.now();
    const res = await fetch(`${server.url}/api/admin/users/u-sales/revoke-sessions`, { method: 'POST', headers: { authorization: `Bearer ${adminToken}` } });
    assert.equal(await res.json(), { revoked: 1 });
    await waitFor('device signed out', () => sales.engine.status.value.signedOut, 3000);
    assert.ok(Date.now() - started < 3000);
    sales.engine.resync();
    await new Promise((r) => setTimeout(r, 500));
    assert.is(sales.pending.count, 1, 'the change still waits on the device');
    assert.is((await sales.repo.get('company', 'c00000'))?.industry, 'Waiting');
    assert.is.not((await server.store.getByIds('company', ['c00000']))[0]!.industry, 'Waiting');

    const other = await fetch(`${server.url}/api/admin/users/u-sales/revoke-sessions`, { method: 'POST', headers: { authorization: `Bearer ${await signIn(server.url, 'sales')}` } });
    assert.is(other.status, 403, 'only an administrator may revoke');
    await sales.close();
  } finally {
    await server.close();
  }
});

test('a session past its idle timeout ends its open live stream too (an open stream is no use); the device keeps its waiting changes', async () => {
  const server = await startServer({ companies: 3, streamSessionCheckMs: 200 });
  try {
    const token = await signIn(server.url, 'sales');
    const sales = await openDevice(server.url, token, { userId: 'u-sales' });
    await sales.engine.awaitInitial();
    await waitFor('stream up', () => sales.engine.status.value.online);
    sales.online = false;
    const c = (await sales.repo.get('company', 'c00000'))!;
    assert.ok((await sales.repo.save('company', { ...c, industry: 'Typed before the timeout' })).ok);
    // The phone lies in a drawer with the app open: no request for 13 hours (the default timeout is 12).
    await server.store.touchSession(hashToken(token), new Date(Date.now() - 13 * 3_600_000).toISOString());
    await waitFor('device signed out', () => sales.engine.status.value.signedOut, 3000);
    sales.online = true;
    assert.is(sales.pending.count, 1, 'the change still waits on the device');
    assert.is((await sales.repo.get('company', 'c00000'))?.industry, 'Typed before the timeout');
    assert.is.not((await server.store.getByIds('company', ['c00000']))[0]!.industry, 'Typed before the timeout');
    await sales.close();
  } finally {
    await server.close();
  }
});

test.run();
