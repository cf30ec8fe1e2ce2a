// Subscribing to one's calendar from another calendar program: a secret link, made (or replaced) and revoked online.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { runtime } from '../../app/runtime.ts';
import { LocaleController, t } from '../../i18n/index.ts';
import { ApiError } from '../../net/api.ts';
import { base } from '../../ui/styles.ts';

const FEED_PATH = '/api/me/calendar-feed';

@customElement('fc-calendar-feed')
export class FcCalendarFeed extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
        margin-top: 14px;
      }
      .box {
        padding: 12px;
      }
      input {
        font-family: ui-monospace, monospace;
        font-size: 13px;
      }
    `,
  ];
  @state() private url = '';
  @state() private message = '';
  @state() private busy = false;

  constructor() {
    super();
    new LocaleController(this);
  }

  private async make(): Promise<void> {
    this.busy = true;
    try {
      this.url = (await runtime.api.post<{ url: string }>(FEED_PATH, {})).url;
      this.message = t('feed.made');
    } catch (err) {
      this.message = err instanceof ApiError && err.isNetwork ? t('ui.onlineOnly', { feature: t('feed.title') }) : String((err as Error).message);
    } finally {
      this.busy = false;
    }
  }

  private async revoke(): Promise<void> {
    this.busy = true;
    try {
      await runtime.api.request('DELETE', FEED_PATH);
      this.url = '';
      this.message = t('feed.revoked');
    } catch (err) {
      this.message = String((err as Error).message);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    return html`<details class="card box">
      <summary>${t('feed.title')}</summary>
      <p class="muted">${t('feed.hint')}</p>
      ${this.url ? html`<input readonly aria-label=${t('feed.title')} .value=${this.url} @focus=${(e: Event) => (e.target as HTMLInputElement).select()} />` : nothing}
      <div class="toolbar" style="margin-top:8px">
        <button type="button" data-feed-make ?disabled=${this.busy} @click=${() => void this.make()}>${this.url ? t('feed.replace') : t('feed.make')}</button>
        <button type="button" class="danger" data-feed-revoke ?disabled=${this.busy} @click=${() => void this.revoke()}>${t('feed.revoke')}</button>
      </div>
      ${this.message ? html`<p role="status">${this.message}</p>` : nothing}
    </details>`;
  }
}
