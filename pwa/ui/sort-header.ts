// A table column's header that sorts a server list: a button (keyboard, screen reader) and aria-sort on the cell, as
// the record lists' headers do (fc-record-list.ts). A click goes ascending, descending, then back to the list's order.
import { html, type TemplateResult } from 'lit';
import { nextSort, type ListSort } from '../features/records/list-model.ts';
import { t } from '../i18n/index.ts';

export function sortHeader(label: string, field: string, sort: ListSort | null, onSort: (next: ListSort | null) => void): TemplateResult {
  const dir = sort?.field === field ? sort.direction : null;
  return html`<th aria-sort=${dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : 'none'}>
    <button type="button" class="sort" data-sort=${field} title=${t(dir === 'asc' ? 'list.sortAsc' : dir === 'desc' ? 'list.sortDesc' : 'list.sortNone')} @click=${() => onSort(nextSort(sort, field))}>
      ${label}<span aria-hidden="true">${dir === 'asc' ? ' ▲' : dir === 'desc' ? ' ▼' : ''}</span>
    </button>
  </th>`;
}

/** The `sort` query value of a server list (`-size`), or none. */
export const sortQuery = (sort: ListSort | null): string => (sort ? `${sort.direction === 'desc' ? '-' : ''}${sort.field}` : '');

/** Header buttons look like the header's text. */
export const sortHeaderStyles = `
  th button.sort { background: none; border: 0; padding: 0; font: inherit; font-weight: 600; color: inherit; cursor: pointer; min-height: 0; }
  th button.sort:focus-visible { outline: 2px solid var(--fc-accent, #0b57d0); outline-offset: 2px; }
`;
