// The list of an entity's records. On the device (replicated entities): every record the search finds, scrolled
// virtually (only the rows in view are in the page), as cards on a phone and as a table with sortable columns, a
// filter row and CSV/Excel export on a desktop. On the server (quotes, orders…): a page at a time, with a total.
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import '@lit-labs/virtualizer';
import { FlowLayout } from '@lit-labs/virtualizer/layouts/flow.js';
import { virtualizerRef } from '@lit-labs/virtualizer/virtualize.js';
import { loadPolyfillIfNeeded } from '@lit-labs/virtualizer/polyfillLoaders/ResizeObserver.js';
import { BehaviorSubject, type Subscription } from 'rxjs';
import { customEntity, entityDef, REPLICATED, type AnyRecord, type EntityDef, type EntityName } from '../../../shared/entities/index.ts';
import { recordTitle } from '../../../shared/records.ts';
import type { Theme } from '../../../shared/screens.ts';
import { runtime } from '../../app/runtime.ts';
import { sourceFor } from './source.ts';
import { refTarget } from '../../../shared/refs.ts';
import { mayDo } from '../../app/permissions.ts';
import { people, personName } from '../../app/people.ts';
import { href } from '../../app/router.ts';
import { theme } from '../../app/theme.ts';
import { formatValue, secondaryText } from '../../forms/format.ts';
import { fieldLabel, LocaleController, locale, optionLabel, t } from '../../i18n/index.ts';
import { zoneRules } from '../../time/zones.ts';
import { base } from '../../ui/styles.ts';
import { activeFilters, arrange, filterControls, newRecordPrefill, nextSort, serverFilters, sortable, type FilterControl, type ListFilters, type ListSort } from './list-model.ts';
import { isSortable, sortParam } from '../../../shared/list-query.ts';
import type { ServerListParams } from './server-records.ts';
import { exportList } from '../export/export-list.ts';
import { filterDay, filterSelect, type FilterOption } from '../../ui/list-controls.ts';

/** The first screenful, read with one indexed range query before the whole list (docs/decisions/0009). */
const FIRST = 60;
/** A server list's page. */
export const PAGE = 50;
/** A server list's export reads pages this big (the list route's largest), up to this many records. */
const EXPORT_PAGE = 500;
const EXPORT_MAX = 20_000;

/**
 * ResizeObserver came with Safari 13.1: on iOS 13 the virtualizer's own polyfill is loaded (a separate chunk) before
 * the first list renders; elsewhere this resolves at once and loads nothing (docs/decisions/0030).
 */
/**
 * The virtualizer's flow layout, given so it does not fetch its default one as a chunk before the first rows show,
 * with rows rendered 400 px beyond the screen instead of its 1,000 (`_overhang`, a field of its BaseLayout): a jump
 * through the list then builds about half the rows (docs/decisions/0030).
 */
class ListLayout extends FlowLayout {
  constructor(...args: ConstructorParameters<typeof FlowLayout>) {
    super(...args);
    (this as unknown as { _overhang: number })._overhang = 400;
  }
}
const LAYOUT = { type: ListLayout };

const resizeObserverReady = loadPolyfillIfNeeded().then(
  () => true,
  () => true,
);

@customElement('fc-record-list')
export class FcRecordList extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
        padding: 12px 16px;
      }
      .head,
      .tools,
      .pager {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        margin-bottom: 10px;
      }
      /* Spacing without flex gap (iOS 13 has none): a margin after every item but the last. */
      .head > * + *,
      .tools > * + *,
      .pager > * + * {
        margin-left: 8px;
      }
      .head input {
        flex: 1;
        min-width: 0;
      }
      .cards .card-row {
        display: block;
        width: 100%;
        padding: 10px 12px;
        min-height: 44px;
        border-bottom: 1px solid var(--fc-line);
        color: inherit;
        text-decoration: none;
        background: var(--fc-surface);
      }
      .title {
        font-weight: 600;
      }
      .sub {
        color: var(--fc-muted);
        font-size: 13px;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .count {
        margin: 8px 2px;
        font-size: 13px;
      }
      .tools .count {
        margin: 0 auto 0 2px;
      }
      .filters {
        display: flex;
        flex-wrap: wrap;
        align-items: flex-end;
        margin: 0 0 10px -8px;
        padding: 8px 0;
        border-top: 1px solid var(--fc-line);
      }
      .filters label {
        display: flex;
        flex-direction: column;
        font-size: 12px;
        color: var(--fc-muted);
        margin: 0 0 6px 8px;
      }
      .filters select,
      .filters input {
        font-size: 14px;
        margin-top: 2px;
        min-width: 0;
      }
      .filters button {
        margin: 0 0 6px 8px;
      }
      .table {
        background: var(--fc-surface);
        border-radius: var(--fc-radius);
      }
      /* Each row lays out on its own: a new row in view does not make the browser lay out the others again. */
      .row,
      .cards .card-row {
        contain: layout paint style;
      }
      .row {
        display: grid;
        /* One value for every row, set once on the table: rows share their computed style (an inline style per row
           would make the browser compute each one anew). */
        grid-template-columns: var(--fc-columns);
        position: relative;
        width: 100%;
        border-bottom: 1px solid var(--fc-line);
        background: var(--fc-surface);
      }
      .row > * {
        padding: 8px;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
        min-width: 0;
      }
      .row:hover {
        background: var(--fc-hover, rgb(0 0 0 / 4%));
      }
      /* The whole row opens the record: the title's link covers it. */
      .row a {
        color: inherit;
        font-weight: 600;
      }
      .row a::after {
        content: '';
        position: absolute;
        top: 0;
        right: 0;
        bottom: 0;
        left: 0;
      }
      .header {
        position: sticky;
        /* Below the app's own sticky header (fc-app measures it). */
        top: var(--fc-sticky-top, 0px);
        z-index: 1;
        background: var(--fc-surface);
        border-bottom: 2px solid var(--fc-line);
      }
      .header > * {
        padding: 0;
      }
      .header button {
        display: block;
        width: 100%;
        text-align: left;
        justify-content: flex-start;
        border: 0;
        background: transparent;
        font-weight: 600;
        font-size: 13px;
        color: var(--fc-muted);
        padding: 8px;
        min-height: 36px;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      .header span.plain {
        display: block;
        font-weight: 600;
        font-size: 13px;
        color: var(--fc-muted);
        padding: 8px;
      }
      .arrow {
        display: inline-block;
        margin-left: 4px;
      }
      .pager .range {
        margin-right: auto;
      }
    `,
  ];
  constructor() {
    super();
    // Re-render when the user switches language.
    new LocaleController(this);
  }
  @property() entity: EntityName = 'company';
  @state() private records: AnyRecord[] = [];
  @state() private query = '';
  /** False while only the first screenful has loaded: the count and "no match" wait for the rest. */
  @state() private complete = false;
  /** A server list: how many match in all, and where the page starts. */
  @state() private total: number | null = null;
  @state() private offset = 0;
  @state() private failed = false;
  @state() private theme: Theme = theme.value;
  @state() private sort: ListSort | null = null;
  @state() private filters: ListFilters = {};
  @state() private virtualReady = false;
  @state() private exporting = false;
  @state() private exportError = '';
  /** The first index the virtualizer renders (its last `rangeChanged`): a row's key is its place below it. */
  private rangeFirst = 0;
  /** Heard before the virtualizer's own listener (ours is bound when the element is made, its own on first update). */
  private readonly onRange = (e: Event): void => {
    this.rangeFirst = (e as Event & { first: number }).first;
    // The virtualizer measures a row when its ResizeObserver reports it, which it does for a new element but not for
    // a reused one of the same size: without this, rows refilled for unmeasured records never enter its size cache
    // and its estimate of the list's height drifts (seen: 268,000 px instead of 1.9 million for 50,000 rows).
    // Unobserved now, they are observed again after this render (`_finishDOMUpdate`) and so measured afresh.
    // `_childrenRO` is the virtualizer's own field (2.1): checked on upgrade, like `_overhang` above.
    const host = e.currentTarget as HTMLElement & { [virtualizerRef]?: { _childrenRO?: ResizeObserver | null } };
    const ro = host[virtualizerRef]?._childrenRO;
    if (ro) for (const child of Array.from(host.children)) ro.unobserve(child);
  };
  /**
   * Rows keyed by their place in the rendered window, not by record: a jump through the list refills the same row
   * elements with other records' text instead of building ~40 new rows, whose style recalculation and garbage made
   * the scroll's one long task (docs/decisions/0041). Keys stay unique whatever `rangeFirst` is, so this only
   * decides which elements are reused, never what they show.
   */
  private readonly slotKey = (_r: unknown, index: number): number => index - this.rangeFirst;
  /** The records as shown: `records` through the filters and the sort, kept until one of those changes. */
  private rows: AnyRecord[] = [];
  private readonly text$ = new BehaviorSubject('');
  private readonly offset$ = new BehaviorSubject(0);
  /** A server list's sort and filter row, as the list route reads them. */
  private readonly params$ = new BehaviorSubject<ServerListParams>({ sort: '', filters: [] });
  private sub: Subscription | null = null;
  private themeSub: Subscription | null = null;
  /** The device's first sync is still storing records: an empty list means "not here yet", not "none". */
  @state() private arriving = false;
  private statusSub: Subscription | null = null;

  override willUpdate(changed: PropertyValues): void {
    if (changed.has('entity')) {
      this.sort = null;
      this.filters = {};
      this.offset = 0;
      this.offset$.next(0);
      this.subscribe();
    }
    if (changed.has('records') || changed.has('filters') || changed.has('sort') || changed.has('entity')) this.rows = this.arranged();
    // A server list sorts and filters on the server: a new order or filter reads the first page again.
    if (this.def.online && (changed.has('filters') || changed.has('sort') || changed.has('entity'))) {
      const params = { sort: this.sort ? sortParam([this.sort]) : '', filters: serverFilters(this.def, this.filters, { rules: zoneRules, zone: this.zone }) };
      const now = this.params$.value;
      if (params.sort !== now.sort || JSON.stringify(params.filters) !== JSON.stringify(now.filters)) {
        this.offset$.next(0);
        this.params$.next(params);
      }
    }
  }

  private get def(): EntityDef {
    return entityDef(this.entity);
  }

  private get zone(): string {
    return runtime.current?.session.user.timeZone ?? 'UTC';
  }

  private arranged(): AnyRecord[] {
    if (this.def.online || (!this.sort && activeFilters(this.filters) === 0)) return this.records;
    return arrange(this.def, this.records, this.filters, this.sort, {
      rules: zoneRules,
      zone: this.zone,
      personName,
      collator: new Intl.Collator(locale() === 'fr' ? 'fr' : 'en', { sensitivity: 'base', numeric: true }),
    });
  }

  private subscribe(): void {
    this.sub?.unsubscribe();
    this.statusSub?.unsubscribe();
    this.statusSub = REPLICATED.includes(this.entity) || (customEntity(this.entity) && !this.def.online) ? runtime.status.subscribe((s) => (this.arriving = !s.ready)) : null;
    const source = sourceFor(this.entity);
    if (!source) return;
    if (this.def.online) {
      this.sub = runtime
        .serverRecords()
        .pageView$(this.entity, this.text$, this.offset$, PAGE, this.params$)
        .subscribe((p) => {
          // A page past the end (records deleted meanwhile): go to the last one there is.
          if (p.records.length === 0 && p.total > 0 && p.offset > 0) return this.offset$.next(Math.floor((p.total - 1) / PAGE) * PAGE);
          this.records = p.records;
          this.total = p.total;
          this.offset = p.offset;
          this.failed = p.failed;
          this.complete = true;
        });
      return;
    }
    this.sub = source.listView$(this.entity, this.text$, FIRST).subscribe((v) => {
      this.records = v.records;
      this.complete = v.complete;
      this.total = null;
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.sub?.unsubscribe();
    this.sub = null;
    this.statusSub?.unsubscribe();
    this.statusSub = null;
    this.themeSub?.unsubscribe();
    this.themeSub = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.themeSub = theme.subscribe((th) => (this.theme = th));
    void resizeObserverReady.then((ok) => (this.virtualReady = ok));
    if (!this.sub && this.hasUpdated) this.subscribe();
  }

  private onSearch(e: Event): void {
    this.query = (e.target as HTMLInputElement).value;
    this.offset$.next(0);
    this.text$.next(this.query);
  }

  private setFilter(key: string, value: string): void {
    const next: Record<string, string> = { ...this.filters, [key]: value };
    if (!value) delete next[key];
    this.filters = next;
  }

  private turn(by: number): void {
    this.offset$.next(Math.max(0, this.offset + by * PAGE));
  }

  private async export(kind: 'csv' | 'xlsx'): Promise<void> {
    const source = sourceFor(this.entity);
    if (!source || this.exporting) return;
    this.exporting = true;
    this.exportError = '';
    try {
      await exportList(kind, {
        def: this.def,
        name: t(`nav.${this.entity}`),
        columns: this.def.listFields.map((f) => ({ field: f, label: fieldLabel(this.entity, f) })),
        records: this.def.online ? await this.everyServerRow() : this.rows,
        zone: this.zone,
        title: (entity, id) => source.title(entity as EntityName, id),
      });
    } catch (err) {
      this.exportError = t('list.exportFailed', { reason: err instanceof Error ? err.message : String(err) });
    } finally {
      this.exporting = false;
    }
  }

  /**
   * A server list exports what it shows: every record its search, filters and sort find, not only the page on screen,
   * read a page of 500 at a time (at most EXPORT_MAX records: past that the user is asked to narrow the list).
   */
  private async everyServerRow(): Promise<AnyRecord[]> {
    const server = runtime.serverRecords();
    const query = { q: this.text$.value.trim(), ...this.params$.value };
    const out: AnyRecord[] = [];
    for (let offset = 0; ; offset += EXPORT_PAGE) {
      const page = await server.page(this.entity, query, offset, EXPORT_PAGE);
      if (page.total > EXPORT_MAX) throw new Error(t('list.exportTooMany', { n: page.total, max: EXPORT_MAX }));
      out.push(...page.records);
      if (page.records.length < EXPORT_PAGE || out.length >= page.total) return out;
    }
  }

  /** Desktop columns: the title's first field gets more room than the others. */
  private grid(): string {
    return this.def.listFields.map((_f, i) => (i === 0 ? 'minmax(0, 2fr)' : 'minmax(0, 1fr)')).join(' ');
  }

  private cell(rec: Record<string, unknown>, field: string, first: boolean) {
    const def = this.def;
    const f = def.fields[field];
    const value = rec[field];
    const shown =
      f?.kind === 'ref' && value
        ? field === 'ownerId'
          ? personName(String(value))
          : html`<fc-ref-title plain entity=${refTarget(def, field, rec)} ref-id=${String(value)}></fc-ref-title>`
        : f
          ? formatValue(f, value, this.zone, false, rec)
          : '';
    if (!first) return html`<span role="cell">${shown}</span>`;
    return html`<span role="cell"><a href=${href({ view: 'show', entity: this.entity, id: String(rec.id), tab: 'summary' })}>${shown || recordTitle(def, rec) || String(rec.id)}</a></span>`;
  }

  private readonly renderRow = (r: AnyRecord) => {
    const rec = r as unknown as Record<string, unknown>;
    return html`<div class="row" role="row" data-id=${r.id}>
      ${this.def.listFields.map((f, i) => this.cell(rec, f, i === 0))}
    </div>`;
  };

  private readonly renderCard = (r: AnyRecord) => {
    const def = this.def;
    const rec = r as unknown as Record<string, unknown>;
    const sub = secondaryText(def, rec, this.zone);
    // A reference shows its record's title, looked up where that record lives (a quote's company on the device).
    const refs = def.listFields.filter((f) => def.fields[f]?.kind === 'ref' && rec[f]);
    return html`<a class="card-row" role="listitem" data-id=${r.id} href=${href({ view: 'show', entity: this.entity, id: r.id, tab: 'summary' })}>
      <div class="title">${recordTitle(def, rec) || r.id}</div>
      <div class="sub">${sub}${refs.map((f) => html`${sub ? ' · ' : ''}<fc-ref-title plain entity=${refTarget(def, f, rec)} ref-id=${String(rec[f])}></fc-ref-title>`)}</div>
    </a>`;
  };

  private header() {
    return html`<div class="row header" role="row">
      ${this.def.listFields.map((f) => {
        const label = fieldLabel(this.entity, f);
        // A server list sorts by what the list route may (shared/list-query.ts); a device list by what it can compare.
        if (!(this.def.online ? isSortable(this.def, f) : sortable(this.def, f))) return html`<span role="columnheader"><span class="plain">${label}</span></span>`;
        const dir = this.sort?.field === f ? this.sort.direction : null;
        return html`<span role="columnheader" aria-sort=${dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : 'none'}>
          <button type="button" data-sort=${f} title=${t(dir === 'asc' ? 'list.sortAsc' : dir === 'desc' ? 'list.sortDesc' : 'list.sortNone')} @click=${() => (this.sort = nextSort(this.sort, f))}>
            ${label}<span class="arrow" aria-hidden="true">${dir === 'asc' ? '▲' : dir === 'desc' ? '▼' : ''}</span>
          </button>
        </span>`;
      })}
    </div>`;
  }

  private filterControl(c: FilterControl) {
    const caption = c.field === 'updatedAt' ? t('field.updatedAt') : fieldLabel(this.entity, c.field);
    const set = (key: string, value: string): void => this.setFilter(key, value);
    const pick = (key: string, options: FilterOption[]) => filterSelect(key, caption, options, this.filters, set);
    switch (c.kind) {
      case 'option':
        return pick(c.field, c.options.map((o) => ({ value: o, label: optionLabel(o) })));
      case 'person':
        return pick(c.field, people().map((p) => ({ value: p.id, label: p.displayName })));
      case 'territory': {
        const territories = runtime.current?.session.territories ?? [];
        return territories.length > 1 ? pick(c.field, territories.map((x) => ({ value: x.id, label: x.name }))) : nothing;
      }
      case 'dates':
        return html`${(['from', 'to'] as const).map((end) => filterDay(`${c.field}.${end}`, t(end === 'from' ? 'list.from' : 'list.to', { field: caption }), this.filters, set))}`;
    }
  }

  private renderFilters() {
    const n = activeFilters(this.filters);
    return html`<div class="filters" role="group" aria-label=${t('list.filters')}>
      ${filterControls(this.def).map((c) => this.filterControl(c))}
      ${n ? html`<button type="button" data-clear-filters @click=${() => (this.filters = {})}>${t('list.clear', { n })}</button>` : nothing}
    </div>`;
  }

  /** CSV and Excel of a server list (every record it finds, see everyServerRow). */
  private exportTools() {
    const none = this.complete && (this.total ?? 0) === 0;
    return html`<div class="tools">
        <button type="button" data-export="csv" ?disabled=${this.exporting || !this.complete || none} @click=${() => this.export('csv')}>${t('list.exportCsv')}</button>
        <button type="button" data-export="xlsx" ?disabled=${this.exporting || !this.complete || none} @click=${() => this.export('xlsx')}>${t('list.exportXlsx')}</button>
      </div>
      ${this.exporting ? html`<p class="muted" role="status">${t('list.exporting')}</p>` : nothing}
      ${this.exportError ? html`<p class="error" role="alert">${this.exportError}</p>` : nothing}`;
  }

  private renderServerList() {
    const p = this.total;
    const from = this.records.length ? this.offset + 1 : 0;
    return html`${this.failed ? html`<p class="muted" role="alert">${t('list.loadFailed')}</p>` : nothing}
      <div class="count muted" aria-live="polite" data-count>${this.complete ? t('ui.count', { n: p ?? 0 }) : '…'}</div>
      ${this.records.length === 0 && this.complete && !this.failed ? html`<p class="muted" data-empty>${this.query ? t('ui.noMatch', { q: this.query }) : t('ui.noRecords')}</p>` : nothing}
      ${this.records.length
        ? html`<div class="table" role="table" aria-label=${t(`nav.${this.entity}`)} style="--fc-columns:${this.grid()}">
            ${this.header()}
            <div role="rowgroup">${this.records.map(this.renderRow)}</div>
          </div>`
        : nothing}
      ${p !== null && p > 0
        ? html`<nav class="pager" aria-label=${t('list.pager')}>
            <span class="range muted" data-range>${t('list.range', { from, to: this.offset + this.records.length, total: p })}</span>
            <button type="button" data-previous ?disabled=${this.offset === 0} @click=${() => this.turn(-1)}>${t('ui.previous')}</button>
            <button type="button" data-next ?disabled=${this.offset + this.records.length >= p} @click=${() => this.turn(1)}>${t('ui.next')}</button>
          </nav>`
        : nothing}`;
  }

  override render() {
    const def = this.def;
    const desktop = this.theme === 'desktop';
    const head = html`<div class="head">
      <input type="search" aria-label=${t('ui.search')} placeholder=${t('ui.searchHint')} .value=${this.query} @input=${this.onSearch} />
      ${mayDo('insert', this.entity) ? html`<a class="button primary" href=${href({ view: 'new', entity: this.entity, prefill: newRecordPrefill(def, zoneRules, this.zone), back: '' })}>+ ${t('ui.new')}</a>` : nothing}
    </div>`;
    if (def.online)
      return html`${head}${desktop ? this.renderFilters() : nothing}${desktop ? this.exportTools() : nothing}${this.renderServerList()}`;
    const filtered = activeFilters(this.filters) > 0;
    const count = !this.complete ? '…' : filtered ? t('list.shown', { n: this.rows.length, total: this.records.length }) : t('ui.count', { n: this.records.length });
    const empty =
      this.rows.length === 0 && this.complete
        ? html`<p class="muted" data-empty>${this.query ? t('ui.noMatch', { q: this.query }) : filtered ? t('ui.noRecords') : this.arriving ? t('ui.recordsArriving') : t('ui.noRecords')}</p>`
        : nothing;
    if (!desktop)
      return html`${head}
        <div class="count muted" aria-live="polite" data-count>${count}</div>
        ${empty}
        ${this.virtualReady && this.rows.length
          ? html`<lit-virtualizer class="cards card" role="list" .layout=${LAYOUT} aria-label=${t(`nav.${this.entity}`)} .items=${this.rows} .keyFunction=${this.slotKey} @rangeChanged=${this.onRange} .renderItem=${(r: AnyRecord) => this.renderCard(r)}></lit-virtualizer>`
          : nothing}`;
    return html`${head}${this.renderFilters()}
      <div class="tools">
        <div class="count muted" aria-live="polite" data-count>${count}</div>
        <button type="button" data-export="csv" ?disabled=${this.exporting || !this.complete || this.rows.length === 0} @click=${() => this.export('csv')}>${t('list.exportCsv')}</button>
        <button type="button" data-export="xlsx" ?disabled=${this.exporting || !this.complete || this.rows.length === 0} @click=${() => this.export('xlsx')}>${t('list.exportXlsx')}</button>
      </div>
      ${this.exporting ? html`<p class="muted" role="status">${t('list.exporting')}</p>` : nothing}
      ${this.exportError ? html`<p class="error" role="alert">${this.exportError}</p>` : nothing}
      ${empty}
      ${this.rows.length
        ? html`<div class="table" role="table" aria-label=${t(`nav.${this.entity}`)} aria-rowcount=${this.rows.length + 1} style="--fc-columns:${this.grid()}">
            ${this.header()}
            ${this.virtualReady ? html`<lit-virtualizer role="rowgroup" .layout=${LAYOUT} .items=${this.rows} .keyFunction=${this.slotKey} @rangeChanged=${this.onRange} .renderItem=${(r: AnyRecord) => this.renderRow(r)}></lit-virtualizer>` : nothing}
          </div>`
        : nothing}`;
  }
}
