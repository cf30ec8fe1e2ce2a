// The bench's figures: medians of runs, the table printed at the end, and results.json.
import { writeFileSync } from 'node:fs';

export interface Figure {
  name: string;
  value: number;
  unit: string;
  target: number | null;
  better: 'higher' | 'lower';
  /** The peer's value on the same job, for side-by-side figures. */
  peer?: number;
  /** value / peer (or value / reference for "within N× of" figures). */
  ratio?: number;
  /** How it was taken: runs, sizes; printed, not needed by tools. */
  note?: string;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Nearest-rank percentile (p in 0..100). */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

export const round = (n: number, digits = 2): number => (Number.isFinite(n) ? Number(n.toFixed(digits)) : n);

export function meets(f: Figure): boolean | null {
  if (f.target === null || !Number.isFinite(f.value)) return null;
  return f.better === 'higher' ? f.value >= f.target : f.value <= f.target;
}

export function printTable(figures: readonly Figure[]): void {
  const rows = figures.map((f) => {
    const ok = meets(f);
    return [
      f.name,
      `${round(f.value)} ${f.unit}`,
      f.target === null ? '' : `${f.better === 'higher' ? '≥' : '≤'} ${f.target}`,
      f.peer === undefined ? '' : String(round(f.peer)),
      f.ratio === undefined ? '' : `${round(f.ratio)}×`,
      ok === null ? '' : ok ? 'ok' : 'MISSED',
    ];
  });
  const head = ['figure', 'value', 'target', 'peer', 'ratio', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

export function writeResults(file: string, figures: readonly Figure[]): void {
  const out = figures.map((f) => {
    const o: Record<string, unknown> = { name: f.name, value: round(f.value, 3), unit: f.unit, target: f.target, better: f.better };
    if (f.peer !== undefined) o.peer = round(f.peer, 3);
    if (f.ratio !== undefined) o.ratio = round(f.ratio, 3);
    if (f.note) o.note = f.note;
    return o;
  });
  writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
}
