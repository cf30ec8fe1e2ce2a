// The mail-merge engine (liquidjs, set up in sync-server/mail-merge/engine.ts): unknown fields reported with their line,
// values escaped, no file access, the samples valid, and the template entities without "System" (756-171755-ENH).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ERROR_CODES } from '../../shared/errors.ts';
import { TEMPLATE_ENTITIES } from '../../shared/mail-merge.ts';
import { AppError, problemOf } from '../../sync-server/errors.ts';
import { fieldPaths, mergeShape } from '../../sync-server/mail-merge/data.ts';
import { checkTemplate, renderTemplate } from '../../sync-server/mail-merge/engine.ts';
import { checkTemplateText, SAMPLE_TEMPLATES, sampleBody, templateEntityOf } from '../../sync-server/mail-merge/service.ts';

async function failure(run: () => unknown): Promise<{ code: string; line?: number; column?: number; detail?: string }> {
  try {
    await run();
  } catch (err) {
    assert.instance(err, AppError);
    const p = problemOf(err);
    return { code: p.code, ...(p.line === undefined ? {} : { line: p.line }), ...(p.column === undefined ? {} : { column: p.column }), ...(p.detail === undefined ? {} : { detail: p.detail }) };
  }
  throw new Error('expected a failure');
}

test('an unknown field is reported with its line and column when the template is saved, also in a branch no record takes', async () => {
  const body = '<h1>{{ quote.reference }}</h1>\n<p>{{ company.name }}</p>\n{% if quote.status == "nothing" %}\n  <p>{{ company.nmae }}</p>\n{% endif %}';
  assert.equal(await failure(() => checkTemplate(body, mergeShape('quote'))), { code: ERROR_CODES.MERGE_UNKNOWN_FIELD, line: 4, column: 9, detail: 'company.nmae' });
});

test('a line field is checked through its loop variable; forloop and assigned names are fine', async () => {
  const ok = '{% for item in items %}{{ forloop.index }} {{ item.quotedPrice }} {{ item.quantity }}{% endfor %}{% assign t = quote.total %}{{ t }} {{ items.size }}';
  checkTemplate(ok, mergeShape('quote'));
  const wrong = '{% for line in items %}\n<td>{{ line.quantity }}</td>\n<td>{{ line.price }}</td>{% endfor %}';
  assert.equal(await failure(() => checkTemplate(wrong, mergeShape('quote'))), { code: ERROR_CODES.MERGE_UNKNOWN_FIELD, line: 3, column: 8, detail: 'line.price' });
  // An order's lines are items too, but an order template has no `quote.total`: the quote it came from has its own root.
  assert.equal((await failure(() => checkTemplate('{{ order.total }}\n{{ quote.totl }}', mergeShape('order')))).line, 2);
});

test('when merging, an unknown name is an error with its line, never a blank (766-171775-QA)', async () => {
  assert.equal(await failure(() => renderTemplate('a\nb {{ quote.refrence }}', { quote: { reference: 'Q-1' } })), {
    code: ERROR_CODES.MERGE_UNKNOWN_FIELD,
    line: 2,
    column: 6,
    detail: 'quote.refrence',
  });
});

test('syntax errors, unknown filters and file tags are refused with their line; nothing reads a file', async () => {
  assert.equal((await failure(() => checkTemplate('ok\n{% if x %}\nno end', mergeShape('quote')))).code, ERROR_CODES.MERGE_SYNTAX);
  const filter = await failure(() => checkTemplate('{{ quote.total }}\n{{ quote.total | shout }}', mergeShape('quote')));
  assert.equal([filter.code, filter.line], [ERROR_CODES.MERGE_SYNTAX, 2]);
  for (const tag of ['{% include "package.json" %}', '{% render "/etc/hostname" %}', '{% layout "x" %}x']) {
    const f = await failure(() => renderTemplate(`line one\n${tag}`, {}));
    assert.equal([f.code, f.line], [ERROR_CODES.MERGE_SYNTAX, 2], tag);
  }
});

test('values are escaped: a company called <script>… prints as text; raw output is refused', async () => {
  const out = await renderTemplate('<p>{{ company.name }}</p><p>{{ company.name | upcase }}</p>', { company: { name: '<script>alert(1)</script> & "Co"' } });
  assert.is(out, '<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;Co&#34;</p><p>&lt;SCRIPT&gt;ALERT(1)&lt;/SCRIPT&gt; &amp; &#34;CO&#34;</p>');
  assert.not.match(out, /<script/i);
  const raw = await failure(() => renderTemplate('x\n{{ company.name | raw }}', { company: { name: '<b>' } }));
  assert.equal([raw.code, raw.line], [ERROR_CODES.MERGE_SYNTAX, 2]);
  // No prototype walk: only the data's own keys exist.
  assert.is((await failure(() => renderTemplate('{{ company.constructor }}', { company: { name: 'x' } }))).code, ERROR_CODES.MERGE_UNKNOWN_FIELD);
});

test('a template that loops without end is stopped', async () => {
  assert.is((await failure(() => renderTemplate('{% for i in (1..100000000) %}{{ i }}{% endfor %}', {}))).code, ERROR_CODES.MERGE_TOO_LARGE);
});

test('the shipped samples, Panoply Sales Quote.html and Panoply Sales Order.html, use only fields their entity has', () => {
  const files = SAMPLE_TEMPLATES.filter((s) => s.file).map((s) => s.file);
  assert.equal(files, ['Panoply Sales Quote.html', 'Panoply Sales Order.html']);
  for (const s of SAMPLE_TEMPLATES) checkTemplateText(s.entity, s.body ?? sampleBody(s.file!), s.subject);
  assert.ok(fieldPaths('quote').includes('items.quotedPrice'));
  assert.ok(fieldPaths('order').includes('quote.reference'));
});

test('756-171755-ENH: the entities offered for a template (e-mail or document) do not include System', async () => {
  assert.equal([...TEMPLATE_ENTITIES], ['company', 'person', 'lead', 'opportunity', 'quote', 'order']);
  assert.not.ok(TEMPLATE_ENTITIES.some((e) => e.toLowerCase() === 'system'));
  for (const e of ['system', 'System', 'setting', 'conflict', 'quoteItem']) assert.is((await failure(() => templateEntityOf(e))).code, ERROR_CODES.MERGE_BAD_TEMPLATE, e);
});

test.run();
