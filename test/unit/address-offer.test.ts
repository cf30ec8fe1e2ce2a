// 389-171818-QA: which persons a company's new address is offered to, and what they would hold.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { AddressEntry, AnyRecord } from '../../shared/entities/index.ts';
import { addressChanges, offersFor } from '../../pwa/features/records/address-offer.ts';

const a = (street: string, city = 'Berlin', type: AddressEntry['type'] = 'business'): AddressEntry => ({ type, street, city, postcode: '10115', region: '', country: 'Germany' });
const person = (id: string, addresses: AddressEntry[]): AnyRecord => ({ id, firstName: id, lastName: 'P', addresses }) as unknown as AnyRecord;

test('a replaced address is a change; a reordered or unchanged one is not', () => {
  assert.equal(addressChanges([a('1 Old Street')], [a('9 New Street')]), [{ from: a('1 Old Street'), to: a('9 New Street') }]);
  assert.equal(addressChanges([a('1 Old Street')], [a(' 1 old  street ')]), [], 'case and spacing are no move');
  assert.equal(addressChanges([a('1 Old Street'), a('2 Other')], [a('2 Other'), a('1 Old Street')]), []);
  assert.equal(addressChanges([a('1 Old Street')], []), [], 'a removed address moves nobody');
});

test('only persons holding the old address are offered; each keeps its own address type', () => {
  const changes = addressChanges([a('1 Old Street')], [a('9 New Street')]);
  const offers = offersFor([person('same', [a('1 old street', 'berlin', 'private')]), person('other', [a('5 Elsewhere')]), person('none', [])], changes);
  assert.equal(offers.map((o) => o.person.id), ['same']);
  assert.equal(offers[0]!.next, [{ ...a('9 New Street'), type: 'private' }]);
});

test.run();
