// "Send to MailChimp" on a group: shown to users with the MailChimp campaign right while the integration is on.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { activeFeatures } from '../../app/features.ts';
import { runtime } from '../../app/runtime.ts';
import { LocaleController, t } from '../../i18n/index.ts';
import { base } from '../../ui/styles.ts';
import { errorText } from '../../ui/error-text.ts';
import type { SendOutcome } from './notifications.ts';
import './fc-send-outcome.ts';

@customElement('fc-mailchimp-send')
export class FcMailChimpSend extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
      }
      .error {
        color: var(--fc-danger);
      }
    `,
  ];
  @property() groupId = '';
  @state() private sending = false;
  @state() private outcome: SendOutcome | null = null;
  @state() private error = '';

  constructor() {
    super();
    new LocaleController(this);
  }

  private async send(): Promise<void> {
    this.sending = true;
    this.error = '';
    this.outcome = null;
    try {
      this.outcome = await runtime.api.post<SendOutcome>(`/api/groups/${encodeURIComponent(this.groupId)}/mailchimp`, {});
    } catch (err) {
      this.error = errorText(err);
    } finally {
      this.sending = false;
    }
  }

  override render() {
    if (!activeFeatures(runtime.current?.session).includes('mailchimp')) return nothing;
    return html`<button type="button" class="primary" data-mailchimp-send ?disabled=${this.sending} @click=${() => void this.send()}>
        ${this.sending ? t('mc.sending') : t('mc.send')}
      </button>
      ${this.outcome ? html`<div role="status" data-outcome><fc-send-outcome .outcome=${this.outcome}></fc-send-outcome></div>` : nothing}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}`;
  }
}
