// My API tokens (under My password): name one and choose how long it works to make it, copy it the one time it is
// shown, revoke any; each says when it expires.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { runtime } from '../../app/runtime.ts';
import { LocaleController, t } from '../../i18n/index.ts';
import { ApiError } from '../../net/api.ts';
import { errorText } from '../../ui/error-text.ts';
import { base, dataTable } from '../../ui/styles.ts';
import { tokenExpiry, when } from '../admin/when.ts';

interface Token {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string;
  /** ISO, or '' for never. */
  expiresAt: string;
  /** `read`: it may only read. */
  access: 'full' | 'read';
}

/** How long a new token works, in days; null: until revoked. 90 days is offered first (a token forgotten stops by itself). */
const LIFETIMES: readonly (number | null)[] = [90, 30, 7, 365, null];

@customElement('fc-api-tokens')
export class FcApiTokens extends LitElement {
  static override styles = [
    base, dataTable,
    css`
      :host {
        display: block;
        margin-top: 32px;
      }
      h2 {
        font-size: 17px;
      }
      form {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
        align-items: flex-end;
        margin: 8px 0;
      }
      label {
        display: flex;
        flex-direction: column;
        gap: 4px;
      }
      .secret {
        background: #fff;
        border: 2px solid #12385f;
        border-radius: 8px;
        padding: 10px 14px;
        overflow-wrap: anywhere;
      }
      .secret code {
        user-select: all;
      }
      .issue {
        color: var(--fc-error, #b3261e);
      }
    `,
  ];
  @state() private tokens: Token[] = [];
  @state() private made: { name: string; token: string } | null = null;
  @state() private message = '';
  @state() private issue = '';

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
      this.tokens = await runtime.api.get<Token[]>('/api/me/tokens');
    } catch (err) {
      this.message = errorText(err);
    }
  }

  private async create(e: Event): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const name = (form.elements.namedItem('tokenName') as HTMLInputElement).value;
    const life = (form.elements.namedItem('tokenLife') as HTMLSelectElement).value;
    const access = (form.elements.namedItem('tokenAccess') as HTMLSelectElement).value;
    this.issue = '';
    try {
      const r = await runtime.api.post<Token & { token: string }>('/api/me/tokens', { name, expiresInDays: life === 'never' ? null : Number(life), access });
      this.made = { name: r.name, token: r.token };
      form.reset();
      await this.load();
    } catch (err) {
      const i = err instanceof ApiError ? err.problem?.issues?.[0] : undefined;
      this.issue = i ? t(`issue.${i.code}`, i.detail === undefined ? {} : { detail: i.detail }) : errorText(err);
    }
  }

  private async revoke(tk: Token): Promise<void> {
    try {
      await runtime.api.request('DELETE', `/api/me/tokens/${encodeURIComponent(tk.id)}`);
      this.message = t('tokens.revoked', { name: tk.name });
      if (this.made?.name === tk.name) this.made = null;
      await this.load();
    } catch (err) {
      this.message = errorText(err);
    }
  }

  override render() {
    return html`<h2>${t('tokens.title')}</h2>
      <p class="muted">${t('tokens.intro')}</p>
      <form @submit=${(e: Event) => void this.create(e)} aria-label=${t('tokens.create')}>
        <label>${t('tokens.name')} <input name="tokenName" maxlength="100" autocomplete="off" /></label>
        <label
          >${t('tokens.lifetime')}
          <select name="tokenLife">
            ${LIFETIMES.map((d) => html`<option value=${d === null ? 'never' : String(d)}>${d === null ? t('tokens.noExpiry') : t('tokens.days', { n: d })}</option>`)}
          </select></label
        >
        <label
          >${t('tokens.access')}
          <select name="tokenAccess">
            <option value="read">${t('tokens.access.read')}</option>
            <option value="full">${t('tokens.access.full')}</option>
          </select></label
        >
        <button type="submit">${t('tokens.create')}</button>
        ${this.issue ? html`<span class="issue" role="alert">${this.issue}</span>` : nothing}
      </form>
      ${this.made ? html`<p class="secret" role="status" data-token>${t('tokens.shownOnce', { name: this.made.name })} <code>${this.made.token}</code></p>` : nothing}
      ${this.message ? html`<p role="status">${this.message}</p>` : nothing}
      ${this.tokens.length === 0
        ? html`<p class="muted">${t('tokens.none')}</p>`
        : html`<div class="scroll">
            <table aria-label=${t('tokens.title')}>
              <thead>
                <tr>
                  <th>${t('tokens.name')}</th>
                  <th>${t('tokens.created')}</th>
                  <th>${t('tokens.lastUsed')}</th>
                  <th>${t('tokens.expires')}</th>
                  <th>${t('tokens.access')}</th>
                  <th><span class="visually-hidden">${t('tokens.revoke')}</span></th>
                </tr>
              </thead>
              <tbody>
                ${this.tokens.map(
                  (tk) => html`<tr data-token-name=${tk.name}>
                    <td>${tk.name}</td>
                    <td>${when(tk.createdAt)}</td>
                    <td>${tk.lastUsedAt ? when(tk.lastUsedAt) : t('tokens.never')}</td>
                    <td data-token-expires>${tokenExpiry(tk.expiresAt)}</td>
                    <td data-token-access=${tk.access}>${t(`tokens.access.${tk.access}`)}</td>
                    <td><button type="button" class="danger" aria-label="${t('tokens.revoke')}: ${tk.name}" @click=${() => void this.revoke(tk)}>${t('tokens.revoke')}</button></td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`}`;
  }
}

