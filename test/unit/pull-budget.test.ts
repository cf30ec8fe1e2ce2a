// The records pull pages may carry at once: a first sync (`fit=1`) takes its share, other pulls always their limit.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PullBudget } from '../../sync-server/sync/pull-budget.ts';

test('one device alone gets full pages; twenty at once share the records in flight', () => {
  const budget = new PullBudget(10_000, 100);
  const alone = Array.from({ length: 5 }, () => budget.enter(1000, true));
  assert.equal(alone.map((s) => s.limit), [1000, 1000, 1000, 1000, 1000], 'five collections of one device: full pages');
  for (const s of alone) s.done();
  assert.is(budget.pages, 0);
  const many = Array.from({ length: 100 }, () => budget.enter(1000, true));
  assert.is(many[99]!.limit, 100, 'the hundredth page in flight gets its share');
  assert.ok(many.every((s) => s.limit >= 100 && s.limit <= 1000));
  const total = many.reduce((n, s) => n + s.limit, 0);
  assert.ok(total < 60_000, `records in flight ${total}: well under the 100,000 of full pages`);
  for (const s of many) s.done();
});

test('a pull that does not take short pages gets its limit, and counts toward the pages in flight', () => {
  const budget = new PullBudget(1000, 100);
  const rxdb = Array.from({ length: 20 }, () => budget.enter(500, false));
  assert.ok(rxdb.every((s) => s.limit === 500));
  assert.is(budget.enter(1000, true).limit, 100, 'never under the minimum page');
  assert.is(budget.pages, 21);
});

test('done twice counts once', () => {
  const budget = new PullBudget();
  const s = budget.enter(1000, true);
  s.done();
  s.done();
  assert.is(budget.pages, 0);
});

test.run();
