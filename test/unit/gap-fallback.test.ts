// Flex gap on old phones: every flex rule with `gap` gets margins between its children where flex gap is missing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { flexGapRules, gapFallback, NO_FLEX_GAP, withGapFallbacks } from '../../pwa/build/gap-fallback.ts';

test('a row, a wrapping row, a column, a grid (left alone), a list of selectors, inside @media too', () => {
  const sheet = `
    /* a comment { with braces } */
    .bar { display: flex; gap: 8px; }
    .wrap { display: flex; flex-wrap: wrap; gap: 4px 12px; }
    label { display: flex; flex-direction: column; gap: 4px; }
    .grid { display: grid; gap: 10px; }
    .head, .pager { gap: 6px; }
    @media (max-width: 600px) { :host([theme='mobile']) header { gap: 2px; } }
  `;
  assert.equal(flexGapRules(sheet).map((r) => r.selector), ['.bar', '.wrap', 'label', '.head, .pager', ":host([theme='mobile']) header"]);
  const out = gapFallback(sheet);
  assert.ok(out.startsWith(`\n${NO_FLEX_GAP} {`));
  assert.ok(out.includes('.bar > * + * { margin-left: 8px; }'));
  assert.ok(out.includes('.wrap > * + * { margin-left: 12px; } .wrap > * { margin-bottom: 4px; }'), out);
  assert.ok(out.includes('label > * + * { margin-top: 4px; }'));
  assert.ok(out.includes('.head > * + *, .pager > * + * { margin-left: 6px; }'));
  assert.ok(out.includes(":host([theme='mobile']) header > * + * { margin-left: 2px; }"));
  assert.not.ok(out.includes('.grid'));
  assert.is(gapFallback('.x { display: grid; gap: 1px; } .y { margin: 0; }'), '');
});

test('the build appends the fallback to each css template of a source file, and only there', () => {
  const src = "const a = css`.t { display: flex; gap: 8px; }`;\nconst b = html`<p style=\"gap: 3px\"></p>`;\nconst c = css`.n { color: red; }`;";
  const { code, count } = withGapFallbacks(src);
  assert.is(count, 1);
  assert.ok(code.includes(`.t { display: flex; gap: 8px; }\n${NO_FLEX_GAP} { .t > * + * { margin-left: 8px; } }\n\``));
  assert.ok(code.includes('html`<p style="gap: 3px"></p>`'));
  assert.ok(code.includes('css`.n { color: red; }`'));
});

test.run();
