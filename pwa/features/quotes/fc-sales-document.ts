// A quote's or order's lines (an editable grid priced as the server prices), its totals, "Convert to order", "Merge"
// with a template, and the documents filed with it. Shown under the record's summary (desktop, online only).
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { childEntities, type AnyRecord, type EntityName } from '../../../shared/entities/index.ts';
import type { FieldIssue } from '../../../shared/errors.ts';
import type { MergedDocument, MergeTemplate } from '../../../shared/mail-merge.ts';
import { formatDecimal, formatMoney } from '../../../shared/money.ts';
import { DISCOUNT_TYPES, PERCENT_SCALE } from '../../../shared/pricing.ts';
import { can } from '../../../shared/security.ts';
import { personName } from '../../app/people.ts';
import { go } from '../../app/router.ts';
import { runtime } from '../../app/runtime.ts';
import { formatInstant } from '../../forms/format.ts';
import { locale, LocaleController, t } from '../../i18n/index.ts';
import { ApiError } from '../../net/api.ts';
import { errorText } from '../../ui/error-text.ts';
import { base } from '../../ui/styles.ts';
import { emptyRow, inputOf, lineIssue, previewOf, previewTotals, rowOf, type LineRow } from './lines.ts';
import { documentHref, salesApi } from './sales-api.ts';

@customElement('fc-sales-document')
export class FcSalesDocument extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
        margin-top: 16px;
      }
      section {
        padding: 12px 14px;
        margin-bottom: 14px;
      }
      h2 {
        font-size: 17px;
        margin: 0 0 10px;
      }
      .scroll {
        overflow-x: auto;
        /* The containing block of the hidden caption: else it would widen the page, outside the scroll box. */
        position: relative;
      }
      table {
        border-collapse: collapse;
        width: 100%;
        min-width: 860px;
      }
      th {
        text-align: left;
        font-size: 12px;
        color: var(--fc-muted);
        font-weight: 600;
        padding: 4px 6px;
        border-bottom: 1px solid var(--fc-line);
        white-space: nowrap;
      }
      td {
        padding: 4px 6px;
        border-bottom: 1px solid var(--fc-line);
        vertical-align: top;
      }
      td.num,
      th.num {
        text-align: right;
        white-space: nowrap;
      }
      td input,
      td select {
        min-height: 44px;
      }
      input.qty {
        width: 6em;
      }
      input.money {
        width: 8em;
      }
      .discount {
        display: flex;
        gap: 4px;
      }
      .discount select {
        width: auto;
      }
      .discount input {
        width: 6em;
      }
      [aria-invalid='true'] {
        border-color: var(--fc-danger);
      }
      .issue {
        color: var(--fc-danger);
        font-size: 12px;
      }
      dl.totals {
        display: grid;
        grid-template-columns: auto auto;
        justify-content: end;
        gap: 4px 18px;
        margin: 12px 0 0;
      }
      dl.totals dt {
        color: var(--fc-muted);
      }
      dl.totals dd {
        margin: 0;
        text-align: right;
        font-variant-numeric: tabular-nums;
      }
      dl.totals .grand {
        font-weight: 700;
        font-size: 17px;
      }
      .toolbar {
        flex-wrap: wrap;
      }
      .status {
        margin-left: 8px;
      }
      ul.docs {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      ul.docs li {
        padding: 4px 0 8px;
        border-bottom: 1px solid var(--fc-line);
      }
      ul.docs a {
        display: inline-block;
        min-height: 44px;
        line-height: 44px;
      }
      .merge {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
        align-items: center;
      }
      .merge select {
        width: auto;
        max-width: 100%;
      }
      @media print {
        .no-print,
        button,
        select {
          display: none !important;
        }
        table {
          min-width: 0;
        }
      }
    `,
  ];

  @property() entity: EntityName = 'quote';
  @property({ attribute: false }) record: AnyRecord | null = null;
  @state() private rows: LineRow[] = [];
  @state() private products: AnyRecord[] = [];
  @state() private prices = new Map<string, number>();
  @state() private issues: FieldIssue[] = [];
  @state() private status = '';
  @state() private error = '';
  @state() private dirty = false;
  @state() private saving = false;
  @state() private templates: MergeTemplate[] = [];
  @state() private templateId = '';
  @state() private documents: MergedDocument[] = [];
  /** The lines and products have arrived: until then the grid takes no input (a line added earlier would be overwritten). */
  @state() private loaded = false;
  private loadedFor = '';

  constructor() {
    super();
    new LocaleController(this);
  }

  private get kind(): 'quote' | 'order' {
    return this.entity === 'order' ? 'order' : 'quote';
  }
  private get api() {
    return salesApi(runtime.api);
  }
  private get currency(): string {
    return String((this.record as Record<string, unknown> | null)?.currency ?? 'EUR');
  }
  private get mayEdit(): boolean {
    const rights = runtime.current?.session.rights;
    return !!this.record && (!rights || can(rights, 'edit', this.entity, this.record.territoryId));
  }

  override willUpdate(changed: Map<string, unknown>): void {
    // Load once per record and currency; a saved change of lines comes back with the record itself.
    const key = `${this.entity}:${this.record?.id ?? ''}:${this.currency}`;
    if ((changed.has('record') || changed.has('entity')) && this.record && key !== this.loadedFor && !this.dirty) {
      // Another record (a quote converted, now its order): nothing of the previous one stays on screen.
      if (!this.loadedFor.startsWith(`${this.entity}:${this.record.id}:`)) this.loaded = false;
      this.loadedFor = key;
      void this.load();
    }
  }

  private async load(): Promise<void> {
    if (!this.record) return;
    const id = this.record.id;
    try {
      const [items, products, prices, templates, documents] = await Promise.all([
        this.api.items(this.kind, id),
        this.api.products(),
        this.api.prices(this.currency),
        this.api.templates(this.entity),
        this.api.documents(this.entity, id),
      ]);
      if (!this.dirty) this.rows = items.records.map((r) => rowOf(r, locale()));
      this.products = products.records;
      this.prices = new Map(prices.records.map((p) => [String((p as Record<string, unknown>).productId), Number((p as Record<string, unknown>).listPrice)]));
      this.templates = templates.templates;
      this.templateId = this.templates[0]?.id ?? '';
      this.documents = documents.documents;
      this.error = '';
      this.loaded = true;
    } catch (err) {
      this.error = errorText(err);
    }
  }

  private set(i: number, key: keyof LineRow, value: string): void {
    this.rows = this.rows.map((r, k) => {
      if (k !== i) return r;
      const next = { ...r, [key]: value } as LineRow;
      // Another product: its name and price, unless the user typed their own.
      if (key === 'productId') {
        const p = this.products.find((x) => x.id === value) as Record<string, unknown> | undefined;
        if (p && (!r.description || this.products.some((x) => (x as Record<string, unknown>).name === r.description))) next.description = String(p.name ?? '');
        next.listPrice = '';
      }
      return next;
    });
    this.dirty = true;
    this.status = '';
  }

  private add(): void {
    this.rows = [...this.rows, emptyRow()];
    this.dirty = true;
  }

  private removeLine(i: number): void {
    this.rows = this.rows.filter((_, k) => k !== i);
    this.issues = [];
    this.dirty = true;
  }

  private async save(): Promise<void> {
    if (!this.record) return;
    this.saving = true;
    this.status = '';
    try {
      const out = await this.api.saveLines(
        this.kind,
        this.record.id,
        this.rows.map((r) => inputOf(r, this.currency, locale())),
      );
      this.rows = out.items.map((r) => rowOf(r, locale()));
      this.issues = [];
      this.dirty = false;
      this.status = t('sales.linesSaved');
      runtime.serverRecords().changedOutside(this.entity, ...childEntities(this.entity));
    } catch (err) {
      this.issues = err instanceof ApiError ? ((err.problem?.issues ?? []) as FieldIssue[]) : [];
      this.status = this.issues.length ? t('ui.fixFields') : errorText(err);
    } finally {
      this.saving = false;
    }
  }

  private async convert(): Promise<void> {
    if (!this.record) return;
    try {
      const out = await this.api.convert(this.record.id);
      runtime.serverRecords().changedOutside('quote', 'order');
      go({ view: 'show', entity: 'order', id: out.order.id, tab: 'summary' });
    } catch (err) {
      this.status = errorText(err);
    }
  }

  private async merge(): Promise<void> {
    if (!this.record || !this.templateId) return;
    this.status = t('sales.merging');
    try {
      const out = await this.api.merge(this.templateId, this.record.id);
      if (out.document) {
        this.documents = [out.document, ...this.documents];
        this.status = t('sales.merged', { title: out.document.title });
        // Opened at once, in a tab of its own (print it to PDF from there).
        window.open(documentHref(out.document.id), '_blank', 'noopener');
      }
    } catch (err) {
      const p = err instanceof ApiError ? err.problem : undefined;
      this.status = p?.line ? t('templates.errorAt', { line: p.line, column: p.column ?? 1, message: errorText(err), detail: p.detail ?? '' }) : errorText(err);
    }
  }

  private issueText(row: number, field: string): string {
    return this.issues
      .filter((i) => lineIssue(i.field)?.row === row && lineIssue(i.field)?.field === field)
      .map((i) => t(`issue.${i.code}`, i.detail === undefined ? {} : { detail: i.detail }))
      .join(' ');
  }

  private cellInput(i: number, key: keyof LineRow, field: string, cls: string, label: string) {
    const problem = this.issueText(i, field);
    return html`<input
        class=${cls}
        inputmode=${key === 'description' ? 'text' : 'decimal'}
        aria-label="${label} ${i + 1}"
        data-line=${i}
        data-cell=${key}
        .value=${String(this.rows[i]![key] ?? '')}
        aria-invalid=${problem ? 'true' : 'false'}
        @input=${(e: Event) => this.set(i, key, (e.target as HTMLInputElement).value)}
      />${problem ? html`<div class="issue" role="alert">${problem}</div>` : nothing}`;
  }

  private money(minor: number | null | undefined): string {
    return typeof minor === 'number' ? formatMoney(minor, this.currency, locale()) : '';
  }

  private renderLines() {
    const rec = this.record as Record<string, unknown>;
    const edit = this.mayEdit;
    const previews = this.rows.map((r) => previewOf(r, this.currency, r.productId ? (this.prices.get(r.productId) ?? null) : null, locale()));
    const taxRate = typeof rec.taxRate === 'number' ? rec.taxRate : 0;
    // While editing, the totals are the preview of what the server will compute; otherwise what it stored.
    const shown = this.dirty ? previewTotals(previews, taxRate) : { subtotal: Number(rec.subtotal ?? 0), tax: Number(rec.tax ?? 0), total: Number(rec.total ?? 0) };
    return html`<section class="card" data-lines>
      <h2>${t('sales.lines')}</h2>
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th>#</th>
              <th>${t('field.quoteItem.productId')}</th>
              <th>${t('field.quoteItem.description')}</th>
              <th class="num">${t('field.quoteItem.quantity')}</th>
              <th class="num">${t('field.quoteItem.listPrice')} (${this.currency})</th>
              <th>${t('sales.discount')}</th>
              <th class="num">${t('field.quoteItem.quotedPrice')}</th>
              <th class="num">${t('field.quoteItem.lineTotal')}</th>
              ${edit ? html`<th><span class="visually-hidden">${t('ui.remove')}</span></th>` : nothing}
            </tr>
          </thead>
          <tbody>
            ${this.rows.map((r, i) => {
              const p = previews[i];
              const known = r.productId ? this.prices.get(r.productId) : undefined;
              return html`<tr data-row=${i}>
                <td>${i + 1}</td>
                <td>
                  ${edit
                    ? html`<select aria-label="${t('field.quoteItem.productId')} ${i + 1}" data-line=${i} data-cell="productId" @change=${(e: Event) => this.set(i, 'productId', (e.target as HTMLSelectElement).value)}>
                        <option value="" ?selected=${r.productId === ''}>${t('sales.freeText')}</option>
                        ${this.products.map((pr) => html`<option value=${pr.id} ?selected=${pr.id === r.productId}>${String((pr as Record<string, unknown>).name)}</option>`)}
                      </select>${this.issueText(i, 'productId') ? html`<div class="issue" role="alert">${this.issueText(i, 'productId')}</div>` : nothing}`
                    : String((this.products.find((x) => x.id === r.productId) as Record<string, unknown> | undefined)?.name ?? '')}
                </td>
                <td>${edit ? this.cellInput(i, 'description', 'description', '', t('field.quoteItem.description')) : r.description}</td>
                <td class="num">${edit ? this.cellInput(i, 'quantity', 'quantity', 'qty', t('field.quoteItem.quantity')) : r.quantity}</td>
                <td class="num">
                  ${edit ? html`${this.cellInput(i, 'listPrice', 'listPrice', 'money', t('field.quoteItem.listPrice'))}${r.listPrice === '' && known !== undefined ? html`<div class="muted">${this.money(known)}</div>` : nothing}` : r.listPrice}
                </td>
                <td>
                  ${edit
                    ? html`<div class="discount">
                        <select aria-label="${t('sales.discountType')} ${i + 1}" data-line=${i} data-cell="discountType" @change=${(e: Event) => this.set(i, 'discountType', (e.target as HTMLSelectElement).value)}>
                          ${DISCOUNT_TYPES.map((d) => html`<option value=${d} ?selected=${d === r.discountType}>${d === 'percent' ? '%' : this.currency}</option>`)}
                        </select>
                        ${this.cellInput(i, 'discount', r.discountType === 'percent' ? 'discountPercent' : 'discountAmount', 'qty', t('sales.discount'))}
                      </div>`
                    : r.discount
                      ? `${r.discount} ${r.discountType === 'percent' ? '%' : this.currency}`
                      : ''}
                </td>
                <td class="num" data-quoted>${p ? this.money(p.quotedPrice) : '…'}</td>
                <td class="num" data-total>${p ? this.money(p.lineTotal) : '…'}${this.issueText(i, 'lineTotal') ? html`<div class="issue">${this.issueText(i, 'lineTotal')}</div>` : nothing}</td>
                ${edit ? html`<td><button type="button" class="remove" aria-label="${t('ui.remove')} ${i + 1}" @click=${() => this.removeLine(i)}>✕</button></td>` : nothing}
              </tr>`;
            })}
          </tbody>
        </table>
      </div>
      ${this.rows.length === 0 ? html`<p class="muted">${t('sales.noLines')}</p>` : nothing}
      ${edit
        ? html`<div class="toolbar no-print" style="margin-top:10px">
            <button type="button" data-add-line @click=${() => this.add()}>+ ${t('sales.addLine')}</button>
            <button type="button" class="primary" data-save-lines ?disabled=${this.saving || !this.dirty} @click=${() => void this.save()}>${t('sales.saveLines')}</button>
            <span class="status muted" role="status" data-status>${this.status}</span>
          </div>`
        : html`<span class="status muted" role="status" data-status>${this.status}</span>`}
      <dl class="totals" data-totals>
        <dt>${t('field.quote.subtotal')}</dt>
        <dd data-subtotal>${shown ? this.money(shown.subtotal) : '…'}</dd>
        <dt>${t('field.quote.tax')} (${formatDecimal(taxRate, PERCENT_SCALE, locale(), { percent: true, trim: true })})</dt>
        <dd data-tax>${shown ? this.money(shown.tax) : '…'}</dd>
        <dt class="grand">${t('field.quote.total')}</dt>
        <dd class="grand" data-grand-total>${shown ? this.money(shown.total) : '…'}</dd>
      </dl>
    </section>`;
  }

  private renderActions() {
    const rec = this.record as Record<string, unknown>;
    const rights = runtime.current?.session.rights;
    const mayConvert = this.kind === 'quote' && rec.status !== 'ordered' && this.mayEdit && (!rights || can(rights, 'insert', 'order', String(rec.territoryId)));
    return html`<section class="card no-print" data-actions>
      <h2>${t('sales.documents')}</h2>
      <div class="merge">
        ${mayConvert ? html`<button type="button" data-convert ?disabled=${this.dirty} @click=${() => void this.convert()}>${t('sales.convert')}</button>` : nothing}
        ${this.kind === 'quote' && rec.status === 'ordered' ? html`<span class="muted">${t('sales.ordered')}</span>` : nothing}
        <label for="template">${t('sales.template')}</label>
        <select id="template" data-template @change=${(e: Event) => (this.templateId = (e.target as HTMLSelectElement).value)}>
          ${this.templates.map((tp) => html`<option value=${tp.id} ?selected=${tp.id === this.templateId}>${tp.name}</option>`)}
        </select>
        <button type="button" class="primary" data-merge ?disabled=${!this.templateId || this.dirty} @click=${() => void this.merge()}>${t('sales.merge')}</button>
      </div>
      ${this.dirty ? html`<p class="muted">${t('sales.saveFirst')}</p>` : nothing}
      <ul class="docs" data-documents>
        ${this.documents.map(
          (d) => html`<li data-document=${d.id}>
            <a href=${documentHref(d.id)} target="_blank" rel="noopener">${d.title}</a>
            <div class="muted">${formatInstant(d.createdAt, runtime.current?.session.user.timeZone ?? 'UTC')} · ${personName(d.createdBy)}</div>
          </li>`,
        )}
      </ul>
      ${this.documents.length === 0 ? html`<p class="muted">${t('sales.noDocuments')}</p>` : nothing}
    </section>`;
  }

  override render() {
    if (!this.record || !this.loaded) return this.error ? html`<p class="issue" role="alert">${this.error}</p>` : nothing;
    return html`${this.error ? html`<p class="issue" role="alert">${this.error}</p>` : nothing}${this.renderLines()}${this.renderActions()}`;
  }
}
