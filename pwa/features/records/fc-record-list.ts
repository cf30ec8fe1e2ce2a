// The list of an entity's records on the device, with type-ahead search over the metadata's search fields.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { BehaviorSubject, type Subscription } from 'rxjs';
import { entityDef, REPLICATED, type AnyRecord, type EntityName } from '../../../shared/entities/index.ts';
import { recordTitle } from '../../../shared/records.ts';
import { runtime } from '../../app/runtime.ts';
import { sourceFor } from './source.ts';
import { refTarget } from '../../../shared/refs.ts';
import { mayDo } from '../../app/permissions.ts';
import { href } from '../../app/router.ts';
import { secondaryText } from '../../forms/format.ts';
import { LocaleController, t } from '../../i18n/index.ts';
import { base } from '../../ui/styles.ts';

/** Rendering more rows than this only slows an old phone down; the search narrows the rest. */
const SHOWN = 200;

@customElement('fc-record-list')
export class FcRecordList extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
        padding: 12px 16px;
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
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      li a {
        display: block;
        padding: 10px 12px;
        min-height: 44px;
        border-bottom: 1px solid var(--fc-line);
        color: inherit;
        text-decoration: none;
        background: var(--fc-surface);
      }
      li:first-child a {
        border-top-left-radius: var(--fc-radius);
        border-top-right-radius: var(--fc-radius);
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
  /** How many records match in all, when the source knows more than it sent (the server's lists are paged). */
  @state() private total: number | null = null;
  private readonly text$ = new BehaviorSubject('');
  private sub: Subscription | null = null;
  /** The device's first sync is still storing records: an empty list means "not here yet", not "none". */
  @state() private arriving = false;
  private statusSub: Subscription | null = null;

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('entity')) this.subscribe();
  }

  private subscribe(): void {
    this.sub?.unsubscribe();
    this.statusSub?.unsubscribe();
    this.statusSub = REPLICATED.includes(this.entity) ? runtime.status.subscribe((s) => (this.arriving = !s.ready)) : null;
    const source = sourceFor(this.entity);
    if (!source) return;
    this.sub = source.listView$(this.entity, this.text$, SHOWN).subscribe((v) => {
      this.records = v.records;
      this.complete = v.complete;
      this.total = v.total ?? null;
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.sub?.unsubscribe();
    this.sub = null;
    this.statusSub?.unsubscribe();
    this.statusSub = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.sub && this.hasUpdated) this.subscribe();
  }

  private onSearch(e: Event): void {
    this.query = (e.target as HTMLInputElement).value;
    this.text$.next(this.query);
  }

  override render() {
    const def = entityDef(this.entity);
    const zone = runtime.current?.session.user.timeZone ?? 'UTC';
    const shown = this.records.slice(0, SHOWN);
    return html`<div class="head">
        <input type="search" aria-label=${t('ui.search')} placeholder=${t('ui.searchHint')} .value=${this.query} @input=${this.onSearch} />
        ${mayDo('insert', this.entity) ? html`<a class="button primary" href=${href({ view: 'new', entity: this.entity, prefill: {}, back: '' })}>+ ${t('ui.new')}</a>` : nothing}
      </div>
      <div class="count muted" aria-live="polite">${this.complete ? t('ui.count', { n: this.total ?? this.records.length }) : '…'}</div>
      ${shown.length === 0 && this.complete ? html`<p class="muted">${this.query ? t('ui.noMatch', { q: this.query }) : this.arriving ? t('ui.recordsArriving') : t('ui.noRecords')}</p>` : nothing}
      <ul class="card">
        ${shown.map((r) => {
          const rec = r as Record<string, unknown>;
          const sub = secondaryText(def, rec, zone);
          // A reference shows its record's title, looked up where that record lives (a quote's company on the device).
          const refs = def.listFields.filter((f) => def.fields[f]?.kind === 'ref' && rec[f]);
          return html`<li>
            <a href=${href({ view: 'show', entity: this.entity, id: r.id, tab: 'summary' })}>
              <div class="title">${recordTitle(def, rec) || r.id}</div>
              <div class="sub">${sub}${refs.map((f) => html`${sub ? ' · ' : ''}<fc-ref-title plain entity=${refTarget(def, f, rec)} ref-id=${String(rec[f])}></fc-ref-title>`)}</div>
            </a>
          </li>`;
        })}
      </ul>
      ${this.records.length > SHOWN || (this.total ?? 0) > SHOWN || (!this.complete && this.records.length >= SHOWN) ? html`<p class="muted">${t('ui.more', { n: SHOWN })}</p>` : nothing}`;
  }
}
