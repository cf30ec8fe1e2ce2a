// The records a first sync's pull pages share: a first sync (`fit=1`) gets its share among the pullers of the last
// moments, other pulls always their limit.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PullBudget } from '../../sync-server/sync/pull-budget.ts';

const clock = () => {
  const c = { t: 1_000_000, now: () => c.t };
  return c;
};
const COLLECTIONS = ['company', 'person', 'lead', 'communication', 'note'];

test('one device alone gets full pages; twenty at once share the records', () => {
  const c = clock();
  const budget = new PullBudget(10_000, 100, 2_000, c.now);
  assert.equal(COLLECTIONS.map((e) => budget.limit(`dev0:${e}`, 1000, true)), [1000, 1000, 1000, 1000, 1000], 'five collections of one device: full pages');
  for (let d = 1; d < 20; d++) for (const e of COLLECTIONS) budget.limit(`dev${d}:${e}`, 1000, true);
  assert.is(budget.pullers, 100);
  assert.is(budget.limit('dev0:company', 1000, true), 100, 'a hundred pullers: a hundred records a page');
  // The others finish; two seconds later only dev0 is still pulling.
  c.t += 1_000;
  for (const e of COLLECTIONS) budget.limit(`dev0:${e}`, 1000, true);
  c.t += 1_500;
  assert.is(budget.limit('dev0:company', 1000, true), 1000, 'the pullers gone from the window no longer count');
  assert.is(budget.pullers, 5);
});

test('a pull that does not take short pages gets its limit, and counts as a puller', () => {
  const budget = new PullBudget(1000, 100, 2_000, clock().now);
  for (let i = 0; i < 20; i++) assert.is(budget.limit(`rxdb${i}:note`, 500, false), 500);
  assert.is(budget.limit('first:note', 1000, true), 100, 'never under the minimum page');
  assert.is(budget.pullers, 21);
});

test('the same puller asking again counts once', () => {
  const budget = new PullBudget(10_000, 100, 2_000, clock().now);
  for (let i = 0; i < 50; i++) budget.limit('dev:person', 1000, true);
  assert.is(budget.pullers, 1);
});

test.run();
