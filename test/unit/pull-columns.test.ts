// A pull page as columns (shared/sync.ts): the same documents back, in order; a page whose documents differ in keys
// stays documents; a malformed page of columns is refused, not half-read.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readPullAnswer, toColumns, type PullAnswer, type WireDoc } from '../../shared/sync.ts';

const doc = (id: string, extra: Record<string, unknown> = {}): WireDoc => ({ id, territoryId: 't-eu', updatedAt: '2026-12-01T00:00:00.000Z', updatedBy: 'u1', name: `N ${id}`, emails: [{ type: 'business', address: `${id}@x.example` }], score: null, active: true, _deleted: false, ...extra }) as unknown as WireDoc;
const page = { seqs: [1, 2, 3], checkpoint: { seq: 3, scope: 's' }, remaining: 0 };

test('columns give back the same documents, keys and values in order, nested values and nulls included', () => {
  const docs = [doc('a'), doc('b', { score: 4, _deleted: true }), doc('c', { emails: [] })];
  const columns = toColumns(docs);
  assert.ok(columns);
  assert.equal(Object.keys(columns!), Object.keys(docs[0]!));
  assert.equal(columns!.id, ['a', 'b', 'c']);
  const back = readPullAnswer(JSON.parse(JSON.stringify({ columns, ...page })) as PullAnswer);
  assert.equal(back.documents, docs);
  assert.equal(Object.keys(back.documents[1]!), Object.keys(docs[1]!));
  assert.equal(back.seqs, page.seqs);
  assert.equal(back.checkpoint, page.checkpoint);
});

test('documents that do not share their keys stay documents; so does an empty page', () => {
  assert.is(toColumns([doc('a'), doc('b', { x_size: 3 })]), null, 'a key more');
  const short = doc('b') as unknown as Record<string, unknown>;
  delete short.name;
  assert.is(toColumns([doc('a'), short as unknown as WireDoc]), null, 'a key less');
  assert.is(toColumns([doc('a'), doc('b', { name: undefined })]), null, 'an undefined value (JSON would drop it)');
  assert.is(toColumns([]), null);
  const docs = [doc('a')];
  assert.is(readPullAnswer({ documents: docs, ...page }).documents, docs, 'documents are read as they are');
});

test('a page of columns of unequal length (or not arrays) is refused', () => {
  assert.throws(() => readPullAnswer({ columns: { id: ['a', 'b'], name: ['x'] }, ...page, seqs: [1, 2] }), /unequal/);
  assert.throws(() => readPullAnswer({ columns: { id: 'ab' as unknown as unknown[] }, ...page, seqs: [1, 2] }), /unequal/);
});

test.run();
