// Marketing | Groups (desktop, online only): every group whose name contains the filter, a page at a time (389-171752-QA), and a new one.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { runtime } from '../../app/runtime.ts';
import { LatestRequest } from '../../net/latest-request.ts';
import { go, href, parseRoute } from '../../app/router.ts';
import { formatInstant } from '../../forms/format.ts';
import { LocaleController, t } from '../../i18n/index.ts';
import { base, page, dataTable } from '../../ui/styles.ts';
import { filterRowStyles, filterSelect, sortHeader, sortHeaderStyles, sortQuery } from '../../ui/list-controls.ts';
import type { ListSort } from '../records/list-model.ts';
import './fc-group-form.ts';
import { problemText } from './fc-group-form.ts';
import { groupsApi, pageRange, type Group } from './groups-api.ts';

export const GROUPS_PER_PAGE = 20;
/** Typing pauses this long before the list asks the server again. */

@customElement('fc-group-list')
export class FcGroupList extends LitElement {
  static override styles = [
    base, page, dataTable,
    sortHeaderStyles,
    filterRowStyles,
    css`
      h1 {
        font-size: 20px;
        margin: 4px 0 12px;
      }
      .head {
        display: flex;
        gap: 8px;
        align-items: center;
        margin-bottom: 10px;
      }
      .head input {
        flex: 1;
        min-width: 0;
      }
      th,
      td {
        text-align: left;
        padding: 8px;
        border-bottom: 1px solid var(--fc-line);
        vertical-align: middle;
      }
      td a {
        font-weight: 600;
      }
      .pager {
        display: flex;
        gap: 8px;
        align-items: center;
        justify-content: flex-end;
        margin-top: 10px;
      }
      .range {
        margin-right: auto;
      }
      fc-group-form {
        margin-bottom: 16px;
      }
    `,
  ];
  @state() private query = '';
  @state() private offset = 0;
  @state() private page: { total: number; groups: Group[] } | null = null;
  @state() private error = '';
  @state() private creating = false;
  /** The column the server sorts by (by name when none), and the filter row (entity, kind). */
  @state() private sort: ListSort | null = null;
  @state() private filters: Record<string, string> = {};
  private readonly requests = new LatestRequest();

  constructor() {
    super();
    new LocaleController(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.readUrl();
    void this.load();
  }

  /**
   * The filter, the page and an open form live in the address too: the online-only wrapper re-creates this element
   * after a connection blip, and it comes back as it was (and Back returns to the same page of the same filter).
   */
  private readUrl(): void {
    const r = parseRoute(location.hash);
    if (r.view !== 'page' || r.page !== 'groups') return;
    this.query = r.params?.q ?? '';
    const offset = Number(r.params?.offset ?? 0);
    this.offset = Number.isSafeInteger(offset) && offset > 0 ? offset : 0;
    this.creating = r.params?.new === '1';
  }

  private writeUrl(): void {
    const now = parseRoute(location.hash);
    if (now.view !== 'page' || now.page !== 'groups') return;
    const params: Record<string, string> = {};
    if (this.query.trim()) params.q = this.query.trim();
    if (this.offset) params.offset = String(this.offset);
    if (this.creating) params.new = '1';
    const target = href({ view: 'page', page: 'groups', params });
    // replaceState: no history entry per keystroke, and no hashchange (the shell keeps this element).
    if (location.hash !== target) history.replaceState(history.state, '', target);
  }

  private setCreating(on: boolean): void {
    this.creating = on;
    this.writeUrl();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.requests.stop();
  }

  /** Asks for the current filter and page; an answer to an older question (slower than the newer one) is dropped. */
  private async load(): Promise<void> {
    this.writeUrl();
    const signal = this.requests.next();
    try {
      const page = await groupsApi(runtime.api).list(this.query.trim(), this.offset, GROUPS_PER_PAGE, signal, sortQuery(this.sort), this.filters);
      if (signal.aborted) return;
      this.page = page;
      this.error = '';
      // The last group of the last page deleted elsewhere: step back to a page that has some.
      if (page.groups.length === 0 && page.total > 0 && this.offset > 0) {
        this.offset = Math.max(0, Math.floor((page.total - 1) / GROUPS_PER_PAGE) * GROUPS_PER_PAGE);
        void this.load();
      }
    } catch (err) {
      if (!signal.aborted) this.error = problemText(err);
    }
  }

  private onFilter(e: Event): void {
    this.query = (e.target as HTMLInputElement).value;
    this.offset = 0;
    // In the address at once: a re-created list (after a connection blip) asks for what was typed, not what was asked last.
    this.writeUrl();
    this.requests.later(() => void this.load());
  }

  private setSort(next: ListSort | null): void {
    this.sort = next;
    this.offset = 0;
    void this.load();
  }

  private setFilter(key: string, value: string): void {
    this.filters = { ...this.filters, [key]: value };
    this.offset = 0;
    void this.load();
  }

  private filterRow() {
    const set = (key: string, value: string): void => this.setFilter(key, value);
    return html`<div class="filters">
      ${filterSelect('entity', t('groups.entity'), ['company', 'person', 'lead'].map((e) => ({ value: e, label: t(`nav.${e}`) })), this.filters, set)}
      ${filterSelect('kind', t('groups.kind'), ['static', 'dynamic'].map((k) => ({ value: k, label: t(`groups.kind.${k}`) })), this.filters, set)}
    </div>`;
  }

  private turn(by: number): void {
    this.offset = Math.max(0, this.offset + by * GROUPS_PER_PAGE);
    void this.load();
  }

  private renderTable(groups: Group[]) {
    const zone = runtime.current?.session.user.timeZone ?? 'UTC';
    return html`<div class="scroll">
      <table class="card" aria-label=${t('nav.groups')}>
        <thead>
          <tr>
            ${sortHeader(t('groups.name'), 'name', this.sort, (n) => this.setSort(n))}
            ${sortHeader(t('groups.entity'), 'entity', this.sort, (n) => this.setSort(n))}
            ${sortHeader(t('groups.kind'), 'kind', this.sort, (n) => this.setSort(n))}
            <th>${t('groups.owner')}</th>
            ${sortHeader(t('groups.updated'), 'updatedAt', this.sort, (n) => this.setSort(n))}
          </tr>
        </thead>
        <tbody>
          ${groups.map(
            (g) => html`<tr data-group=${g.id}>
              <td><a href=${href({ view: 'page', page: 'group', arg: g.id })}>${g.name}</a></td>
              <td>${t(`nav.${g.entity}`)}</td>
              <td>${t(`groups.kind.${g.kind}`)}</td>
              <td>${g.ownerName}</td>
              <td>${formatInstant(g.updatedAt, zone)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  override render() {
    const p = this.page;
    const range = p ? pageRange(this.offset, p.groups.length, p.total) : null;
    return html`<h1>${t('nav.groups')}</h1>
      ${this.creating
        ? html`<fc-group-form
            .group=${null}
            @fc-saved=${(e: CustomEvent<Group>) => (this.setCreating(false), go(href({ view: 'page', page: 'group', arg: e.detail.id })))}
            @fc-cancel=${() => this.setCreating(false)}
          ></fc-group-form>`
        : nothing}
      <div class="head">
        <input type="search" aria-label=${t('groups.filter')} placeholder=${t('groups.filterHint')} .value=${this.query} @input=${this.onFilter} maxlength="120" />
        <button type="button" class="primary" data-new-group ?disabled=${this.creating} @click=${() => this.setCreating(true)}>+ ${t('groups.new')}</button>
      </div>
      ${this.filterRow()}
      ${this.error ? html`<p class="issue" role="alert">${this.error}</p>` : nothing}
      ${p && p.groups.length === 0 && p.total === 0 ? html`<p class="muted" data-empty>${this.query.trim() ? t('groups.noMatch', { q: this.query.trim() }) : t('groups.none')}</p>` : nothing}
      ${p && p.groups.length ? this.renderTable(p.groups) : nothing}
      ${p && p.total > 0
        ? html`<div class="pager">
            <span class="range muted" aria-live="polite" data-range>${range ? t('groups.range', { from: range.from, to: range.to, total: range.total }) : ''}</span>
            <button type="button" ?disabled=${this.offset === 0} @click=${() => this.turn(-1)}>${t('groups.previous')}</button>
            <button type="button" ?disabled=${this.offset + p.groups.length >= p.total} @click=${() => this.turn(1)}>${t('groups.next')}</button>
          </div>`
        : nothing}`;
  }
}
