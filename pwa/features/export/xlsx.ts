// An Excel workbook (.xlsx) of one sheet, written from a table by write-excel-file (a maintained writer built on fflate):
// a bold, frozen header row, numbers as numeric cells, texts as text cells (so a "+33 …" phone stays text), and no cell
// at all for an empty value (seed 394-171800-QA). Loaded only when the user exports (a dynamic import).
import writeXlsxFile, { type Cell as XlsxCell, type SheetData } from 'write-excel-file/browser';
import { safeName, type Cell, type ExportTable } from './table.ts';

/** Characters XML 1.0 forbids (control characters a pasted text may carry) would make the file unreadable. */
const text = (s: string): string => s.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\uD800-\uDBFF\uDC00-\uDFFF]/g, '');

function cell(c: Cell): XlsxCell {
  if (c === null) return null;
  if (typeof c === 'number') return Number.isFinite(c) ? { value: c, type: Number } : null;
  return { value: text(c), type: String };
}

/** The workbook, as a Blob the browser saves. */
export function toXlsx(table: ExportTable): Promise<Blob> {
  const data: SheetData = [
    table.header.map((h): XlsxCell => (h === null ? null : { value: text(String(h)), type: String, fontWeight: 'bold' })),
    ...table.rows.map((cells) => cells.map(cell)),
  ];
  return writeXlsxFile(data, { sheet: safeName(table.name), stickyRowsCount: 1 }).toBlob();
}
