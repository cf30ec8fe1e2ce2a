// Validation from the metadata: the same answers the form and the server give.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { entities, entityDef } from '../../shared/entities/index.ts';
import { blankRecord } from '../../shared/records.ts';
import { isValidTimeZone, validateFields, validateRecord } from '../../shared/validation.ts';
import { makeDoc } from '../helpers/docs.ts';

const codes = (issues: { field: string; code: string }[]): string[] => issues.map((i) => `${i.field}:${i.code}`);

test('a complete record of every entity is valid', () => {
  for (const name of Object.keys(entities) as (keyof typeof entities)[]) {
    const doc = makeDoc(name) as Record<string, unknown>;
    assert.equal(validateRecord(entityDef(name), doc, ['_deleted']), [], name);
  }
});

test('required fields: empty or blank is refused', () => {
  const doc = { ...makeDoc('company'), name: '   ' } as Record<string, unknown>;
  assert.equal(codes(validateRecord(entities.company, doc, ['_deleted'])), ['name:required']);
});

test('lengths, lists, options and formats', () => {
  const doc = {
    ...makeDoc('company'),
    name: 'x'.repeat(121),
    type: 'friend',
    website: 'not a url',
    emails: [{ type: 'business', address: 'no-at-sign' }, { type: 'work', address: 'a@b.co' }],
    phones: 'none',
  } as Record<string, unknown>;
  assert.equal(codes(validateRecord(entities.company, doc, ['_deleted'])).sort(), [
    'emails.0.address:bad-email',
    'emails.1.type:not-in-list',
    'name:too-long',
    'phones:bad-list',
    'type:not-in-list',
    'website:bad-url',
  ]);
});

test('unknown keys are refused, known extras allowed', () => {
  const doc = { ...makeDoc('note'), hack: 1 } as Record<string, unknown>;
  assert.equal(codes(validateRecord(entities.note, doc, ['_deleted'])), ['hack:unknown-field']);
  assert.equal(validateFields(entities.note, doc), []);
});

test('ids must be short and URL-safe', () => {
  for (const id of ['', 'a b', 'x'.repeat(41), '../etc']) {
    assert.ok(codes(validateRecord(entities.note, { ...makeDoc('note'), id }, ['_deleted'])).includes('id:bad-id'), id);
  }
});

test('datetimes are instants with a zone; zones are IANA names (America/Denver, Africa/Casablanca)', () => {
  const ok = { ...makeDoc('communication'), startsAt: '2026-03-08T09:00:00.000Z', timeZone: 'America/Denver' } as Record<string, unknown>;
  assert.equal(validateRecord(entities.communication, ok, ['_deleted']), []);
  assert.ok(isValidTimeZone('Africa/Casablanca'));
  assert.not.ok(isValidTimeZone('Mars/Olympus'));
  const bad = { ...ok, startsAt: '2026-02-30T09:00:00Z', timeZone: 'Mars/Olympus' };
  assert.equal(codes(validateRecord(entities.communication, bad, ['_deleted'])).sort(), ['startsAt:bad-datetime', 'timeZone:bad-timezone']);
  const local = { ...ok, startsAt: '2026-03-08T09:00' };
  assert.equal(codes(validateRecord(entities.communication, local, ['_deleted'])), ['startsAt:bad-datetime']);
});

test('an appointment may not end before it starts', () => {
  const doc = { ...makeDoc('communication'), startsAt: '2026-03-08T10:00:00Z', endsAt: '2026-03-08T09:00:00Z' } as Record<string, unknown>;
  assert.equal(codes(validateRecord(entities.communication, doc, ['_deleted'])), ['endsAt:ends-before-start']);
});

test('numbers: finite, in range, null for empty', () => {
  const base = makeDoc('lead') as Record<string, unknown>;
  assert.equal(validateRecord(entities.lead, { ...base, estimatedValue: null }, ['_deleted']), []);
  assert.equal(codes(validateRecord(entities.lead, { ...base, estimatedValue: -1 }, ['_deleted'])), ['estimatedValue:negative']);
  assert.equal(codes(validateRecord(entities.lead, { ...base, estimatedValue: '12' }, ['_deleted'])), ['estimatedValue:bad-number']);
});

test('a blank record is valid except for its required fields', () => {
  const blank = blankRecord(entities.person, 'p1', 't-eu') as Record<string, unknown>;
  assert.equal(codes(validateRecord(entities.person, blank)), ['lastName:required']);
});

test.run();
