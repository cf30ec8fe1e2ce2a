// The app's notification area: a bell with the unread count, and the latest notifications; a MailChimp send's
// counts open the group filtered to the records to fix.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { Subscription } from 'rxjs';
import type { NotificationRecord } from '../../../shared/entities/index.ts';
import { runtime } from '../../app/runtime.ts';
import { LocaleController, t } from '../../i18n/index.ts';
import { base } from '../../ui/styles.ts';
import { notificationItem } from './notification-item.ts';
import { notifications } from './notifications.ts';

@customElement('fc-notifications')
export class FcNotifications extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        position: relative;
        display: inline-block;
      }
      button {
        display: inline-flex;
        align-items: center;
      }
      .badge {
        display: inline-block;
        min-width: 20px;
        padding: 0 6px;
        border-radius: 10px;
        background: var(--fc-danger);
        color: #fff;
        font-size: 12px;
        margin-left: 4px;
      }
      .panel {
        position: absolute;
        right: 0;
        top: 100%;
        z-index: 20;
        width: min(420px, 92vw);
        max-height: 70vh;
        overflow: auto;
        background: var(--fc-bg);
        color: var(--fc-fg);
        border: 1px solid var(--fc-line);
        border-radius: var(--fc-radius);
        box-shadow: 0 6px 24px rgba(0, 0, 0, 0.18);
        padding: 8px 12px;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      li {
        padding: 8px 0;
        border-bottom: 1px solid var(--fc-line);
      }
      li.unread strong::before {
        content: '● ';
        color: var(--fc-accent);
      }
      time {
        display: block;
        font-size: 12px;
      }
    `,
  ];
  @state() private items: NotificationRecord[] = [];
  @state() private open = false;
  private subs: Subscription[] = [];

  constructor() {
    super();
    new LocaleController(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const user = runtime.current?.session.user.id;
    if (user) notifications.use(user);
    this.subs = [
      notifications.items.subscribe((x) => (this.items = x)),
      runtime.serverEvents.subscribe((e) => {
        if (e.collection === 'notification') void notifications.refresh();
      }),
      runtime.status.subscribe((s) => {
        if (s.online) void notifications.refresh();
      }),
    ];
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.subs.forEach((s) => s.unsubscribe());
  }

  private item(n: NotificationRecord) {
    return html`<li class=${n.status === 'unread' ? 'unread' : ''} data-notification=${n.id} @click=${() => void notifications.markRead(n.id)}>
      ${notificationItem(n)}
    </li>`;
  }

  override render() {
    const unread = this.items.filter((n) => n.status === 'unread').length;
    return html`<button type="button" data-notifications aria-expanded=${this.open ? 'true' : 'false'} aria-label=${t('ui.notifications', { n: unread })} @click=${() => (this.open = !this.open)}>
        <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false"><path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"/></svg>${unread ? html`<span class="badge" data-unread>${unread}</span>` : nothing}
      </button>
      ${this.open
        ? html`<div class="panel" role="dialog" aria-label=${t('ui.notificationsTitle')} @click=${(e: Event) => {
            if ((e.target as HTMLElement).closest('a')) this.open = false;
          }}>
            ${this.items.length ? html`<ul>${this.items.slice(0, 20).map((n) => this.item(n))}</ul>` : html`<p class="muted">${t('ui.noNotifications')}</p>`}
          </div>`
        : nothing}`;
  }
}
