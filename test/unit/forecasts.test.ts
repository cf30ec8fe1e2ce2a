// Forecast periods, who may edit whose (781-171899-QA), teams by "reports to", and the screen's notice and amounts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { editRight, mayViewForecasts, parsePeriod, periodsOf, teamOf } from '../../shared/forecasts.ts';
import { amountOf, rightNotice } from '../../pwa/features/forecasts/forecast-view.ts';

test('periods: months and quarters with their first day and the day after; anything else is none', () => {
  assert.equal(parsePeriod('2026-12'), { id: '2026-12', kind: 'month', start: '2026-12-01', end: '2027-01-01' });
  assert.equal(parsePeriod('2026-Q4'), { id: '2026-Q4', kind: 'quarter', start: '2026-10-01', end: '2027-01-01' });
  assert.equal(parsePeriod('2026-Q1')?.end, '2026-04-01');
  for (const bad of ['2026-13', '2026-00', '2026-Q5', '26-01', '2026-1', '']) assert.is(parsePeriod(bad), null, bad);
  assert.equal(periodsOf(2027, 'quarter'), ['2027-Q1', '2027-Q2', '2027-Q3', '2027-Q4']);
  assert.is(periodsOf(2027, 'month').length, 12);
});

test('edit: one\'s own, or of whoever reports to one; not a profile\'s right, not up or across the tree', () => {
  const rep = { id: 'rep', reportsTo: 'mgr' };
  assert.is(editRight('rep', rep), 'own');
  assert.is(editRight('mgr', rep), 'reports-to');
  assert.is(editRight('boss', rep), 'not-reports-to', 'the manager\'s manager reads only');
  assert.is(editRight('admin', rep), 'not-reports-to');
});

test('teams by "reports to", indirect members included; who may read', () => {
  const people = [
    { id: 'boss', reportsTo: '' },
    { id: 'mgr', reportsTo: 'boss' },
    { id: 'rep', reportsTo: 'mgr' },
    { id: 'other', reportsTo: '', role: 'admin' },
  ];
  assert.equal(teamOf('boss', people).sort(), ['mgr', 'rep']);
  assert.equal(teamOf('rep', people), []);
  assert.ok(mayViewForecasts(people[0]!, 'rep', people));
  assert.not.ok(mayViewForecasts(people[2]!, 'mgr', people));
  assert.ok(mayViewForecasts(people[3]!, 'rep', people), 'administrators read all');
});

test('the notice says why; amounts typed in the currency\'s minor units', () => {
  assert.equal(rightNotice('not-reports-to', { displayName: 'Sophie', reportsToName: 'Dan' }), { key: 'forecast.readOnlyWho', params: { name: 'Sophie', manager: 'Dan' } });
  assert.is(rightNotice('not-reports-to', { displayName: 'Sophie', reportsToName: '' }).key, 'forecast.readOnly');
  assert.is(amountOf('12500.50', 'EUR', 'en'), 1_250_050);
  assert.is(amountOf('12 500,50', 'EUR', 'fr'), 1_250_050);
  assert.is(amountOf('1500', 'JPY', 'en'), 1500);
  assert.is(amountOf('-3', 'EUR', 'en'), null);
  assert.is(amountOf('abc', 'EUR', 'en'), null);
});

test.run();
