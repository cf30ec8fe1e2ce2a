// A look-up for a reference field: shows the chosen record's title, searches the device's records as the user types.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { isEntityName, type EntityName } from '../../shared/entities/index.ts';
import { sourceFor } from '../features/records/source.ts';
import { LocaleController, t } from '../i18n/index.ts';
import { base } from '../ui/styles.ts';

@customElement('fc-ref-picker')
export class FcRefPicker extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
        position: relative;
      }
      .row {
        display: flex;
        gap: 6px;
      }
      ul {
        position: absolute;
        z-index: 5;
        left: 0;
        right: 0;
        margin: 2px 0 0;
        padding: 4px 0;
        list-style: none;
        background: #fff;
        border: 1px solid var(--fc-line);
        border-radius: var(--fc-radius);
        max-height: 260px;
        overflow: auto;
        box-shadow: 0 6px 18px rgb(0 0 0 / 12%);
      }
      li button {
        width: 100%;
        justify-content: flex-start;
        border: 0;
        border-radius: 0;
      }
    `,
  ];
  constructor() {
    super();
    // Re-render when the user switches language.
    new LocaleController(this);
  }
  @property({ attribute: false }) targets: readonly string[] = [];
  @property({ attribute: false }) targetEntity = '';
  @property() value = '';
  @state() private text = '';
  @state() private options: { id: string; title: string }[] = [];
  @state() private open = false;

  private get entity(): EntityName | null {
    const e = this.targets.length === 1 ? this.targets[0] : this.targetEntity;
    return e && isEntityName(e) ? e : null;
  }

  override async willUpdate(changed: Map<string, unknown>): Promise<void> {
    if (changed.has('value') && !this.open) {
      const e = this.entity;
      const source = e ? sourceFor(e) : null;
      this.text = source && e && this.value ? await source.title(e, this.value).catch(() => '') : '';
    }
  }

  private async search(text: string): Promise<void> {
    this.text = text;
    const e = this.entity;
    const source = e ? sourceFor(e) : null;
    if (!source || !e) return;
    this.options = await source.lookup(e, text, 20).catch(() => []);
    this.open = true;
  }

  private choose(id: string, title: string): void {
    this.value = id;
    this.text = title;
    this.open = false;
    this.dispatchEvent(new CustomEvent<string>('fc-change', { detail: id, bubbles: true, composed: true }));
  }

  override render() {
    return html`<div class="row">
        <input
          role="combobox"
          aria-expanded=${this.open ? 'true' : 'false'}
          aria-autocomplete="list"
          placeholder=${t('ui.lookupHint')}
          .value=${this.text}
          @focus=${() => void this.search(this.text)}
          @input=${(e: Event) => void this.search((e.target as HTMLInputElement).value)}
          @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && (this.open = false)}
        />
        ${this.value ? html`<button type="button" aria-label=${t('ui.clear')} @click=${() => this.choose('', '')}>✕</button>` : nothing}
      </div>
      ${this.open && this.options.length
        ? html`<ul role="listbox">
            ${this.options.map((o) => html`<li role="option"><button type="button" @click=${() => this.choose(o.id, o.title)}>${o.title}</button></li>`)}
          </ul>`
        : nothing}`;
  }
}
