// Texts: every language has English's keys (the type-check says so), and a count picks its plural form by the language's rules.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { en } from '../../shared/i18n/en.ts';
import { fr } from '../../shared/i18n/fr.ts';
import { fill, lookup } from '../../shared/i18n/messages.ts';
import { labelled, newTitle, loadLocale, setLocale } from '../../pwa/i18n/index.ts';

// French is loaded on demand in the PWA (pwa/i18n/index.ts).
test.before(() => loadLocale('fr'));

test('a count picks its plural form by Intl.PluralRules: English 1 is one, 0 is other; French 0 and 1 are one', () => {
  const count = lookup(en, 'ui.count')!;
  assert.equal([0, 1, 2].map((n) => fill(count, 'en', { n })), ['0 records', '1 record', '2 records']);
  const compte = lookup(fr, 'ui.count')!;
  assert.equal([0, 1, 2].map((n) => fill(compte, 'fr', { n })), ['0 enregistrement', '1 enregistrement', '2 enregistrements']);
});

test('placeholders are filled; a key a catalogue does not have is undefined, not a fallback', () => {
  assert.is(fill(lookup(en, 'ui.version')!, 'en', { v: '1.2' }), 'Version 1.2');
  assert.is(lookup(fr, 'no.such.key'), undefined);
  assert.equal(Object.keys(fr).sort(), Object.keys(en).sort());
});

test('French punctuation and case: « Nouveau : note », a space before the colon, no "(s)" in any text', () => {
  setLocale('fr', false);
  assert.is(newTitle('note'), 'Nouveau\u00a0: note');
  assert.is(labelled('Type', 'Client'), 'Type\u00a0: Client');
  setLocale('en', false);
  assert.is(newTitle('note'), 'New: Note');
  assert.is(labelled('Type', 'Customer'), 'Type: Customer');
  const texts = (m: Record<string, unknown>): string[] => Object.values(m).flatMap((v) => (typeof v === 'string' ? [v] : Object.values(v as Record<string, string>)));
  assert.equal(texts(fr).filter((x) => /enregistrement\(s\)/.test(x)), []);
  // (A literal quoted in « », such as an HTTP header, keeps its own spelling.)
  assert.equal(texts(fr).filter((x) => /\S: /.test(x.replace(/«[^»]*»/g, ''))), [], 'French puts a space before a colon');
});

test.run();
