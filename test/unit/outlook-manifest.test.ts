// The Outlook add-in manifest against Microsoft's published schemas (kept in sync-server/outlook/schemas, validated
// offline with xmllint-wasm), for each language and server address; and the cabinet inside the .msi that carries it.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { validateXML } from 'xmllint-wasm';
import { ROOT } from '../../sync-server/config.ts';
import { readCabinet, writeCabinet } from '../../sync-server/installer/msi/cabinet.ts';
import { readCompoundFile } from '../../sync-server/installer/msi/cfb.ts';
import { encodeStreamName } from '../../sync-server/installer/msi/names.ts';
import { ADDIN_VERSION, renderManifest } from '../../sync-server/outlook/manifest.ts';
import { OUTLOOK_ADDIN_ID } from '../../shared/outlook.ts';

const SCHEMAS = join(ROOT, 'sync-server', 'outlook', 'schemas');
const ROOT_SCHEMA = 'OfficeAppManifestV1_1.xsd';
const schemaFile = (f: string) => ({ fileName: f, contents: readFileSync(join(SCHEMAS, f), 'utf8') });

async function validate(xml: string): Promise<{ valid: boolean; errors: string[] }> {
  const preload = readdirSync(SCHEMAS).filter((f) => f.endsWith('.xsd') && f !== ROOT_SCHEMA).map(schemaFile);
  const r = await validateXML({ xml: [{ fileName: 'manifest.xml', contents: xml }], schema: [schemaFile(ROOT_SCHEMA)], preload });
  return { valid: r.valid, errors: r.errors.map((e) => e.rawMessage) };
}

const t = suite('outlook manifest');

t('valid against Microsoft’s schema for each language and address', async () => {
  for (const [url, locale] of [['https://crm.example.test', 'en'], ['https://crm.example.test', 'fr-FR'], ['http://localhost:8080', 'fr'], ['https://intranet.example.test:8443/fieldcrm/', 'en-GB']] as const) {
    const r = await validate(renderManifest(url, locale));
    assert.ok(r.valid, `${url} ${locale}: ${r.errors.join('\n')}`);
  }
});

t('the schema check can fail: a broken manifest is refused', async () => {
  const good = renderManifest('https://crm.example.test', 'en');
  for (const broken of [good.replace(`<Version>${ADDIN_VERSION}</Version>`, '<Version>one</Version>'), good.replace('<Permissions>ReadItem</Permissions>', '<Permissions>Everything</Permissions>'), good.replace(/<FunctionFile[^>]*\/>/, '')]) {
    assert.not.ok((await validate(broken)).valid);
  }
});

t('written for the server’s address and the user’s language', () => {
  const fr = renderManifest('https://crm.example.test/', 'fr-FR');
  assert.match(fr, `<Id>${OUTLOOK_ADDIN_ID}</Id>`);
  assert.match(fr, '<SourceLocation DefaultValue="https://crm.example.test/outlook.html" />');
  assert.match(fr, '<bt:Url id="paneUrl" DefaultValue="https://crm.example.test/outlook.html" />');
  assert.match(fr, '<AppDomain>https://crm.example.test</AppDomain>');
  assert.match(fr, '<DefaultLocale>fr-FR</DefaultLocale>');
  assert.match(fr, 'DefaultValue="Classez vos e-mails dans FieldCRM');
  assert.match(fr, '<Override Locale="en-US" Value="File e-mails into FieldCRM');
  const en = renderManifest('https://crm.example.test', 'en');
  assert.match(en, '<DefaultLocale>en-US</DefaultLocale>');
  assert.match(en, '<Override Locale="fr-FR" Value="Classez');
  assert.not.match(en, 'localhost');
  assert.throws(() => renderManifest('javascript:alert(1)', 'en'));
});

t('cabinets: what we write reads back, and wixl’s MSZIP cabinet in the base package reads', () => {
  const big = Buffer.alloc(70_000, 7);
  const files = [{ name: 'Manifest', bytes: Buffer.from(renderManifest('https://crm.example.test', 'en')) }, { name: 'Big', bytes: big }, { name: 'Empty', bytes: Buffer.alloc(0) }];
  const back = readCabinet(writeCabinet(files));
  assert.equal(back.map((f) => f.name), ['Manifest', 'Big', 'Empty']);
  back.forEach((f, i) => assert.ok(f.bytes.equals(files[i]?.bytes as Buffer)));
  const msi = readCompoundFile(readFileSync(join(ROOT, 'sync-server', 'installer', 'wix', 'outlook-plugin.msi')));
  const cab = msi.streams.get(encodeStreamName('plugin.cab', false));
  assert.ok(cab, 'the base package embeds plugin.cab');
  const inBase = readCabinet(cab as Buffer);
  assert.equal(inBase.map((f) => f.name), ['Manifest', 'ReadMe']);
  assert.match(inBase[1]?.bytes.toString('utf8') ?? '', 'Add from file');
});

t.run();
