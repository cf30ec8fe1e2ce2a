// The document rules both sides share (names, limits checked before an upload, who may see, change and delete a
// document under each security policy), the administrator's settings check, and the Content-Disposition header.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  cleanFileName,
  DEFAULT_DOCUMENT_SETTINGS,
  effectiveTerritory,
  extensionOf,
  formatBytes,
  isEmailFile,
  mayDeleteDocument,
  mayEditDocument,
  mayViewDocument,
  policyProblem,
  uploadProblem,
  type DocumentSecurity,
} from '../../shared/documents.ts';
import { ERROR_CODES } from '../../shared/errors.ts';
import type { EffectiveRights } from '../../shared/security.ts';
import { checkDocumentSettings } from '../../sync-server/documents/settings.ts';
import { contentDisposition } from '../../sync-server/routes/documents.ts';

test('extensions and names: the last segment, control and reserved characters out, 255 characters with the extension kept', () => {
  assert.is(extensionOf('Report.Final.PDF'), 'pdf');
  assert.is(extensionOf('.bashrc'), '');
  assert.is(extensionOf('noext'), '');
  assert.is(extensionOf('C:\\temp\\x.msg'), 'msg');
  assert.ok(isEmailFile('Mail.EML') && isEmailFile('a.msg') && !isEmailFile('a.mbox'));
  assert.is(cleanFileName('C:\\Users\\me\\Desktop\\plan  du\tstand.png'), 'plan du stand.png');
  assert.is(cleanFileName('../../etc/passwd'), 'passwd');
  assert.is(cleanFileName('a<b>:c"d|e?f*.txt\u0000'), 'abcdef.txt');
  assert.is(cleanFileName('...'), '');
  const long = cleanFileName(`${'x'.repeat(300)}.docx`);
  assert.is(long.length, 255);
  assert.ok(long.endsWith('.docx'));
  assert.is(cleanFileName('Cafe\u0301.txt'), 'Café.txt', 'NFC');
});

test('checked before a byte is sent: no name, a refused type, empty, too large', () => {
  const s = { ...DEFAULT_DOCUMENT_SETTINGS, maxFileBytes: 1000 };
  assert.is(uploadProblem({ name: 'ok.pdf', size: 1000 }, s), null);
  assert.is(uploadProblem({ name: 'big.pdf', size: 1001 }, s), ERROR_CODES.DOC_TOO_LARGE);
  assert.is(uploadProblem({ name: 'empty.txt', size: 0 }, s), ERROR_CODES.DOC_EMPTY);
  assert.is(uploadProblem({ name: 'Setup.EXE', size: 10 }, s), ERROR_CODES.DOC_TYPE_REFUSED);
  assert.is(uploadProblem({ name: '???', size: 10 }, s), ERROR_CODES.DOC_BAD_NAME);
});

const rights = (view: string[], edit: string[] = [], del: string[] = []): EffectiveRights => ({ company: { view, insert: [], edit, delete: del } });
const doc = (over: Partial<DocumentSecurity> = {}): DocumentSecurity => ({ entity: 'company', policy: 'inherit', territoryId: 't-eu', ownerId: 'u-owner', ...over });
const USER = { id: 'u-user', admin: false };
const OWNER = { id: 'u-owner', admin: false };
const ADMIN = { id: 'u-admin', admin: true };

test('inherit: exactly the record’s viewers; the territory shown is the record’s, wherever it moved', () => {
  assert.ok(mayViewDocument(doc(), 't-eu', USER, rights(['t-eu'])));
  assert.not.ok(mayViewDocument(doc(), 't-na', USER, rights(['t-eu'])), 'the record moved out of the user’s territories');
  assert.is(effectiveTerritory(doc(), 't-na'), 't-na');
  assert.not.ok(mayViewDocument(doc(), 't-eu', ADMIN, {}), 'an administrator without rights on the record sees nothing either');
});

test('territory: the record’s viewers who may also view the chosen territory; private: its filer and administrators', () => {
  const narrowed = doc({ policy: 'territory', territoryId: 't-na' });
  assert.not.ok(mayViewDocument(narrowed, 't-eu', USER, rights(['t-eu'])));
  assert.ok(mayViewDocument(narrowed, 't-eu', USER, rights(['t-eu', 't-na'])));
  assert.not.ok(mayViewDocument(narrowed, 't-eu', USER, rights(['t-na'])), 'never without the record');
  assert.is(effectiveTerritory(narrowed, 't-eu'), 't-na');
  const priv = doc({ policy: 'private' });
  assert.not.ok(mayViewDocument(priv, 't-eu', USER, rights(['t-eu'])));
  assert.ok(mayViewDocument(priv, 't-eu', OWNER, rights(['t-eu'])));
  assert.ok(mayViewDocument(priv, 't-eu', ADMIN, rights(['t-eu'])));
  assert.not.ok(mayViewDocument(priv, 't-eu', OWNER, rights([])), 'its filer lost the record: the document goes too');
});

test('changing the policy needs the edit right on the record, deleting the delete right; both need to see it', () => {
  assert.ok(mayEditDocument(doc(), 't-eu', USER, rights(['t-eu'], ['t-eu'])));
  assert.not.ok(mayEditDocument(doc(), 't-eu', USER, rights(['t-eu'])));
  assert.not.ok(mayEditDocument(doc({ policy: 'private' }), 't-eu', USER, rights(['t-eu'], ['t-eu'])), 'cannot see it: cannot change it');
  assert.ok(mayDeleteDocument(doc(), 't-eu', USER, rights(['t-eu'], [], ['t-eu'])));
  assert.not.ok(mayDeleteDocument(doc(), 't-eu', USER, rights(['t-eu'], ['t-eu'])));
  // A territory the user may not view would lock them out; only the filer or an administrator makes a document private.
  assert.is(policyProblem(doc(), { policy: 'territory', territoryId: 't-na' }, USER, rights(['t-eu'], ['t-eu'])), ERROR_CODES.DOC_BAD_POLICY);
  assert.is(policyProblem(doc(), { policy: 'territory', territoryId: 't-na' }, USER, rights(['t-eu', 't-na'], ['t-eu'])), null);
  assert.is(policyProblem(doc(), { policy: 'private', territoryId: 't-eu' }, USER, rights(['t-eu'], ['t-eu'])), ERROR_CODES.FORBIDDEN);
  assert.is(policyProblem(doc(), { policy: 'private', territoryId: 't-eu' }, OWNER, rights(['t-eu'], ['t-eu'])), null);
  assert.is(policyProblem(doc(), { policy: 'private', territoryId: 't-eu' }, ADMIN, rights(['t-eu'], ['t-eu'])), null);
});

test('the administrator’s settings: in range, extensions cleaned, partial changes over the settings in force', () => {
  const s = checkDocumentSettings({ maxFileBytes: 5_000_000, refusedExtensions: ['.EXE', 'bat', 'exe'], storage: 'database' });
  assert.equal(s, { maxFileBytes: 5_000_000, refusedExtensions: ['bat', 'exe'], storage: 'database' });
  assert.equal(checkDocumentSettings({ storage: 'folder' }, s), { ...s, storage: 'folder' });
  for (const bad of [null, [], { maxFileBytes: 1023 }, { maxFileBytes: 1.5e9 }, { maxFileBytes: '10' }, { refusedExtensions: 'exe' }, { refusedExtensions: ['a b'] }, { refusedExtensions: [''] }, { storage: 's3' }, { extra: true }]) {
    let code = '';
    try {
      checkDocumentSettings(bad);
    } catch (err) {
      code = (err as { code: string }).code;
    }
    assert.is(code, ERROR_CODES.DOC_BAD_SETTINGS, JSON.stringify(bad));
  }
});

test('Content-Disposition: an ASCII fallback without quotes or backslashes, and the exact UTF-8 name', () => {
  assert.is(contentDisposition('attachment', 'plan.png'), `attachment; filename="plan.png"; filename*=UTF-8''plan.png`);
  assert.is(contentDisposition('inline', 'Réunion "stand" (v2).pdf'), `inline; filename="R_union _stand_ (v2).pdf"; filename*=UTF-8''R%C3%A9union%20%22stand%22%20%282%29.pdf`.replace('%282%29', '%28v2%29'));
  assert.is(contentDisposition('attachment', 'a\\b;c.txt'), `attachment; filename="a_b;c.txt"; filename*=UTF-8''a%5Cb%3Bc.txt`);
});

test('sizes read as people say them', () => {
  assert.is(formatBytes(512), '512 B');
  assert.is(formatBytes(25 * 1024 * 1024), '25 MB');
  assert.is(formatBytes(1536, 'fr'), '1,5 Ko');
});



test('every document error code and every docs.* text is worded in English and French', async () => {
  const { en } = await import('../../shared/i18n/en.ts');
  const { fr } = await import('../../shared/i18n/fr.ts');
  const { lookup } = await import('../../shared/i18n/messages.ts');
  const codes = Object.entries(ERROR_CODES).filter(([k]) => k.startsWith('DOC_')).map(([, v]) => `error.${v}`);
  assert.is(codes.length, 16);
  const keys = [...codes, ...Object.keys(en).filter((k) => k.startsWith('docs.')), 'nav.documents', 'option.email'];
  for (const k of keys) assert.ok(lookup(en, k) && lookup(fr, k), k);
  assert.equal(Object.keys(fr).filter((k) => k.startsWith('docs.')).sort(), Object.keys(en).filter((k) => k.startsWith('docs.')).sort());
});
test.run();
