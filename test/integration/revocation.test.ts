// An administrator signs a user out everywhere: the device stops syncing at once and keeps its unsynced changes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { openDevice, waitFor } from '../helpers/client.ts';
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

test.run();
