// The task pane's rules in Node: the record a message is filed on by default, the unknown sender, names from a sender.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { messageKeyText, splitName, type OutlookLookupAnswer } from '../../shared/outlook.ts';
import { defaultTarget, recordHref, targets, unknownSender } from '../../pwa/features/outlook-plugin/pane/pane-model.ts';

const answer = (people: OutlookLookupAnswer['people']): OutlookLookupAnswer => ({ people, filed: null, sender: null });

test('filed by default on the sender’s first record, else anyone’s; each record offered once', () => {
  const a = answer([
    { address: 'to@x.example', name: '', role: 'to', matches: [{ entity: 'company', id: 'c1', title: 'X' }] },
    { address: 'from@y.example', name: '', role: 'from', matches: [{ entity: 'person', id: 'p1', title: 'Ann' }, { entity: 'lead', id: 'l1', title: 'Deal' }] },
    { address: 'cc@x.example', name: '', role: 'cc', matches: [{ entity: 'company', id: 'c1', title: 'X' }] },
  ]);
  assert.is(defaultTarget(a), 'person:p1');
  assert.equal(targets(a).map((m) => m.id), ['p1', 'l1', 'c1']);
  assert.is(unknownSender(a), null);
  const b = answer([{ address: 'new@z.example', name: 'New', role: 'from', matches: [] }, { address: 'to@x.example', name: '', role: 'to', matches: [{ entity: 'company', id: 'c1', title: 'X' }] }]);
  assert.is(defaultTarget(b), 'company:c1');
  assert.is(unknownSender(b)?.address, 'new@z.example');
  assert.is(defaultTarget(answer([])), '');
  assert.is(recordHref({ entity: 'person', id: 'a b' }), '/#/person/a%20b');
});

test('names from the sender: display name split at the last word, else the address’s local part', () => {
  assert.equal(splitName('Zoé Nouvelle', 'z@x.example'), { firstName: 'Zoé', lastName: 'Nouvelle' });
  assert.equal(splitName('Jean Paul Martin', 'j@x.example'), { firstName: 'Jean Paul', lastName: 'Martin' });
  assert.equal(splitName('', 'anna.smith@x.example'), { firstName: 'anna', lastName: 'smith' });
  assert.equal(splitName('Madonna', 'm@x.example'), { firstName: '', lastName: 'Madonna' });
  assert.equal(splitName('bob@x.example', 'bob@x.example'), { firstName: '', lastName: 'bob' });
});

test('a Message-ID is known without its brackets, spaces or case', () => {
  assert.is(messageKeyText(' <ABC@Mail.Example> '), 'abc@mail.example');
  assert.is(messageKeyText('abc@mail.example'), 'abc@mail.example');
  assert.is(messageKeyText('  '), '');
});

test.run();
