// Exports what a list shows (its rows, filtered and sorted, and its columns) as a CSV or Excel file the browser saves.
// The Excel writer and its zip library load only now, as a chunk of their own.
import type { AnyRecord, EntityDef } from '../../../shared/entities/index.ts';
import { refTarget } from '../../../shared/refs.ts';
import { formatValue } from '../../forms/format.ts';
import { safeName, tableOf, toCsv } from './table.ts';

export interface ListExport {
  def: EntityDef;
  /** The list's caption: the sheet's name and the file's. */
  name: string;
  columns: { field: string; label: string }[];
  records: readonly AnyRecord[];
  zone: string;
  /** Another record's title (a person's company), from where that record lives. */
  title: (entity: string, id: string) => Promise<string>;
}

/** Titles of every record the references point at, each looked up once. */
async function referenceTitles(e: ListExport): Promise<Map<string, string>> {
  const titles = new Map<string, string>();
  const wanted = new Map<string, { entity: string; id: string }>();
  for (const c of e.columns) {
    if (e.def.fields[c.field]?.kind !== 'ref') continue;
    for (const r of e.records) {
      const rec = r as unknown as Record<string, unknown>;
      const id = rec[c.field];
      if (typeof id === 'string' && id) wanted.set(`${c.field}\u0000${id}`, { entity: refTarget(e.def, c.field, rec), id });
    }
  }
  await Promise.all([...wanted].map(async ([key, w]) => titles.set(key, await e.title(w.entity, w.id).catch(() => ''))));
  return titles;
}

/** Saves a file through a temporary link (the `download` attribute: Safari 13, Chrome 14). */
export function saveFile(bytes: BlobPart, type: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Give the browser time to start the download before the object goes.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

export async function exportList(kind: 'csv' | 'xlsx', e: ListExport): Promise<void> {
  const titles = await referenceTitles(e);
  const table = tableOf(e.def, e.name, e.columns, e.records, {
    format: (f, value, record) => formatValue(f, value, e.zone, false, record),
    title: (field, id) => titles.get(`${field}\u0000${id}`) ?? '',
  });
  const base = `${safeName(e.name)}-${new Date().toISOString().slice(0, 10)}`;
  if (kind === 'csv') return saveFile(toCsv(table), 'text/csv;charset=utf-8', `${base}.csv`);
  const { toXlsx } = await import('./xlsx.ts');
  saveFile(await toXlsx(table), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', `${base}.xlsx`);
}
