// The MSI editing, judged by Debian's msitools: our compound files open there, the Property table shows the user's
// values, every other table is unchanged, the package code is new, and the committed package matches a wixl build.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ROOT } from '../../sync-server/config.ts';
import { readCompoundFile, writeCompoundFile } from '../../sync-server/installer/msi/cfb.ts';
import { decodeStreamName, encodeStreamName } from '../../sync-server/installer/msi/names.ts';
import { customiseMsi, customisePackage, packageCodeOf } from '../../sync-server/installer/msi/package.ts';
import { exportTable, extractStream, runTool, tablesOf } from '../helpers/debian-tools.ts';

const WIX = join(ROOT, 'sync-server', 'installer', 'wix');
const BASE = join(WIX, 'outlook-plugin.msi');
const dir = mkdtempSync(join(tmpdir(), 'fieldcrm-msi-'));
const save = (name: string, bytes: Buffer): string => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};
const USER = { FIELDCRM_SERVER_URL: 'https://crm.example.com:8443', FIELDCRM_INSTALL_NAME: 'Panoply CRM', FIELDCRM_LOGIN: 'sales' };

const propertyRows = (msi: string): Map<string, string> =>
  new Map(exportTable(msi, 'Property').split(/\r?\n/).slice(3).filter(Boolean).map((l) => l.split('\t') as [string, string]));
const revision = (msi: string): string => /Revision number \(UUID\): (\{[^}]+\})/.exec(runTool('msiinfo', ['suminfo', msi]).out)?.[1] ?? '';

test('stream names encode as Windows Installer does', () => {
  const encoded = encodeStreamName('_StringPool', true);
  assert.is(encoded.charCodeAt(0), 0x4840);
  assert.ok(readCompoundFile(readFileSync(BASE)).streams.has(encoded));
  assert.equal(decodeStreamName(encoded), { name: '_StringPool', table: true });
  assert.equal(decodeStreamName(encodeStreamName('plugin.cab', false)), { name: 'plugin.cab', table: false });
});

test('a package read and written again keeps every stream, and msiinfo reads it', () => {
  const cf = readCompoundFile(readFileSync(BASE));
  const again = save('roundtrip.msi', writeCompoundFile(cf));
  const back = readCompoundFile(readFileSync(again));
  assert.equal([...back.streams.keys()].sort(), [...cf.streams.keys()].sort());
  for (const [name, bytes] of cf.streams) assert.ok(back.streams.get(name)?.equals(bytes), name);
  assert.ok(back.clsid.equals(cf.clsid));
  for (const table of tablesOf(BASE)) assert.is(exportTable(again, table), exportTable(BASE, table), table);
});

test('large streams (FAT past the header, DIFAT sectors) come out byte for byte in msiinfo', () => {
  const cf = readCompoundFile(readFileSync(BASE));
  const big = Buffer.alloc(8 * 1024 * 1024 + 123);
  for (let i = 0; i < big.length; i++) big[i] = (i * 7919) & 0xff;
  cf.streams.set(encodeStreamName('big.bin', false), big);
  const path = save('big.msi', writeCompoundFile(cf));
  assert.ok(readCompoundFile(readFileSync(path)).streams.get(encodeStreamName('big.bin', false))?.equals(big));
  assert.ok(extractStream(path, 'big.bin').equals(big), 'msiinfo reads the large stream back');
  assert.ok(extractStream(path, 'plugin.cab').equals(cf.streams.get(encodeStreamName('plugin.cab', false)) as Buffer));
});

test('the customised package: Property shows the user, every other table is unchanged (msiinfo)', () => {
  const path = save('user.msi', customiseMsi(readFileSync(BASE), { properties: USER }));
  const props = propertyRows(path);
  for (const [k, v] of Object.entries(USER)) assert.is(props.get(k), v, k);
  const before = propertyRows(BASE);
  for (const [k, v] of before) if (!(k in USER)) assert.is(props.get(k), v, `${k} kept`);
  assert.is(props.size, before.size);
  const tables = tablesOf(BASE);
  assert.equal(tablesOf(path), tables);
  for (const table of tables) if (table !== 'Property' && table !== '_SummaryInformation') assert.is(exportTable(path, table), exportTable(BASE, table), table);
});

test('a new package code per download; ProductCode and UpgradeCode never change', () => {
  const a = save('a.msi', customiseMsi(readFileSync(BASE), { properties: USER }));
  const b = save('b.msi', customiseMsi(readFileSync(BASE), { properties: USER }));
  assert.match(revision(a), /^\{[0-9A-F-]{36}\}$/);
  assert.is.not(revision(a), revision(b));
  assert.is.not(revision(a), revision(BASE));
  assert.is(propertyRows(a).get('ProductCode'), propertyRows(BASE).get('ProductCode'));
  assert.is(propertyRows(a).get('UpgradeCode'), propertyRows(BASE).get('UpgradeCode'));
  assert.is(packageCodeOf(readCompoundFile(readFileSync(a))), revision(a));
  // The rest of the summary information is as it was.
  const rest = (p: string) => runTool('msiinfo', ['suminfo', p]).out.split('\n').filter((l) => !l.startsWith('Revision')).join('\n');
  assert.is(rest(a), rest(BASE));
});

test('customising twice frees the strings no longer used; no change keeps the Property table byte for byte', () => {
  const cf = readCompoundFile(readFileSync(BASE));
  const same = customisePackage(cf, { properties: {} });
  const prop = encodeStreamName('Property', true);
  assert.ok(same.streams.get(prop)?.equals(cf.streams.get(prop) as Buffer));
  const once = customisePackage(cf, { properties: { FIELDCRM_LOGIN: 'first-login' } });
  const twice = save('twice.msi', writeCompoundFile(customisePackage(once, { properties: { FIELDCRM_LOGIN: 'second' } })));
  assert.is(propertyRows(twice).get('FIELDCRM_LOGIN'), 'second');
  assert.not.ok(readCompoundFile(readFileSync(twice)).streams.get(encodeStreamName('_StringData', true))?.includes('first-login'));
  assert.throws(() => customisePackage(cf, { properties: { FIELDCRM_LOGIN: 'Zoë' } }), /ASCII/);
});

test('the committed base package is what wixl builds from the WiX source (every table)', () => {
  const work = mkdtempSync(join(tmpdir(), 'fieldcrm-wixl-'));
  try {
    cpSync(WIX, work, { recursive: true });
    const r = runTool('wixl', ['-o', 'fresh.msi', 'outlook-plugin.wxs'], work);
    assert.is(r.status, 0, r.out);
    const fresh = join(work, 'fresh.msi');
    assert.equal(tablesOf(fresh), tablesOf(BASE));
    for (const table of tablesOf(BASE)) if (table !== '_SummaryInformation') assert.is(exportTable(fresh, table), exportTable(BASE, table), `${table}: rebuild outlook-plugin.msi with wixl`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
