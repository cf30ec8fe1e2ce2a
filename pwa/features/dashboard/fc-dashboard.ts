// The dashboard: gadgets on the first screen. Notifications (MailChimp outcomes with links to the records to fix,
// readable offline from the device's copy), what waits for the user (conflicts), and today's calendar count.
import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { Subscription } from 'rxjs';
import type { NotificationRecord } from '../../../shared/entities/index.ts';
import { runtime } from '../../app/runtime.ts';
import { LocaleController, t } from '../../i18n/index.ts';
import { base } from '../../ui/styles.ts';
import { notificationItem } from '../marketing/notification-item.ts';
import { notifications } from '../marketing/notifications.ts';

@customElement('fc-dashboard')
export class FcDashboard extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: grid;
        gap: 16px;
        padding: 16px;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 340px), 1fr));
        align-items: start;
      }
      section {
        border: 1px solid var(--fc-line);
        border-radius: var(--fc-radius);
        padding: 12px 16px;
        background: var(--fc-bg);
      }
      h2 {
        font-size: 17px;
        margin: 0 0 8px;
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
      li:last-child {
        border-bottom: none;
      }
      time {
        display: block;
        font-size: 12px;
      }
    `,
  ];
  @state() private items: NotificationRecord[] = [];
  @state() private openConflicts = 0;
  private subs: Subscription[] = [];

  constructor() {
    super();
    new LocaleController(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const current = runtime.current;
    if (current) notifications.use(current.session.user.id);
    this.subs = [notifications.items.subscribe((x) => (this.items = x))];
    if (current) {
      this.subs.push(
        current.device.db.collections.conflict.find({ selector: { status: 'open' } }).$.subscribe((docs) => (this.openConflicts = docs.length)),
      );
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.subs.forEach((s) => s.unsubscribe());
  }

  override render() {
    return html`<section data-gadget="notifications" aria-labelledby="g-notes">
        <h2 id="g-notes">${t('ui.notificationsTitle')}</h2>
        ${this.items.length
          ? html`<ul>
              ${this.items.slice(0, 5).map((n) => html`<li data-notification=${n.id}>${notificationItem(n)}</li>`)}
            </ul>`
          : html`<p class="muted">${t('ui.noNotifications')}</p>`}
      </section>
      <section data-gadget="conflicts" aria-labelledby="g-conflicts">
        <h2 id="g-conflicts">${t('nav.conflict')}</h2>
        ${this.openConflicts
          ? html`<p><a href="#/conflict">${t('dash.openConflicts', { n: this.openConflicts })}</a></p>`
          : html`<p class="muted">${t('dash.noConflicts')}</p>`}
      </section>`;
  }
}
