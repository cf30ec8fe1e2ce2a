// No raw key ever reaches a user: every text the screens ask for exists in English and in French, including the ones
// built from the metadata (field captions, options, entity and page names) and every error and field code.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { entityDef, ONLINE_ENTITIES, RECORD_ENTITIES } from '../../shared/entities/index.ts';
import { ERROR_CODES, FIELD_CODES } from '../../shared/errors.ts';
import { en } from '../../shared/i18n/en.ts';
import { fr } from '../../shared/i18n/fr.ts';
import { PAGES } from '../../pwa/features/pages/registry.ts';

const LOCALES = { en, fr };

const has = (key: string): string[] => (Object.keys(LOCALES) as (keyof typeof LOCALES)[]).filter((l) => !(key in (LOCALES[l] as Record<string, string>)));

function missing(keys: Iterable<string>): string[] {
  const out: string[] = [];
  for (const k of keys) for (const l of has(k)) out.push(`${l}: ${k}`);
  return [...new Set(out)].sort();
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

test("every literal t('…') key of the screens exists in both languages", () => {
  const keys = new Set<string>();
  for (const f of files('pwa')) for (const m of readFileSync(f, 'utf8').matchAll(/\bt\('([a-zA-Z][\w.-]*)'/g)) keys.add(m[1]!);
  assert.ok(keys.size > 200, `found ${keys.size} keys`);
  assert.equal(missing(keys), []);
});

test('captions built from the metadata: fields, options, entities, pages', () => {
  const keys: string[] = [];
  const label = (entity: string, field: string): string => (`field.${entity}.${field}` in LOCALES.en ? `field.${entity}.${field}` : `field.${field}`);
  // The entities the generic lists, views and forms show (conflicts, notifications and settings have screens of their own).
  for (const name of [...RECORD_ENTITIES, ...ONLINE_ENTITIES]) {
    const def = entityDef(name);
    keys.push(`entity.${name}`, `nav.${name}`);
    for (const field of new Set([...def.formFields, ...def.listFields])) {
      keys.push(label(name, field));
      const f = def.fields[field];
      if (f?.kind === 'select') for (const o of f.options) keys.push(`option.${o}`);
    }
  }
  for (const page of Object.keys(PAGES)) keys.push(`nav.${page}`);
  assert.equal(missing(keys), []);
});

test('every field code and error code has words in both languages', () => {
  assert.equal(missing([...Object.values(FIELD_CODES).map((c) => `issue.${c}`), ...Object.values(ERROR_CODES).map((c) => `error.${c}`)]), []);
});

test.run();
