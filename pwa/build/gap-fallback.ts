// Flex `gap` for old phones: Safari got it in 14.1 and Chrome in 84, so on iOS 13 and Android 9's first WebViews a
// toolbar's buttons touch. At build time, every rule of a component's `css` template that sets `gap` on a flex
// container gets a fallback: margins between its children, only where `@supports not (inset: 0)` holds. `inset`
// came with flex gap in Safari (14.1) and three versions later in Chrome (87), so no browser with flex gap uses the
// margins except Chrome 84-86, where the spacing is doubled, not lost (docs/decisions/0034).

export const NO_FLEX_GAP = '@supports not (inset: 0)';

interface Rule {
  selector: string;
  body: string;
}

/** The innermost `selector { declarations }` rules of a CSS text (inside @media blocks too). */
function rules(cssText: string): Rule[] {
  const out: Rule[] = [];
  const stack: number[] = [];
  let start = 0;
  for (let i = 0; i < cssText.length; i++) {
    const c = cssText[i];
    if (c === '/' && cssText[i + 1] === '*') {
      const end = cssText.indexOf('*/', i + 2);
      i = end < 0 ? cssText.length : end + 1;
      start = i + 1;
      continue;
    }
    if (c === '{') {
      stack.push(start);
      stack.push(i);
      start = i + 1;
    } else if (c === '}') {
      const open = stack.pop();
      const selStart = stack.pop();
      if (open === undefined || selStart === undefined) continue;
      const body = cssText.slice(open + 1, i);
      if (!body.includes('{')) out.push({ selector: cssText.slice(selStart, open).trim(), body });
      start = i + 1;
    } else if (c === ';' && stack.length) {
      // A declaration ended inside a block: a nested rule's selector starts after it.
      start = i + 1;
    }
  }
  return out;
}

function declaration(body: string, name: string): string | null {
  const m = new RegExp(`(?:^|[;\\s])${name}\\s*:\\s*([^;]+)`).exec(body);
  return m ? (m[1] as string).trim() : null;
}

export interface GapRule {
  selector: string;
  rowGap: string;
  columnGap: string;
  column: boolean;
  wrap: boolean;
}

/**
 * The rules that set `gap` on what is (or may be) a flex container: every `gap` rule except one whose selector is a
 * grid in the same sheet (grid gap is older: Safari 12, Chrome 66). A selector with an interpolation is skipped.
 */
export function flexGapRules(cssText: string): GapRule[] {
  const all = rules(cssText);
  const grids = new Set(all.filter((r) => /^(inline-)?grid\b/.test(declaration(r.body, 'display') ?? '')).map((r) => r.selector));
  const out: GapRule[] = [];
  for (const r of all) {
    const gap = declaration(r.body, 'gap');
    if (!gap || grids.has(r.selector) || r.selector.includes('${') || gap.includes('${') || r.selector.startsWith('@')) continue;
    const [row, col] = gap.split(/\s+/);
    const direction = declaration(r.body, 'flex-direction') ?? '';
    const wrap = declaration(r.body, 'flex-wrap') ?? '';
    out.push({ selector: r.selector, rowGap: row as string, columnGap: (col ?? row) as string, column: direction.startsWith('column'), wrap: wrap === 'wrap' });
  }
  return out;
}

/** The fallback block for a sheet's flex-gap rules, or '' when it has none. */
export function gapFallback(cssText: string): string {
  const found = flexGapRules(cssText);
  if (!found.length) return '';
  const body = found
    .map((g) => {
      const each = g.selector.split(',').map((s) => s.trim()).filter(Boolean);
      const between = each.map((s) => `${s} > * + *`).join(', ');
      const all = each.map((s) => `${s} > *`).join(', ');
      if (g.column) return `${between} { margin-top: ${g.rowGap}; }`;
      return `${between} { margin-left: ${g.columnGap}; }${g.wrap ? ` ${all} { margin-bottom: ${g.rowGap}; }` : ''}`;
    })
    .join(' ');
  return `\n${NO_FLEX_GAP} { ${body} }\n`;
}

/** Every css`…` template of a source file with its fallback appended (what the build does to pwa/ sources). */
export function withGapFallbacks(source: string): { code: string; count: number } {
  let count = 0;
  const code = source.replace(/\bcss`([^`]*)`/g, (whole, text: string) => {
    const extra = gapFallback(text);
    if (!extra) return whole;
    count += flexGapRules(text).length;
    return `css\`${text}${extra}\``;
  });
  return { code, count };
}
