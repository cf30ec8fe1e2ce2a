// The sync status at a glance: online / offline / syncing, and how many changes wait to go up.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { SyncStatus } from '../db/sync-engine.ts';
import { LocaleController, t } from '../i18n/index.ts';
import { base } from '../ui/styles.ts';

@customElement('fc-status')
export class FcStatus extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: inline-flex;
        gap: 6px;
        align-items: center;
        font-size: 13px;
        color: #fff;
      }
      .pill {
        display: inline-flex;
        align-items: center;
        gap: 6px;
        padding: 4px 10px;
        border-radius: 999px;
        background: rgb(255 255 255 / 16%);
        white-space: nowrap;
      }
      .dot {
        width: 9px;
        height: 9px;
        border-radius: 50%;
        background: #8a96a3;
      }
      .online .dot {
        background: #4cd964;
      }
      .syncing .dot {
        background: #ffd60a;
      }
      .pending {
        background: #ffb340;
        color: #3a2500;
        font-weight: 600;
      }
    `,
  ];
  constructor() {
    super();
    // Re-render when the user switches language.
    new LocaleController(this);
  }
  @property({ attribute: false }) status: SyncStatus | null = null;
  @property({ type: Number }) pending = 0;
  /** A phone's header: the state as a dot and the waiting count as a number (words for screen readers). */
  @property({ type: Boolean, reflect: true }) compact = false;

  override render() {
    const s = this.status;
    // A phone's one-row header: the dot and the count only; the words stay for screen readers and as a tooltip.
    const words = (text: string) => (this.compact ? html`<span class="visually-hidden">${text}</span>` : text);
    if (!s) return nothing;
    const state = !s.online ? 'offline' : s.syncing ? 'syncing' : 'online';
    const label = state === 'offline' ? t('ui.offline') : state === 'syncing' ? t('ui.syncing') : t('ui.online');
    return html`<span class="pill ${state}" role="status" data-state=${state} title=${s.lastError || label}><span class="dot"></span>${words(label)}</span>
      ${this.pending > 0
        ? html`<span class="pill pending" data-pending=${this.pending} title=${t('ui.pendingTitle', { n: this.pending })}
            >${this.compact ? html`<span aria-hidden="true">↑${this.pending}</span>${words(t('ui.pending', { n: this.pending }))}` : t('ui.pending', { n: this.pending })}</span
          >`
        : nothing}`;
  }
}
