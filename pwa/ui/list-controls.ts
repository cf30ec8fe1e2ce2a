// The controls a list's filter row and headers are made of, shared by the record, document and group lists: a column
// header that sorts (a button with aria-sort on its cell), a select of one value or any, and a day input.
import { css, html, type TemplateResult } from 'lit';
import { nextSort, type ListSort } from '../features/records/list-model.ts';
import { t } from '../i18n/index.ts';

/** A table column's header that sorts: a click goes ascending, descending, then back to the list's own order. */
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
export const sortHeaderStyles = css`
  th button.sort {
    background: none;
    border: 0;
    padding: 0;
    font: inherit;
    font-weight: 600;
    color: inherit;
    cursor: pointer;
    min-height: 0;
  }
  th button.sort:focus-visible {
    outline: 2px solid var(--fc-accent, #0b57d0);
    outline-offset: 2px;
  }
`;

export interface FilterOption {
  value: string;
  label: string;
}

/** One filter of the row: a value of `options`, or any (the empty value). `key` is the filter's `filter[...]` key. */
export function filterSelect(key: string, label: unknown, options: readonly FilterOption[], filters: Readonly<Record<string, string>>, set: (key: string, value: string) => void): TemplateResult {
  return html`<label
    >${label}<select data-filter=${key} @change=${(e: Event) => set(key, (e.target as HTMLSelectElement).value)}>
      <option value="" ?selected=${!filters[key]}>${t('list.any')}</option>
      ${options.map((o) => html`<option value=${o.value} ?selected=${filters[key] === o.value}>${o.label}</option>`)}
    </select></label
  >`;
}

/** One end of a date range in the filter row (`createdAt.from`, `issuedAt.to`): a calendar day, or none. */
export function filterDay(key: string, label: unknown, filters: Readonly<Record<string, string>>, set: (key: string, value: string) => void): TemplateResult {
  return html`<label>${label}<input type="date" data-filter=${key} .value=${filters[key] ?? ''} @change=${(e: Event) => set(key, (e.target as HTMLInputElement).value)} /></label>`;
}

/** The filter row of the document and group lists: its controls side by side, each label above its control. */
export const filterRowStyles = css`
  .filters {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    margin-bottom: 10px;
  }
  .filters label {
    display: grid;
    font-size: 13px;
  }
`;
