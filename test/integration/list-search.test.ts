// The list's type-ahead (RecordRepository.list$): typing on narrows among the last matches, deleting or changing the
// text searches everything again, and a record changed meanwhile is found by its new text — always exactly what a
// full scan finds.
import { BehaviorSubject, firstValueFrom, filter, skip } from 'rxjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { entityDef } from '../../shared/entities/index.ts';
import { searchText } from '../../shared/records.ts';
import { openDevice, type TestDevice } from '../helpers/client.ts';
import { signIn, startServer, type TestServer } from '../helpers/server.ts';

const t = suite<{ server: TestServer; device: TestDevice }>('list type-ahead');

t.before(async (ctx) => {
  ctx.server = await startServer({ companies: 120 });
  ctx.device = await openDevice(ctx.server.url, await signIn(ctx.server.url, 'admin'), { userId: 'u-admin' });
  await ctx.device.engine.awaitInitial();
});
t.after(async ({ server, device }) => {
  await device.close();
  await server.close();
});

t('every keystroke gives what a full scan gives, typing on, back and over', async ({ device }) => {
  const def = entityDef('company');
  const text$ = new BehaviorSubject('');
  let last: { q: string; ids: string[] } = { q: '\u0000', ids: [] };
  const sub = device.repo.list$('company', text$).subscribe((rows) => (last = { q: text$.value, ids: rows.map((r) => r.id) }));
  const expected = async (q: string): Promise<string[]> => {
    const all = (await device.db.collections.company.find({ sort: [{ [def.sort?.field ?? 'name']: 'asc' } as never] }).exec()).map((d) => d.toJSON() as Record<string, unknown>);
    const needle = q.trim().toLowerCase();
    return all.filter((r) => needle === '' || searchText(def, r).includes(needle)).map((r) => String(r.id));
  };
  const check = async (q: string): Promise<void> => {
    text$.next(q);
    const until = Date.now() + 3000;
    while (last.q !== q && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
    assert.equal(last.ids, await expected(q), `"${q}"`);
  };
  for (const q of ['', 'p', 'pa', 'pan', 'pano', 'pan', 'p', 'ma', 'mag', 'magnum', 'magnux', 'magnu', '', 'ltd', ' LTD ', 'zzz']) await check(q);
  // A record changed while a text is typed is found by its new text (a new result set starts over).
  await check('pan');
  const before = last.ids.length;
  const some = (await device.db.collections.company.find().exec()).find((d) => !searchText(def, d.toJSON() as Record<string, unknown>).includes('pan'))!;
  const changed = device.repo.list$('company', new BehaviorSubject('pan')).pipe(filter((rows) => rows.length === before + 1));
  const arrived = firstValueFrom(changed);
  const rec = (await device.repo.get('company', some.primary))!;
  const saved = await device.repo.save('company', { ...rec, name: `Panorama ${rec.name}` });
  assert.ok(saved.ok);
  await arrived;
  await firstValueFrom(device.repo.list$('company', text$).pipe(skip(0), filter((rows) => rows.length === before + 1)));
  await check('pano');
  assert.ok(last.ids.includes(some.primary));
  sub.unsubscribe();
});

t.run();
