// 389-171818-QA against the real server: a company's new address, pushed through sync, never changes its persons'
// addresses on the server; the offer (the record form's own rules) lists exactly the persons who shared the replaced
// address; applying it to the ones picked changes those, and no one else, on the server.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { AddressEntry, AnyRecord } from '../../shared/entities/index.ts';
import type { WireDoc } from '../../shared/sync.ts';
import { addressChanges, offersFor } from '../../pwa/features/records/address-offer.ts';
import { makeDoc } from '../helpers/docs.ts';
import { signIn, startServer } from '../helpers/server.ts';

const place = (street: string, city = 'Berlin'): AddressEntry => ({ type: 'business', street, city, postcode: '10115', region: '', country: 'Germany' });

test('a company’s new address is offered to the persons who shared the old one, and applied only where chosen', async () => {
  const server = await startServer();
  try {
    await server.store.insertMany('company', [makeDoc('company', { id: 'ao-co', name: 'Moving GmbH', addresses: [place('1 Old Street')] })]);
    await server.store.insertMany('person', [
      makeDoc('person', { id: 'ao-anna', firstName: 'Anna', lastName: 'Alt', companyId: 'ao-co', addresses: [place('1 Old Street')] }),
      makeDoc('person', { id: 'ao-ben', firstName: 'Ben', lastName: 'Bleibt', companyId: 'ao-co', addresses: [{ ...place('1  old street'), type: 'private' }] }),
      makeDoc('person', { id: 'ao-cleo', firstName: 'Cleo', lastName: 'Fern', companyId: 'ao-co', addresses: [place('7 Far Away')] }),
      makeDoc('person', { id: 'ao-dan', firstName: 'Dan', lastName: 'Other', companyId: '', addresses: [place('1 Old Street')] }),
    ]);
    const token = await signIn(server.url, 'sales');
    const push = async (collection: string, before: WireDoc, after: WireDoc) => {
      const res = await fetch(`${server.url}/sync/${collection}/push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify([{ assumedMasterState: before, newDocumentState: after }]),
      });
      const text = await res.text();
      assert.is(res.status, 200, text);
      assert.equal((JSON.parse(text) as { conflicts: unknown[] }).conflicts, []);
    };
    const get = async (entity: 'company' | 'person', id: string): Promise<WireDoc> => (await server.store.getByIds(entity, [id]))[0]!;
    const street = async (id: string): Promise<string> => ((await get('person', id)) as unknown as { addresses: AddressEntry[] }).addresses[0]!.street;

    // The company moves: pushed as a device does.
    const before = await get('company', 'ao-co');
    const after = { ...before, addresses: [place('9 New Street')], updatedAt: new Date().toISOString() } as WireDoc;
    await push('company', before, after);
    assert.is(((await get('company', 'ao-co')) as unknown as { addresses: AddressEntry[] }).addresses[0]!.street, '9 New Street');
    // Nothing changed silently.
    for (const [id, s] of [['ao-anna', '1 Old Street'], ['ao-ben', '1  old street'], ['ao-cleo', '7 Far Away'], ['ao-dan', '1 Old Street']] as const) assert.is(await street(id), s, id);

    // The offer: the company's persons (as the device holds them) sharing a replaced address.
    const changes = addressChanges((before as unknown as { addresses: AddressEntry[] }).addresses, (after as unknown as { addresses: AddressEntry[] }).addresses);
    const persons = (await server.store.getByIds('person', ['ao-anna', 'ao-ben', 'ao-cleo'])) as unknown as AnyRecord[];
    const offers = offersFor(persons, changes);
    assert.equal(offers.map((o) => o.title).sort(), ['Anna Alt', 'Ben Bleibt']);
    assert.is(offers.find((o) => o.person.id === 'ao-ben')!.next[0]!.type, 'private', 'each keeps its own address type');

    // Applied to Anna only (Ben unticked).
    const anna = offers.find((o) => o.person.id === 'ao-anna')!;
    const annaBefore = await get('person', 'ao-anna');
    await push('person', annaBefore, { ...annaBefore, addresses: anna.next, updatedAt: new Date().toISOString() } as WireDoc);
    assert.is(await street('ao-anna'), '9 New Street');
    assert.is(await street('ao-ben'), '1  old street');
    assert.is(await street('ao-cleo'), '7 Far Away');
    assert.is(await street('ao-dan'), '1 Old Street', 'a person of no company is never offered or touched');
  } finally {
    await server.close();
  }
});

test.run();
