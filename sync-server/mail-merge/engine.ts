// The mail-merge template engine: Liquid (liquidjs) set up so a template cannot run code, read files or print unescaped values,
// and so a wrong field name is an error with its line and column, never a blank (docs/decisions/0012).
import { Liquid, type Template } from 'liquidjs';
import { ERROR_CODES } from '../../shared/errors.ts';
import { TEMPLATE_LIMITS } from '../../shared/mail-merge.ts';
import { AppError } from '../errors.ts';

/** What a merge may use: an object per root (quote, company, items…), arrays of objects for repeated blocks. */
export type MergeShape = { [key: string]: MergeShape | MergeShape[] | string };

/** Tags that would read other files (liquidjs reads its templates from disk by default): refused when parsed. */
const FILE_TAGS = ['include', 'render', 'layout'];
/** Properties Liquid gives every array and string (`items.size`, `items.first`). */
const BUILT_IN = ['size', 'first', 'last'];

function makeEngine(): Liquid {
  const engine = new Liquid({
    // An unknown name is an error with its place, not an empty string (766-171775-QA: never a blank).
    strictVariables: true,
    strictFilters: true,
    // Every value printed is HTML-escaped: a company called <script>… prints as text.
    outputEscape: 'escape',
    // Only the data's own keys: no `constructor`, no prototype walk.
    ownPropertyOnly: true,
    // Bounds on a hostile or careless template: parse size, render time (ms), memory the filters may allocate.
    parseLimit: TEMPLATE_LIMITS.body * 2,
    renderLimit: 3000,
    memoryLimit: 64 * 1024 * 1024,
    relativeReference: false,
    // Defence in depth for the file tags refused below: nothing is ever looked up on disk.
    fs: {
      exists: async () => false,
      existsSync: () => false,
      readFile: async () => Promise.reject(new Error('templates read no files')),
      readFileSync: () => {
        throw new Error('templates read no files');
      },
      resolve: (_dir: string, file: string) => file,
    },
  });
  for (const name of FILE_TAGS)
    engine.registerTag(name, {
      parse() {
        throw new Error(`the ${name} tag is not available in FieldCRM templates`);
      },
      render() {
        return '';
      },
    });
  // `raw` would print a value unescaped; every value goes out escaped.
  engine.registerFilter('raw', () => {
    throw new Error('the raw filter is not available: every value is printed escaped');
  });
  return engine;
}

const engine = makeEngine();

interface LiquidFailure {
  name?: string;
  message?: string;
  originalError?: { message?: string };
  token?: { getPosition?: () => [number, number] };
}

/** A liquidjs error as our problem: unknown names get FC-MRG-001, everything else FC-MRG-002; both say where. */
export function mergeError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const e = (err ?? {}) as LiquidFailure;
  const [line, column] = e.token?.getPosition?.() ?? [undefined, undefined];
  const raw = e.originalError?.message ?? e.message ?? String(err);
  const text = raw.replace(/, line:\d+, col:\d+$/, '');
  const where = { ...(line === undefined ? {} : { line }), ...(column === undefined ? {} : { column }) };
  if (e.name === 'UndefinedVariableError') {
    const field = /undefined variable: (.+)$/.exec(text)?.[1] ?? '';
    return new AppError(422, ERROR_CODES.MERGE_UNKNOWN_FIELD, `Unknown merge field "${field}"${line ? ` on line ${line}` : ''}.`, undefined, { ...where, detail: field });
  }
  if (/limit exceeded/i.test(text)) return new AppError(422, ERROR_CODES.MERGE_TOO_LARGE, 'The template takes too long or makes too much to merge.', undefined, where);
  return new AppError(422, ERROR_CODES.MERGE_SYNTAX, `${text}${line ? ` (line ${line}, column ${column})` : ''}.`, undefined, { ...where, detail: text });
}

export function parseTemplate(body: string): Template[] {
  try {
    return engine.parse(body);
  } catch (err) {
    throw mergeError(err);
  }
}

type Segment = string | number | { toArray(): unknown };

/** The part of the shape a path leads to, or null when a name on the way is not there. */
function walk(shape: MergeShape | MergeShape[] | string, path: readonly Segment[]): MergeShape | MergeShape[] | string | null {
  let at: MergeShape | MergeShape[] | string = shape;
  for (const seg of path) {
    if (typeof seg === 'object') return at; // a computed key (a[b]): its value is known only when merging
    if (Array.isArray(at)) {
      if (typeof seg === 'number') at = at[0] ?? {};
      else if (BUILT_IN.includes(seg)) at = seg === 'size' ? '' : (at[0] ?? {});
      else return null;
    } else if (typeof at === 'string') return BUILT_IN.includes(String(seg)) ? '' : null;
    else {
      const key = String(seg);
      if (!Object.prototype.hasOwnProperty.call(at, key)) return null;
      at = at[key]!;
    }
  }
  return at;
}

/**
 * Checks a template against the data a merge will give it, without merging: Liquid syntax, file tags, and every
 * field name (also in branches a sample record would not take). Loop variables are checked against what their
 * list holds (`{% for item in items %}{{ item.quantity }}`). Throws the first problem with its line and column.
 */
export function checkTemplate(body: string, shape: MergeShape): void {
  const templates = parseTemplate(body);
  const analysis = engine.analyzeSync(templates, { partials: false });
  const aliases = new Map<string, string[]>();
  for (const m of body.matchAll(/\{%-?\s*(?:for|tablerow)\s+(\w+)\s+in\s+([\w.]+)/g)) aliases.set(m[1]!, m[2]!.split('.'));
  const problems: { line: number; column: number; name: string }[] = [];
  for (const [root, uses] of Object.entries(analysis.variables)) {
    if (root === 'forloop' || root === 'tablerowloop' || Object.prototype.hasOwnProperty.call(analysis.locals, root)) continue;
    for (const v of uses) {
      const segs = v.segments as Segment[];
      const alias = aliases.get(root);
      const found = alias ? walk(walk(shape, alias) ?? {}, [0, ...segs.slice(1)]) : walk(shape, segs);
      if (found === null) problems.push({ line: v.location.row, column: v.location.col, name: v.toString() });
    }
  }
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  const first = problems[0];
  if (first) {
    throw new AppError(422, ERROR_CODES.MERGE_UNKNOWN_FIELD, `Unknown merge field "${first.name}" on line ${first.line}.`, undefined, {
      line: first.line,
      column: first.column,
      detail: first.name,
    });
  }
}

/** Merges data into a template: escaped values, strict names; the output is bounded. */
export async function renderTemplate(body: string, data: Record<string, unknown>): Promise<string> {
  const templates = parseTemplate(body);
  let out: string;
  try {
    out = String(await engine.render(templates, data));
  } catch (err) {
    throw mergeError(err);
  }
  if (out.length > TEMPLATE_LIMITS.output) throw new AppError(422, ERROR_CODES.MERGE_TOO_LARGE, 'The merged document is too large.');
  return out;
}
