// Reports (desktop, online only; loaded as its own chunk): the reports the user may run, a builder for new and saved
// ones (columns, a filter, grouping, sort), and the result as a table with a chart beside it, paged, exported to .xlsx or CSV.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { customEntity, entityDef, type EntityName } from '../../../shared/entities/index.ts';
import { columnOf, FILTER_OPS, isNumeric, reportEntities, reportFields, type FilterOp, type ReportDefinition, type ReportEntity, type ReportResult, type ReportSummary } from '../../../shared/reports.ts';
import { mayDo } from '../../app/permissions.ts';
import { go, parseRoute } from '../../app/router.ts';
import { runtime } from '../../app/runtime.ts';
import { fieldLabel, LocaleController, optionLabel, t } from '../../i18n/index.ts';
import { errorText } from '../../ui/error-text.ts';
import { base, dataTable, page } from '../../ui/styles.ts';
import './fc-report-chart.ts';
import { cellText, columnCaption, groupLabel } from './report-format.ts';
import { reportsApi } from './reports-api.ts';

const PER_PAGE = 50;
const OPS_SHOWN: readonly FilterOp[] = ['eq', 'ne', 'contains', 'gt', 'lt', 'empty', 'notEmpty', 'thisMonth'];

const blank = (entity: ReportEntity): ReportDefinition => ({ entity, columns: entityDef(entity as EntityName).listFields.filter((f) => columnOf(entity, f)).slice(0, 5), filters: [], sort: [], groupBy: [], details: true, chart: false });

@customElement('fc-reports-page')
export class FcReportsPage extends LitElement {
  static override styles = [
    base,
    page,
    dataTable,
    css`
      h1 {
        font-size: 20px;
        margin: 4px 0 12px;
      }
      .layout {
        display: grid;
        grid-template-columns: minmax(200px, 260px) 1fr;
        gap: 16px;
        align-items: start;
      }
      @media (max-width: 800px) {
        .layout {
          grid-template-columns: 1fr;
        }
      }
      nav ul {
        list-style: none;
        margin: 0 0 8px;
        padding: 0;
      }
      nav li {
        margin: 2px 0;
      }
      nav a[aria-current] {
        font-weight: 700;
      }
      .tag {
        font-size: 11px;
        color: var(--fc-muted);
        margin-left: 4px;
      }
      fieldset {
        border: 1px solid var(--fc-line);
        border-radius: var(--fc-radius);
        margin: 0 0 12px;
        padding: 10px 12px;
        background: var(--fc-surface);
      }
      legend {
        font-weight: 600;
      }
      .cols {
        display: flex;
        flex-wrap: wrap;
        gap: 2px 16px;
      }
      label.check {
        display: inline-flex;
        align-items: center;
        gap: 6px;
        min-height: 32px;
        margin: 0;
        font-weight: 400;
      }
      label.check input {
        width: 18px;
        height: 18px;
        min-height: 0;
        margin: 0;
      }
      .row select,
      .row input:not([type='checkbox']) {
        width: auto;
        min-width: 160px;
      }
      .actions label:not(.check) {
        display: inline-flex;
        align-items: center;
        gap: 6px;
        margin: 0;
      }
      .actions input[name='name'] {
        width: 240px;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
        align-items: center;
        margin: 6px 0;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
        align-items: center;
        margin: 10px 0;
      }
      .result {
        display: grid;
        grid-template-columns: minmax(0, 3fr) minmax(340px, 2fr);
        gap: 16px;
        align-items: start;
      }
      .result.nochart {
        grid-template-columns: minmax(0, 1fr);
      }
      @media (max-width: 1000px) {
        .result {
          grid-template-columns: minmax(0, 1fr);
        }
      }
      td.num,
      th.num {
        text-align: right;
        white-space: nowrap;
      }
      td.short {
        white-space: nowrap;
      }
      .result.stacked {
        grid-template-columns: minmax(0, 1fr);
      }
      .result.stacked figure {
        max-width: 640px;
      }
      tr.subtotal td {
        font-weight: 600;
        background: var(--fc-bg);
      }
      tr.total td {
        font-weight: 700;
        border-top: 2px solid var(--fc-text);
      }
      th,
      td {
        padding: 6px 8px;
        border-bottom: 1px solid var(--fc-line);
        text-align: left;
      }
      .error {
        color: var(--fc-danger);
      }
      .ok {
        color: var(--fc-ok);
      }
    `,
  ];
  @state() private reports: ReportSummary[] = [];
  @state() private selected = '';
  @state() private editing = false;
  @state() private def: ReportDefinition = blank('company');
  @state() private name = '';
  @state() private shared = false;
  @state() private ownerId = '';
  /** Forecast vs. actual is computed, not a definition: it has no builder. */
  @state() private computed = false;
  @state() private result: ReportResult | null = null;
  @state() private offset = 0;
  @state() private busy = false;
  @state() private error = '';
  @state() private notice = '';
  private readonly onHash = (): void => void this.open(this.routeId());

  constructor() {
    super();
    new LocaleController(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHash);
    void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.onHash);
  }

  private routeId(): string {
    const r = parseRoute(location.hash);
    return r.view === 'page' && r.page === 'reports' ? (r.arg ?? '') : '';
  }

  private async load(): Promise<void> {
    try {
      this.reports = await reportsApi.list();
      // A report being built stays open: loading again (the element connected anew) never throws the builder away.
      if (!this.editing) await this.open(this.routeId() || this.reports[0]?.id || '');
    } catch (err) {
      this.error = errorText(err);
    }
  }

  /** Opens a report: its definition into the builder, and its first page of rows. */
  private async open(id: string): Promise<void> {
    if (!id || id === this.selected) return;
    this.selected = id;
    this.editing = false;
    this.notice = '';
    this.error = '';
    try {
      const r = await reportsApi.get(id);
      this.def = r.definition;
      this.name = r.name;
      this.shared = r.shared ?? false;
      this.ownerId = r.ownerId ?? '';
      this.computed = r.entity === 'forecast';
      this.offset = 0;
      await this.run();
    } catch (err) {
      this.error = errorText(err);
    }
  }

  private get isSaved(): boolean {
    return this.selected.startsWith('r-');
  }

  private get mine(): boolean {
    return this.isSaved && this.ownerId === runtime.current?.session.user.id;
  }

  /** Runs what is open: the saved or shipped report as stored, or the builder's definition while editing. */
  private async run(offset = this.offset): Promise<void> {
    this.busy = true;
    this.error = '';
    try {
      this.result = this.editing || !this.selected ? await reportsApi.runUnsaved(this.def, this.name || t('report.new'), offset, PER_PAGE) : await reportsApi.run(this.selected, offset, PER_PAGE);
      this.offset = offset;
    } catch (err) {
      this.error = errorText(err);
    } finally {
      this.busy = false;
    }
  }

  private startNew(): void {
    this.selected = '';
    this.editing = true;
    this.def = blank('company');
    this.name = '';
    this.shared = false;
    this.ownerId = '';
    this.result = null;
    this.notice = '';
    if (location.hash !== '#/page/reports') history.replaceState(null, '', '#/page/reports');
  }

  private async save(asNew: boolean): Promise<void> {
    this.error = '';
    try {
      const saved = await reportsApi.save({ name: this.name.trim(), shared: this.shared, definition: this.def }, asNew || !this.mine ? undefined : this.selected);
      this.reports = await reportsApi.list();
      this.selected = saved.id;
      this.ownerId = saved.ownerId;
      this.editing = false;
      this.notice = t('report.saved');
      history.replaceState(null, '', `#/page/reports/${encodeURIComponent(saved.id)}`);
      await this.run(0);
    } catch (err) {
      this.error = errorText(err);
    }
  }

  private async deleteReport(): Promise<void> {
    try {
      await reportsApi.remove(this.selected);
      this.reports = await reportsApi.list();
      this.selected = '';
      go({ view: 'page', page: 'reports', arg: this.reports[0]?.id ?? '' });
    } catch (err) {
      this.error = errorText(err);
    }
  }

  /** An unsaved definition's export: posted, then handed to the browser as a download. */
  private async exportUnsaved(format: 'xlsx' | 'csv'): Promise<void> {
    try {
      const res = await fetch(`/api/reports/export.${format}`, { method: 'POST', credentials: 'same-origin', headers: runtime.api.headers({ 'Content-Type': 'application/json' }), body: JSON.stringify({ definition: this.def, name: this.name || 'report' }) });
      if (!res.ok) throw new Error(t('error.FC-REP-001'));
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = `${(this.name || 'report').replace(/[^\w-]+/g, '-')}.${format}`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      this.error = errorText(err);
    }
  }

  private patch(change: Partial<ReportDefinition>): void {
    this.def = { ...this.def, ...change };
  }

  private toggleColumn(key: string, on: boolean): void {
    const columns = on ? [...this.def.columns, key] : this.def.columns.filter((c) => c !== key);
    this.patch({ columns, groupBy: this.def.groupBy.filter((g) => columns.includes(g) || on) });
  }

  /** The columns offered: each field, and a month column for each date. */
  private columnChoices(entity: ReportEntity): string[] {
    const out: string[] = [];
    for (const f of reportFields(entity)) {
      out.push(f);
      const col = columnOf(entity, f);
      if (col && (col.kind === 'date' || col.kind === 'datetime')) out.push(`${f}:month`);
    }
    return out;
  }

  override render() {
    return html`<h1>${t('nav.reports')}</h1>
      <div class="layout">
        <nav aria-label=${t('report.list')}>
          <ul>
            ${this.reports.map(
              (r) =>
                html`<li>
                  <a href="#/page/reports/${encodeURIComponent(r.id)}" data-report=${r.id} aria-current=${r.id === this.selected ? 'page' : nothing}>${r.name}</a>${r.kind === 'shipped' ? html`<span class="tag">${t('report.shippedTag')}</span>` : r.shared ? html`<span class="tag">${t('report.sharedTag')}</span>` : nothing}
                </li>`,
            )}
          </ul>
          <button type="button" data-new-report @click=${() => this.startNew()}>${t('report.new')}</button>
        </nav>
        <div>
          ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
          ${this.notice ? html`<p class="ok" role="status">${this.notice}</p>` : nothing}
          ${this.editing ? this.renderBuilder() : this.renderHead()} ${this.renderResult()}
        </div>
      </div>`;
  }

  private renderHead() {
    if (!this.selected) return nothing;
    return html`<h2>${this.name}</h2>
      <div class="actions">
        <a class="button" data-export="xlsx" href=${reportsApi.exportUrl(this.selected, 'xlsx')} download>${t('report.exportXlsx')}</a>
        <a class="button" data-export="csv" href=${reportsApi.exportUrl(this.selected, 'csv')} download>${t('report.exportCsv')}</a>
        ${this.computed ? nothing : html`<button type="button" data-edit @click=${() => (this.editing = true)}>${t('report.edit')}</button>`}
        ${this.mine ? html`<button type="button" class="danger" @click=${() => void this.deleteReport()}>${t('report.delete')}</button>` : nothing}
      </div>`;
  }

  private renderBuilder() {
    const d = this.def;
    const fields = reportFields(d.entity);
    const choices = this.columnChoices(d.entity);
    const groupable = d.columns.filter((c) => {
      const col = columnOf(d.entity, c);
      return col && !isNumeric(col);
    });
    const filter = d.filters[0];
    const caption = (k: string): string => {
      const col = columnOf(d.entity, k);
      return col ? columnCaption(d.entity, col) : k;
    };
    return html`<form
      data-builder
      @submit=${(e: Event) => {
        e.preventDefault();
        void this.run(0);
      }}
    >
      <fieldset>
        <legend>${t('report.entity')}</legend>
        <select
          style="width:auto;min-width:220px"
          aria-label=${t('report.entity')}
          name="entity"
          .value=${d.entity}
          @change=${(e: Event) => {
            this.def = blank((e.target as HTMLSelectElement).value as ReportEntity);
          }}
        >
          ${reportEntities()
            .filter((e) => !customEntity(e) || mayDo('view', e))
            .map((e) => html`<option value=${e} ?selected=${e === d.entity}>${t(`nav.${e}`)}</option>`)}
        </select>
      </fieldset>
      <fieldset>
        <legend>${t('report.columns')}</legend>
        <div class="cols">
          ${choices.map(
            (k) =>
              html`<label class="check"><input type="checkbox" data-column=${k} .checked=${d.columns.includes(k)} @change=${(e: Event) => this.toggleColumn(k, (e.target as HTMLInputElement).checked)} /> ${caption(k)}</label>`,
          )}
        </div>
      </fieldset>
      <fieldset>
        <legend>${t('report.filter')}</legend>
        <div class="row">
          <select
            aria-label=${t('report.filter')}
            name="filterField"
            @change=${(e: Event) => {
              const field = (e.target as HTMLSelectElement).value;
              this.patch({ filters: field ? [{ field, op: filter?.op ?? 'eq', ...(filter?.value !== undefined ? { value: filter.value } : {}) }] : [] });
            }}
          >
            <option value="" ?selected=${!filter}>${t('report.none')}</option>
            ${fields.map((f) => html`<option value=${f} ?selected=${filter?.field === f}>${fieldLabel(d.entity, f)}</option>`)}
          </select>
          ${filter
            ? html`<select
                  aria-label=${t('report.filter')}
                  name="filterOp"
                  @change=${(e: Event) => {
                    const op = (e.target as HTMLSelectElement).value as FilterOp;
                    this.patch({ filters: [{ field: filter.field, op, ...(['empty', 'notEmpty', 'thisMonth'].includes(op) ? {} : { value: typeof filter.value === 'string' ? filter.value : '' }) }] });
                  }}
                >
                  ${OPS_SHOWN.filter((o) => FILTER_OPS.includes(o)).map((o) => html`<option value=${o} ?selected=${filter.op === o}>${t(`report.op.${o}`)}</option>`)}
                </select>
                ${['empty', 'notEmpty', 'thisMonth'].includes(filter.op) ? nothing : this.valueInput(filter.field, typeof filter.value === 'string' ? filter.value : String(filter.value ?? ''))}`
            : nothing}
        </div>
      </fieldset>
      <fieldset>
        <legend>${t('report.groupBy')}</legend>
        <div class="row">
          ${[0, 1].map(
            (i) => html`<select
              aria-label=${i ? t('report.thenBy') : t('report.groupBy')}
              name=${`group${i}`}
              ?disabled=${i === 1 && !d.groupBy[0]}
              @change=${(e: Event) => {
                const v = (e.target as HTMLSelectElement).value;
                const g = [...d.groupBy];
                if (v) g[i] = v;
                else g.splice(i);
                this.patch({ groupBy: g.filter(Boolean) });
              }}
            >
              <option value="" ?selected=${!d.groupBy[i]}>${t('report.none')}</option>
              ${groupable.map((k) => html`<option value=${k} ?selected=${d.groupBy[i] === k}>${caption(k)}</option>`)}
            </select>`,
          )}
          <label class="check"><input type="checkbox" name="details" .checked=${d.details} @change=${(e: Event) => this.patch({ details: (e.target as HTMLInputElement).checked })} /> ${t('report.details')}</label>
          <label class="check"><input type="checkbox" name="chart" .checked=${d.chart} @change=${(e: Event) => this.patch({ chart: (e.target as HTMLInputElement).checked })} /> ${t('report.chart')}</label>
        </div>
        <div class="row">
          <select
            aria-label=${t('report.sortBy')}
            name="sort"
            @change=${(e: Event) => {
              const field = (e.target as HTMLSelectElement).value;
              this.patch({ sort: field ? [{ field, direction: d.sort[0]?.direction ?? 'asc' }] : [] });
            }}
          >
            <option value="" ?selected=${!d.sort[0]}>${t('report.sortBy')}: ${t('report.none')}</option>
            ${d.columns.map((k) => html`<option value=${k} ?selected=${d.sort[0]?.field === k}>${t('report.sortBy')}: ${caption(k)}</option>`)}
          </select>
          <label class="check"
            ><input
              type="checkbox"
              name="descending"
              ?disabled=${!d.sort[0]}
              .checked=${d.sort[0]?.direction === 'desc'}
              @change=${(e: Event) => d.sort[0] && this.patch({ sort: [{ field: d.sort[0].field, direction: (e.target as HTMLInputElement).checked ? 'desc' : 'asc' }] })}
            />
            ${t('report.descending')}</label
          >
        </div>
      </fieldset>
      <div class="actions">
        <button type="submit" class="primary" data-run>${t('report.run')}</button>
        <label>${t('report.name')} <input name="name" maxlength="80" .value=${this.name} @input=${(e: Event) => (this.name = (e.target as HTMLInputElement).value)} /></label>
        <label class="check"><input type="checkbox" name="shared" .checked=${this.shared} @change=${(e: Event) => (this.shared = (e.target as HTMLInputElement).checked)} /> ${t('report.shareIt')}</label>
        <button type="button" data-save ?disabled=${!this.name.trim()} @click=${() => void this.save(false)}>${t('report.save')}</button>
        ${this.isSaved && this.mine ? html`<button type="button" ?disabled=${!this.name.trim()} @click=${() => void this.save(true)}>${t('report.saveCopy')}</button>` : nothing}
        <button type="button" data-export-unsaved="xlsx" @click=${() => void this.exportUnsaved('xlsx')}>${t('report.exportXlsx')}</button>
      </div>
    </form>`;
  }

  /** The filter's value: a list of the options for a choice field, else text. */
  private valueInput(field: string, value: string) {
    const f = entityDef(this.def.entity as EntityName).fields[field];
    const set = (v: string): void => {
      const current = this.def.filters[0];
      if (current) this.patch({ filters: [{ ...current, value: f && (f.kind === 'number' || f.kind === 'amount') && v !== '' && Number.isSafeInteger(Number(v)) ? Number(v) : v }] });
    };
    if (f?.kind === 'select')
      return html`<select aria-label=${t('report.filterValue')} name="filterValue" @change=${(e: Event) => set((e.target as HTMLSelectElement).value)}>
        <option value=""></option>
        ${f.options.filter((o) => o !== '').map((o) => html`<option value=${o} ?selected=${o === value}>${field === 'currency' ? o : optionLabel(o)}</option>`)}
      </select>`;
    return html`<input aria-label=${t('report.filterValue')} name="filterValue" .value=${value} @input=${(e: Event) => set((e.target as HTMLInputElement).value)} />`;
  }

  private renderResult() {
    const r = this.result;
    if (this.busy && !r) return html`<p class="muted" role="status">${t('report.running')}</p>`;
    if (!r) return nothing;
    const measure = r.columns.find((c) => c.key === r.measure);
    const compare = r.columns.find((c) => c.key === r.compare);
    const chart = r.chart && r.groups.length > 0;
    return html`<p class="muted" data-count>${t('report.count', { n: r.count })}</p>
      <!-- The chart sits beside the table; below it when the table needs the width (more than five columns). -->
      <div class=${!chart ? 'result nochart' : r.columns.length > 5 ? 'result stacked' : 'result'}>
        <div class="scroll">
          ${r.rows.length
            ? html`<table data-report-table>
                <caption class="muted" style="text-align:left">${r.name}</caption>
                <thead>
                  <tr>
                    ${r.columns.map((c) => html`<th scope="col" class=${isNumeric(c) ? 'num' : ''}>${columnCaption(r.entity, c)}</th>`)}
                  </tr>
                </thead>
                <tbody>
                  ${r.rows.map(
                    (row) =>
                      html`<tr class=${row.kind} data-row=${row.kind}>
                        ${r.columns.map((c, i) => {
                          const v = row.cells[c.key];
                          const text = row.kind !== 'record' && r.groupBy.some((g) => g.key === c.key) && typeof v === 'string' ? groupLabel(c, v) : cellText(c, row, v, i === 0);
                          return html`<td class=${isNumeric(c) ? 'num' : c.kind === 'text' ? '' : 'short'}>${text}</td>`;
                        })}
                      </tr>`,
                  )}
                </tbody>
              </table>`
            : html`<p class="muted">${t('report.empty')}</p>`}
          ${r.totalRows > r.limit
            ? html`<div class="actions">
                <span class="muted">${t('report.rowsOf', { from: r.offset + 1, to: Math.min(r.offset + r.limit, r.totalRows), n: r.totalRows })}</span>
                <button type="button" ?disabled=${r.offset === 0} @click=${() => void this.run(Math.max(0, r.offset - PER_PAGE))}>${t('ui.previous')}</button>
                <button type="button" ?disabled=${r.offset + r.limit >= r.totalRows} @click=${() => void this.run(r.offset + PER_PAGE)}>${t('ui.next')}</button>
              </div>`
            : nothing}
        </div>
        ${chart
          ? html`<figure style="margin:0">
              <figcaption class="muted">${t('report.chartTitle', { name: r.name })}</figcaption>
              <fc-report-chart
                data-chart
                .groups=${r.groups}
                .groupColumn=${r.groupBy[0]}
                .measure=${measure}
                .compare=${compare}
                caption=${measure ? columnCaption(r.entity, measure) : ''}
                compareCaption=${compare ? columnCaption(r.entity, compare) : ''}
              ></fc-report-chart>
            </figure>`
          : nothing}
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fc-reports-page': FcReportsPage;
  }
}
