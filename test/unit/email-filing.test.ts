// E-mails as FieldCRM files them: .eml read by mailparser (made here), Outlook's .msg by msgreader (its own test file),
// broken files refused, and the communication's fields (sender, recipients, date, subject, body; cut to fit).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { entityDef } from '../../shared/entities/index.ts';
import { ERROR_CODES } from '../../shared/errors.ts';
import { blankRecord } from '../../shared/records.ts';
import { validateRecord } from '../../shared/validation.ts';
import { ROOT } from '../../sync-server/config.ts';
import { communicationFields, parseEml, parseMsg, type ParsedMessage } from '../../sync-server/documents/email.ts';
import { eml, pdf, png } from '../helpers/email.ts';

const MSG = readFileSync(join(ROOT, 'test/fixtures/email/attachmentFiles.msg'));
const CTX = { timeZone: 'Europe/Paris', companyId: 'c1', personId: 'p1', now: '2026-03-05T12:00:00.000Z', originalName: 'mail.eml' };

async function code(f: () => Promise<unknown> | unknown): Promise<string> {
  try {
    await f();
    return 'no error';
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
}

test('.eml: sender, recipients (groups flattened), date, subject in UTF-8, text body, attachments', async () => {
  const m = await parseEml(
    eml({
      from: '"Anna Durand" <anna@panoply.example>',
      to: ['Sophie <sophie@fieldcrm.example>', 'Team: a@x.example, b@x.example;'],
      cc: ['c@x.example'],
      subject: 'Réunion — stand',
      date: 'Tue, 03 Mar 2026 10:15:00 +0100',
      text: 'Bonjour,\nà demain.',
      html: '<p>Bonjour,</p><p>à demain.</p>',
      attachments: [
        { name: 'plan.png', type: 'image/png', content: png() },
        { name: 'devis.pdf', type: 'application/pdf', content: pdf() },
      ],
    }),
  );
  assert.equal(m.from, { name: 'Anna Durand', address: 'anna@panoply.example' });
  assert.equal(m.to.map((x) => x.address), ['sophie@fieldcrm.example', 'a@x.example', 'b@x.example']);
  assert.equal(m.cc, [{ name: '', address: 'c@x.example' }]);
  assert.equal([m.date, m.subject, m.text.trim()], ['2026-03-03T09:15:00.000Z', 'Réunion — stand', 'Bonjour,\nà demain.']);
  assert.equal(
    m.attachments.map((a) => [a.name, a.contentType, a.content.byteLength]),
    [
      ['plan.png', 'image/png', png().length],
      ['devis.pdf', 'application/pdf', pdf().length],
    ],
  );
});

test('.eml with an HTML body only (beside an attachment): its text comes from the HTML, by mailparser', async () => {
  const m = await parseEml(eml({ from: 'a@x.example', to: ['b@x.example'], subject: 'HTML only', date: 'Mon, 02 Mar 2026 08:00:00 +0000', html: '<h1>Offer</h1><p>Price: <b>100 €</b></p>', attachments: [{ name: 'a.png', type: 'image/png', content: png() }] }));
  assert.match(m.text, /OFFER|Offer/);
  assert.match(m.text, /Price: 100 €/);
  assert.not.match(m.text, /<b>/);
});

test('.msg (msgreader’s attachmentFiles.msg): sender, recipient, date, subject, body and three attachments', () => {
  const m = parseMsg(MSG);
  assert.equal(m.from, { name: 'hmailuser', address: 'hmailuser@hmailserver.test' });
  assert.equal(m.to, [{ name: 'hmailuser@hmailserver.test', address: 'hmailuser@hmailserver.test' }]);
  assert.equal([m.date, m.subject, m.text.trim()], ['2023-11-01T00:48:31.000Z', 'attachmentFiles', 'attachmentFiles']);
  assert.equal(
    m.attachments.map((a) => [a.name, a.contentType, a.content.byteLength]),
    [
      ['jpg.jpg', 'image/jpeg', 726],
      ['png.png', 'image/png', 134],
      ['tif.tif', 'image/tiff', 664],
    ],
  );
});

test('broken files: not a message, headers missing, a .msg that is not one or is cut short: DOC_BAD_EMAIL', async () => {
  assert.is(await code(() => parseEml(Buffer.from('%PDF-1.4 not mail'))), ERROR_CODES.DOC_BAD_EMAIL);
  assert.is(await code(() => parseEml(Buffer.from('Hello there,\nno headers here.'))), ERROR_CODES.DOC_BAD_EMAIL);
  assert.is(await code(() => parseEml(Buffer.from('X-Custom: only\r\n\r\nbody'))), ERROR_CODES.DOC_BAD_EMAIL, 'a header, but nothing a message has');
  assert.is(await code(() => parseMsg(Buffer.from('From: a@b.example\r\n\r\nx'))), ERROR_CODES.DOC_BAD_EMAIL);
  assert.is(await code(() => parseMsg(MSG.subarray(0, 4096))), ERROR_CODES.DOC_BAD_EMAIL);
  assert.is(await code(() => parseMsg(Buffer.concat([MSG.subarray(0, 8), Buffer.alloc(4096)]))), ERROR_CODES.DOC_BAD_EMAIL);
});

const message = (over: Partial<ParsedMessage> = {}): ParsedMessage => ({
  from: { name: 'Anna', address: 'anna@panoply.example' },
  to: [{ name: '', address: 'b@x.example' }],
  cc: [],
  messageId: '',
  date: '2026-03-03T09:15:00.000Z',
  subject: 'Offer',
  text: 'Body',
  attachments: [],
  ...over,
});

test('the communication: an e-mail on no calendar, its date as the start, the sender as contact, details with the headers and body', () => {
  const f = communicationFields(message(), CTX);
  assert.equal(f, {
    kind: 'email',
    subject: 'Offer',
    startsAt: '2026-03-03T09:15:00.000Z',
    endsAt: '',
    timeZone: 'Europe/Paris',
    allDay: false,
    status: 'complete',
    companyId: 'c1',
    personId: 'p1',
    ownerId: '',
    email: 'anna@panoply.example',
    details: 'From: Anna <anna@panoply.example>\nTo: b@x.example\nDate: 2026-03-03T09:15:00.000Z\n\nBody',
  });
  assert.equal(validateRecord(entityDef('communication'), { ...blankRecord(entityDef('communication'), 'm1', 't-eu'), ...f }), []);
});

test('long, odd or missing values still make a valid communication: body cut with the original named, no subject, no date, bad sender', () => {
  const f = communicationFields(message({ subject: '  \n ', date: null, from: { name: 'Odd', address: 'not an address' }, text: `${'Lorem ipsum '.repeat(600)}\u0000\u0007end\r\n`, to: [] }), CTX);
  assert.equal([f.subject, f.startsAt, f.email], ['(no subject)', CTX.now, '']);
  const details = String(f.details);
  assert.ok(details.length <= 4000);
  assert.match(details, /…\n\n\[mail\.eml\]$/);
  assert.not.match(details, /[\u0000\u0007]/);
  assert.equal(validateRecord(entityDef('communication'), { ...blankRecord(entityDef('communication'), 'm1', 't-eu'), ...f }), []);
  const long = communicationFields(message({ subject: 'S'.repeat(500) }), CTX);
  assert.is(String(long.subject).length, 200);
});

test.run();
