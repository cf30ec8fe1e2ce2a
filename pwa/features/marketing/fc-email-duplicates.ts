// Marketing | E-mail duplicates (desktop, online only): every address used by more than one company, person or lead,
// with those records the user may view (type, territory, a link to edit) and how many others exist out of sight.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { EntityName } from '../../../shared/entities/index.ts';
import { href } from '../../app/router.ts';
import { runtime } from '../../app/runtime.ts';
import { LocaleController, t } from '../../i18n/index.ts';
import { base, page, dataTable } from '../../ui/styles.ts';
import { errorText } from '../../ui/error-text.ts';

interface Holder {
  entity: EntityName;
  id: string;
  title: string;
  territoryId: string;
}
interface Report {
  total: number;
  offset: number;
  addresses: { address: string; records: Holder[]; hidden: number }[];
}

const PAGE = 50;

@customElement('fc-email-duplicates')
export class FcEmailDuplicates extends LitElement {
  static override styles = [
    base, page, dataTable,
    css`
      table {
        border-collapse: collapse;
        width: 100%;
      }
      th,
      td {
        text-align: left;
        padding: 6px 8px;
        border-bottom: 1px solid var(--fc-line);
        vertical-align: top;
      }
      td ul {
        margin: 0;
        padding-left: 18px;
      }
      .pager {
        display: flex;
        gap: 8px;
        align-items: center;
        margin-top: 12px;
      }
      .error {
        color: var(--fc-danger);
      }
    `,
  ];
  @state() private report: Report | null = null;
  @state() private error = '';
  @state() private offset = 0;

  constructor() {
    super();
    new LocaleController(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.report = await runtime.api.get<Report>(`/api/marketing/email-duplicates?offset=${this.offset}&limit=${PAGE}`);
      this.error = '';
    } catch (err) {
      this.error = errorText(err);
    }
  }

  private go(offset: number): void {
    this.offset = Math.max(0, offset);
    void this.load();
  }

  private territory(id: string): string {
    return runtime.current?.session.territories.find((x) => x.id === id)?.name ?? id;
  }

  override render() {
    const r = this.report;
    const back = href({ view: 'page', page: 'email-duplicates' });
    return html`<h1>${t('nav.email-duplicates')}</h1>
      <p class="muted">${t('dup.intro')}</p>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${r && r.total === 0 ? html`<p data-empty>${t('dup.none')}</p>` : nothing}
      ${r && r.total > 0
        ? html`<table data-duplicates>
              <thead>
                <tr><th scope="col">${t('dup.address')}</th><th scope="col">${t('dup.records')}</th></tr>
              </thead>
              <tbody>
                ${r.addresses.map(
                  (a) => html`<tr data-address=${a.address}>
                    <td>${a.address}</td>
                    <td>
                      <ul>
                        ${a.records.map(
                          (h) => html`<li data-record=${h.id}>
                            ${t(`entity.${h.entity}`)}: <a href=${href({ view: 'edit', entity: h.entity, id: h.id, back })}>${h.title || h.id}</a>
                            <span class="muted">(${this.territory(h.territoryId)})</span>
                          </li>`,
                        )}
                        ${a.hidden ? html`<li class="muted" data-hidden=${a.hidden}>${t('dup.hidden', { n: a.hidden })}</li>` : nothing}
                      </ul>
                    </td>
                  </tr>`,
                )}
              </tbody>
            </table>
            <div class="pager">
              <button type="button" ?disabled=${this.offset === 0} @click=${() => this.go(this.offset - PAGE)}>${t('ui.previous')}</button>
              <span>${t('dup.range', { from: r.total ? this.offset + 1 : 0, to: Math.min(r.total, this.offset + PAGE), total: r.total })}</span>
              <button type="button" ?disabled=${this.offset + PAGE >= r.total} @click=${() => this.go(this.offset + PAGE)}>${t('ui.next')}</button>
            </div>`
        : nothing}`;
  }
}
