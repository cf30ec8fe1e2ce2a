// Pushes are idempotent: a push whose response is lost after the write committed, then retried, applies once.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EVERYWHERE } from '../helpers/docs.ts';
import { openDevice, waitFor } from '../helpers/client.ts';
import { signIn, startServer } from '../helpers/server.ts';

test('a push whose response was lost is retried and does not apply twice', async () => {
  const server = await startServer({ companies: 2 });
  const token = await signIn(server.url, 'admin');
  let dropped = 0;
  let pushes = 0;
  // The request reaches the server and commits; the device never hears back, like a connection cut mid-answer.
  const lossy: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    if (String(input).includes('/push')) {
      pushes++;
      if (dropped === 0) {
        dropped++;
        throw new TypeError('network connection lost');
      }
    }
    return res;
  };
  const device = await openDevice(server.url, token, { fetch: lossy });
  await device.engine.awaitInitial();
  const changes: number[] = [];
  server.bus.subscribe((e) => changes.push(e.seq));

  const rec = device.repo.blank('company', { name: 'Once Only Ltd' });
  await device.repo.save('company', rec);
  await waitFor('push retried and confirmed', () => device.pending.count === 0, 8000);

  assert.ok(pushes >= 2, 'the push was sent again after the lost answer');
  assert.is(changes.length, 1, 'the server wrote the record once');
  const page = await server.store.pull('company', 0, 100, EVERYWHERE);
  assert.is(page.documents.filter((d) => d.name === 'Once Only Ltd').length, 1);
  await device.close();
  await server.close();
});

test.run();
