// Two devices (the PWA's own sync code in Node) against the real server on a temporary SQLite.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { openDevice, waitFor, type TestDevice } from '../helpers/client.ts';
import { signIn, startServer, type TestServer } from '../helpers/server.ts';

const t = suite<{ server: TestServer; a: TestDevice; b: TestDevice }>('sync between two devices');

t.before.each(async (ctx) => {
  ctx.server = await startServer({ companies: 5 });
  const token = await signIn(ctx.server.url, 'admin');
  ctx.a = await openDevice(ctx.server.url, token, { userId: 'u-admin' });
  ctx.b = await openDevice(ctx.server.url, token, { userId: 'u-admin' });
  await ctx.a.engine.awaitInitial();
  await ctx.b.engine.awaitInitial();
});
t.after.each(async ({ server, a, b }) => {
  await a.close();
  await b.close();
  await server.close();
});

t('the first sync brings the demo records and reports it is ready', async ({ a }) => {
  assert.is(await a.db.collections.company.count().exec(), 5);
  await waitFor('ready', () => a.engine.status.value.ready);
  assert.is(a.engine.status.value.progress, 1);
});

t('a company created on A arrives on B through the live stream', async ({ a, b }) => {
  const rec = a.repo.blank('company', { name: 'Gatecom Live' });
  const res = await a.repo.save('company', rec);
  assert.ok(res.ok);
  const got = await waitFor('company on B', () => b.repo.get('company', rec.id));
  assert.is(got.name, 'Gatecom Live');
  assert.is(got.updatedBy, 'u-admin');
  await waitFor('A has nothing pending', () => a.pending.count === 0);
});

t('edits made offline go up when the device reconnects', async ({ a, b, server }) => {
  a.online = false;
  const person = a.repo.blank('person', { lastName: 'Offline', companyId: 'c00000' });
  await a.repo.save('person', person);
  const company = (await a.repo.get('company', 'c00001'))!;
  await a.repo.save('company', { ...company, industry: 'Edited offline' });
  assert.is(a.pending.count, 2);
  await new Promise((r) => setTimeout(r, 300));
  assert.is((await server.store.getByIds('person', [person.id])).length, 0, 'nothing reached the server while offline');
  a.online = true;
  a.engine.resync();
  await waitFor('person on B', () => b.repo.get('person', person.id));
  await waitFor('company edit on B', async () => (await b.repo.get('company', 'c00001'))?.industry === 'Edited offline');
  await waitFor('pending cleared', () => a.pending.count === 0);
});

t('a deletion on A removes the record on B', async ({ a, b }) => {
  await waitFor('note on B', () => b.repo.get('note', 'n00002'));
  await a.repo.remove('note', 'n00002');
  await waitFor('note gone on B', async () => (await b.repo.get('note', 'n00002')) === null);
});

t('edits to different fields of one record on both devices both survive', async ({ a, b }) => {
  a.online = false;
  b.online = false;
  const ca = (await a.repo.get('company', 'c00002'))!;
  const cb = (await b.repo.get('company', 'c00002'))!;
  await a.repo.save('company', { ...ca, industry: 'From A' });
  await b.repo.save('company', { ...cb, website: 'https://b.example' });
  a.online = true;
  a.engine.resync();
  await waitFor('A pushed', () => a.pending.count === 0);
  b.online = true;
  b.engine.resync();
  await waitFor('B pushed', () => b.pending.count === 0);
  for (const d of [a, b]) {
    await waitFor('merged on device', async () => {
      const c = await d.repo.get('company', 'c00002');
      return c?.industry === 'From A' && c.website === 'https://b.example';
    });
  }
});

t('an edit started before a colleague\'s change arrived changes only its own fields (no stale write-back)', async ({ a, b }) => {
  const opened = (await a.repo.get('company', 'c00003'))!; // A opens the form
  const cb = (await b.repo.get('company', 'c00003'))!;
  await b.repo.save('company', { ...cb, industry: 'Changed by B' });
  await waitFor('B\'s change on A', async () => (await a.repo.get('company', 'c00003'))?.industry === 'Changed by B');
  // A saves the form it opened earlier: only the website was touched there.
  const res = await a.repo.update('company', 'c00003', { website: 'https://a.example' });
  assert.ok(res.ok);
  assert.is.not(opened.industry, 'Changed by B');
  for (const d of [a, b]) {
    await waitFor('both changes everywhere', async () => {
      const c = await d.repo.get('company', 'c00003');
      return c?.industry === 'Changed by B' && c.website === 'https://a.example';
    });
  }
});

t('saving a record unchanged writes nothing and leaves nothing waiting', async ({ a }) => {
  const c = (await a.repo.get('company', 'c00004'))!;
  assert.ok((await a.repo.save('company', c)).ok);
  const same = await a.repo.update('company', 'c00004', { name: c.name });
  assert.ok(same.ok && same.unchanged === true, 'an update that changes nothing says so');
  assert.is(a.pending.count, 0);
  const changed = await a.repo.update('company', 'c00004', { name: `${c.name} (renamed)` });
  assert.ok(changed.ok && changed.unchanged === undefined);
});

t.run();
