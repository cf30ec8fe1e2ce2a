// The content check of an upload: file-type reads real bytes, and the verdict compares them with the name and the
// declared type, and picks the type a file is served with (never one a browser would run).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_DOCUMENT_SETTINGS } from '../../shared/documents.ts';
import { ERROR_CODES } from '../../shared/errors.ts';
import { ROOT } from '../../sync-server/config.ts';
import { detect, judge, type Detected } from '../../sync-server/documents/sniff.ts';
import { EXE_BYTES, pdf, png } from '../helpers/email.ts';

const S = DEFAULT_DOCUMENT_SETTINGS;
const PNG: Detected = { ext: 'png', mime: 'image/png' };
const PDF: Detected = { ext: 'pdf', mime: 'application/pdf' };
const CFB: Detected = { ext: 'cfb', mime: 'application/x-cfb' };
const ZIP: Detected = { ext: 'zip', mime: 'application/zip' };
const EXE: Detected = { ext: 'exe', mime: 'application/x-msdownload' };
const XML: Detected = { ext: 'xml', mime: 'application/xml' };
const verdict = (name: string, type: string, d: Detected | undefined) => {
  const v = judge(name, type, d, S);
  return v.ok ? v.contentType : v.code;
};

test('file-type reads the real bytes: PNG, PDF, a Windows program, the Outlook fixture (a compound file), text as nothing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fieldcrm-sniff-'));
  try {
    const files: [string, Buffer][] = [
      ['a.png', png()],
      ['a.pdf', pdf()],
      ['a.exe', EXE_BYTES],
      ['a.msg', readFileSync(join(ROOT, 'test/fixtures/email/attachmentFiles.msg'))],
      ['a.txt', Buffer.from('plain words')],
    ];
    const out: (string | undefined)[] = [];
    for (const [name, bytes] of files) {
      writeFileSync(join(dir, name), bytes);
      out.push((await detect(join(dir, name)))?.ext);
    }
    assert.equal(out, ['png', 'pdf', 'exe', 'cfb', undefined]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('what the content is decides the served type; aliases and containers match their names', () => {
  assert.is(verdict('photo.PNG', 'image/png', PNG), 'image/png');
  assert.is(verdict('photo.jpeg', 'image/jpg', { ext: 'jpg', mime: 'image/jpeg' }), 'image/jpeg');
  assert.is(verdict('scan.tiff', '', { ext: 'tif', mime: 'image/tiff' }), 'image/tiff');
  assert.is(verdict('mail.msg', 'application/vnd.ms-outlook', CFB), 'application/vnd.ms-outlook');
  assert.is(verdict('old.doc', 'application/msword', CFB), 'application/msword');
  assert.is(verdict('offer.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', ZIP), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  assert.is(verdict('bundle.zip', 'application/x-zip-compressed', { ext: 'docx', mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' }), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  assert.is(verdict('no-extension', '', PDF), 'application/pdf', 'no name to contradict it');
  assert.is(verdict('weird.final', 'application/octet-stream', PDF), 'application/pdf', 'an extension nobody knows says nothing');
});

test('content that contradicts the name or the declared type is refused', () => {
  assert.is(verdict('photo.png', 'image/png', PDF), ERROR_CODES.DOC_CONTENT_MISMATCH);
  assert.is(verdict('report.pdf', 'application/pdf', undefined), ERROR_CODES.DOC_CONTENT_MISMATCH);
  assert.is(verdict('offer.docx', '', undefined), ERROR_CODES.DOC_CONTENT_MISMATCH);
  assert.is(verdict('mail.msg', '', undefined), ERROR_CODES.DOC_CONTENT_MISMATCH);
  assert.is(verdict('notes.txt', 'text/plain', PNG), ERROR_CODES.DOC_CONTENT_MISMATCH);
  assert.is(verdict('data.bin', 'image/png', PDF), ERROR_CODES.DOC_CONTENT_MISMATCH, 'the declared type');
  assert.is(verdict('data.bin', 'application/pdf', undefined), ERROR_CODES.DOC_CONTENT_MISMATCH);
});

test('a refused type is refused by what the content is, whatever the name says', () => {
  assert.is(verdict('invoice.pdf', 'application/pdf', EXE), ERROR_CODES.DOC_TYPE_REFUSED);
  assert.is(verdict('readme', '', EXE), ERROR_CODES.DOC_TYPE_REFUSED);
  assert.is(judge('tool.exe', '', EXE, { refusedExtensions: [] }).ok, true, 'unless the administrator allows it');
});

test('text formats: served as text or plain bytes, never as a page or a script', () => {
  assert.is(verdict('notes.txt', 'text/plain', undefined), 'text/plain');
  assert.is(verdict('list.csv', 'text/csv', undefined), 'text/csv');
  assert.is(verdict('mail.eml', 'message/rfc822', undefined), 'message/rfc822');
  assert.is(verdict('page.html', 'text/html', undefined), 'application/octet-stream');
  assert.is(verdict('data.xml', 'application/xml', undefined), 'application/octet-stream', 'an XML file without a declaration is fine');
  assert.is(verdict('logo.svg', 'image/svg+xml', XML), 'application/octet-stream', 'SVG can carry script: not served as an image');
  assert.is(verdict('feed.xml', 'text/xml', XML), 'application/octet-stream');
});

test.run();
