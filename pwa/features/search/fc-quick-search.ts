// The header's search box: type-ahead over every entity, grouped, driven by the keyboard (arrows, Enter, Escape) as
// a combobox; on a phone a search button opens it across the header.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { go } from '../../app/router.ts';
import { LocaleController, t } from '../../i18n/index.ts';
import { LatestRequest } from '../../net/latest-request.ts';
import { base } from '../../ui/styles.ts';
import { sourceFor } from '../records/source.ts';
import { runtime } from '../../app/runtime.ts';
import { documentsApi } from '../documents/documents-api.ts';
import { deviceEntities, flat, merge, move, searchAll, searchDocuments, serverEntities, type DocumentLookup, type Group, type Hit, type Lookup } from './quick-search.ts';

const lookup: Lookup = (entity, text, limit) => sourceFor(entity)?.lookup(entity, text, limit) ?? Promise.resolve([]);
const documentLookup: DocumentLookup = async (text, limit) => (await documentsApi(runtime.api).list({ q: text, offset: 0, limit })).documents;

@customElement('fc-quick-search')
export class FcQuickSearch extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        position: relative;
        display: block;
        flex: 1 1 220px;
        max-width: 420px;
      }
      input {
        width: 100%;
        box-sizing: border-box;
        min-height: 36px;
      }
      .open-button {
        min-width: 44px;
        min-height: 44px;
        background: transparent;
        color: #fff;
        border: 1px solid rgb(255 255 255 / 35%);
      }
      :host([compact]) {
        flex: 0 0 auto;
      }
      :host([compact][open]) {
        position: absolute;
        left: 8px;
        right: 8px;
        top: 6px;
        max-width: none;
        z-index: 35;
      }
      .results {
        position: absolute;
        left: 0;
        right: 0;
        top: calc(100% + 4px);
        background: #fff;
        color: var(--fc-text);
        border: 1px solid var(--fc-line);
        border-radius: 8px;
        box-shadow: 0 8px 24px rgb(0 0 0 / 20%);
        max-height: 70vh;
        overflow-y: auto;
        z-index: 30;
      }
      .group-title {
        padding: 6px 12px 2px;
        font-size: 12px;
        text-transform: uppercase;
        color: var(--fc-muted);
      }
      [role='option'] {
        padding: 10px 12px;
        min-height: 44px;
        box-sizing: border-box;
        cursor: pointer;
        overflow-wrap: anywhere;
      }
      [role='option'][aria-selected='true'] {
        background: #e8f1fb;
      }
      .empty {
        padding: 10px 12px;
        color: var(--fc-muted);
      }
    `,
  ];
  /** A phone: a button that opens the box across the header. */
  @property({ type: Boolean, reflect: true }) compact = false;
  @property({ type: Boolean, reflect: true }) open = false;
  @state() private text = '';
  /** The device's answer and the server's, kept apart: each arrives on its own time. */
  @state() private deviceGroups: Group[] = [];
  @state() private serverGroups: Group[] = [];
  @state() private active = -1;
  @state() private searched = false;
  @query('input') private input!: HTMLInputElement | null;
  private readonly server = new LatestRequest();
  private readonly device = new LatestRequest(120);
  private serial = 0;

  constructor() {
    super();
    new LocaleController(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.server.stop();
    this.device.stop();
  }

  private onInput(e: Event): void {
    this.text = (e.target as HTMLInputElement).value;
    const run = ++this.serial;
    const q = this.text;
    if (q.trim().length < 2) {
      this.deviceGroups = this.serverGroups = [];
      this.searched = false;
      this.active = -1;
      return;
    }
    // The device answers quickly; the server joins when it answers (a newer search drops both older answers).
    this.device.later(() => {
      void searchAll(deviceEntities(), q, lookup).then((groups) => {
        if (run !== this.serial) return;
        this.deviceGroups = groups;
        this.searched = true;
        this.active = Math.min(this.active, flat(this.groups).length - 1);
      });
    });
    this.server.later(() => {
      const signal = this.server.next();
      void Promise.all([searchAll(serverEntities(), q, lookup), searchDocuments(q, documentLookup)]).then(([groups, documents]) => {
        if (signal.aborted || run !== this.serial) return;
        this.serverGroups = [...groups, ...documents];
      });
    });
  }

  private get groups(): Group[] {
    return merge(this.deviceGroups, this.serverGroups);
  }

  private choose(hit: Hit | undefined): void {
    if (!hit) return;
    // A document opens in the documents library, found by its name (preview, download, security are there).
    if (hit.entity === 'document') go({ view: 'page', page: 'documents', params: { q: hit.title } });
    else go({ view: 'show', entity: hit.entity, id: hit.id, tab: 'summary' });
    this.close();
  }

  private close(): void {
    this.text = '';
    this.deviceGroups = this.serverGroups = [];
    this.searched = false;
    this.active = -1;
    ++this.serial;
    if (this.input) this.input.value = '';
    if (this.compact) this.open = false;
  }

  private onKey(e: KeyboardEvent): void {
    const hits = flat(this.groups);
    const next = move(e.key, this.active, hits.length);
    if (next !== null) {
      e.preventDefault();
      this.active = next;
      this.renderRoot.querySelector(`#hit-${next}`)?.scrollIntoView({ block: 'nearest' });
    } else if (e.key === 'Enter') {
      e.preventDefault();
      this.choose(hits[this.active >= 0 ? this.active : 0]);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      this.close();
    }
  }

  private async openBox(): Promise<void> {
    this.open = true;
    await this.updateComplete;
    this.input?.focus();
  }

  override render() {
    if (this.compact && !this.open)
      return html`<button class="open-button" type="button" aria-label=${t('search.open')} title=${t('search.open')} @click=${() => void this.openBox()}>
        <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false"><path fill="currentColor" d="M10 3a7 7 0 0 1 5.6 11.2l5.1 5.1-1.4 1.4-5.1-5.1A7 7 0 1 1 10 3Zm0 2a5 5 0 1 0 0 10 5 5 0 0 0 0-10Z"/></svg>
      </button>`;
    const hits = flat(this.groups);
    const expanded = this.searched || this.groups.length > 0;
    let n = -1;
    return html`<input
        type="search"
        role="combobox"
        aria-label=${t('search.label')}
        aria-expanded=${expanded ? 'true' : 'false'}
        aria-controls="quick-results"
        aria-autocomplete="list"
        aria-activedescendant=${this.active >= 0 ? `hit-${this.active}` : nothing}
        placeholder=${t('search.placeholder')}
        autocomplete="off"
        @input=${(e: Event) => this.onInput(e)}
        @keydown=${(e: KeyboardEvent) => this.onKey(e)}
        @blur=${() => setTimeout(() => !this.matches(':focus-within') && this.compact && !this.text && (this.open = false), 150)}
      />
      ${expanded
        ? html`<div class="results" id="quick-results" role="listbox" aria-label=${t('search.results')}>
            ${this.groups.length === 0
              ? html`<div class="empty">${t('search.none', { q: this.text.trim() })}</div>`
              : this.groups.map(
                  (g) => html`<div role="group" aria-labelledby="group-${g.entity}" data-group=${g.entity}>
                    <div class="group-title" id="group-${g.entity}">${g.entity === 'document' ? t('nav.documents') : t(`nav.${g.entity}`)}</div>
                    ${g.hits.map((h) => {
                      const i = ++n;
                      return html`<div
                        role="option"
                        id="hit-${i}"
                        data-entity=${h.entity}
                        data-id=${h.id}
                        aria-selected=${i === this.active ? 'true' : 'false'}
                        @mousedown=${(e: Event) => e.preventDefault()}
                        @click=${() => this.choose(hits[i])}
                      >
                        ${h.title}
                      </div>`;
                    })}
                  </div>`,
                )}
          </div>`
        : nothing}`;
  }
}
