// Quick search: every entity asked, groups in order, a failing source left out, keys that move through the hits.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { flat, merge, move, PER_ENTITY, searchAll, searchDocuments, type Lookup } from '../../pwa/features/search/quick-search.ts';

const data: Record<string, string[]> = { company: ['Panoply Ltd', 'Panoply Trading', 'Gatecom'], person: ['Sophie Panoply'], quote: ['Q-2026-0001 Panoply chairs'] };
const lookup: Lookup = async (entity, text, limit) => {
  if (entity === 'order') throw new Error('offline');
  return (data[entity] ?? []).filter((t) => t.toLowerCase().includes(text.toLowerCase())).slice(0, limit).map((title, i) => ({ id: `${entity}-${i}`, title }));
};

test('groups by entity, in order; empty and failing entities left out; one letter searches nothing', async () => {
  const seen: number[] = [];
  const counting: Lookup = (e, t, limit) => (seen.push(limit), lookup(e, t, limit));
  const device = await searchAll(['company', 'person', 'lead'], 'pano', counting);
  assert.equal(device.map((g) => [g.entity, g.hits.map((h) => h.title)]), [['company', ['Panoply Ltd', 'Panoply Trading']], ['person', ['Sophie Panoply']]]);
  assert.ok(seen.every((l) => l === PER_ENTITY));
  const server = await searchAll(['quote', 'order'], 'pano', lookup);
  assert.equal(server.map((g) => g.entity), ['quote'], 'an unreachable source is left out');
  assert.equal(await searchAll(['company'], 'p', lookup), []);
  const all = merge(device, server);
  assert.equal(flat(all).map((h) => h.id), ['company-0', 'company-1', 'person-0', 'quote-0']);
});

test('arrow keys move through the hits and wrap round', () => {
  assert.is(move('ArrowDown', -1, 3), 0);
  assert.is(move('ArrowDown', 2, 3), 0);
  assert.is(move('ArrowUp', 0, 3), 2);
  assert.is(move('ArrowUp', -1, 3), 2);
  assert.is(move('End', 0, 3), 2);
  assert.is(move('Enter', 0, 3), null);
  assert.is(move('ArrowDown', -1, 0), null);
});

test('documents by name: one group of at most PER_ENTITY hits; too short, none found or a failure gives no group', async () => {
  const asked: [string, number][] = [];
  const groups = await searchDocuments('  brochure ', async (q, limit) => {
    asked.push([q, limit]);
    return [{ id: 'd1', name: 'Brochure.pdf' }];
  });
  assert.equal(asked, [['brochure', PER_ENTITY]]);
  assert.equal(groups, [{ entity: 'document', hits: [{ entity: 'document', id: 'd1', title: 'Brochure.pdf' }] }]);
  assert.equal(await searchDocuments('b', async () => [{ id: 'd1', name: 'b' }]), []);
  assert.equal(await searchDocuments('brochure', async () => []), []);
  assert.equal(await searchDocuments('brochure', async () => Promise.reject(new Error('offline'))), []);
});

test.run();
