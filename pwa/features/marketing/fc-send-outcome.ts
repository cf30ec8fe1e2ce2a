// What a MailChimp send did, in counts; the counts of records to fix open the group filtered to them.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { href } from '../../app/router.ts';
import { LocaleController, t } from '../../i18n/index.ts';
import { base } from '../../ui/styles.ts';
import type { SendOutcome } from './notifications.ts';

@customElement('fc-send-outcome')
export class FcSendOutcome extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
      }
      p {
        margin: 4px 0;
      }
      .refused {
        color: var(--fc-danger);
        font-weight: 500;
      }
    `,
  ];
  @property({ attribute: false }) outcome: SendOutcome | null = null;

  constructor() {
    super();
    new LocaleController(this);
  }

  private count(n: number, key: string, only: 'missing' | 'invalid' | 'duplicate') {
    if (!this.outcome || n === 0) return nothing;
    const link = href({ view: 'page', page: 'group', arg: this.outcome.groupId, params: { only } });
    return html`<a href=${link} data-only=${only}>${t(key, { n })}</a> `;
  }

  override render() {
    const o = this.outcome;
    if (!o) return nothing;
    return html`${o.rejected ? html`<p class="refused" data-rejected>${t('mc.rejected')}</p>` : html`<p data-sent>${t('mc.sent', { n: o.sent, created: o.created, updated: o.updated })}</p>`}
      <p>${this.count(o.duplicate, 'mc.duplicate', 'duplicate')}${this.count(o.invalid, 'mc.invalid', 'invalid')}${this.count(o.missing, 'mc.missing', 'missing')}${o.failed ? t('mc.failed', { n: o.failed }) : nothing}</p>`;
  }
}
