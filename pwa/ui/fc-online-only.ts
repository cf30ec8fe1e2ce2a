// Wraps a desktop feature that needs the server: offline it says so plainly, and shows the feature again by itself when back online.
import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Subscription } from 'rxjs';
import { runtime } from '../app/runtime.ts';
import { LocaleController, t } from '../i18n/index.ts';
import { base } from './styles.ts';

@customElement('fc-online-only')
export class FcOnlineOnly extends LitElement {
  static override styles = [
    base,
    css`
      .offline {
        margin: 16px;
        padding: 20px;
        text-align: center;
      }
    `,
  ];
  /** The feature's name, for the message. */
  @property() feature = '';
  /** The feature itself, rendered (and so loaded afresh) only while online. */
  @property({ attribute: false }) content: (() => TemplateResult) | null = null;
  @state() private online = navigator.onLine;
  private sub: Subscription | null = null;
  private readonly update$ = (): void => this.refresh();

  constructor() {
    super();
    new LocaleController(this);
  }

  /** Set once the feature has been shown: it then stays mounted (hidden while offline), so a blip keeps its state. */
  @state() private mounted = false;
  private grace: ReturnType<typeof setTimeout> | null = null;

  private refresh(): void {
    // The browser's flag says when the radio is off; the live stream says when the server is really reachable.
    // A live stream that drops for a moment (a proxy, a server restart) is not "offline": wait a little before
    // saying so, unless the browser itself knows the network is gone.
    const now = navigator.onLine && runtime.status.value.online;
    if (now) {
      if (this.grace) clearTimeout(this.grace);
      this.grace = null;
      this.online = true;
      this.mounted = true;
    } else if (!navigator.onLine || !this.mounted) {
      this.online = false;
    } else {
      this.grace ??= setTimeout(() => {
        this.grace = null;
        this.online = navigator.onLine && runtime.status.value.online;
      }, 4000);
    }
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.sub = runtime.status.subscribe(() => this.refresh());
    window.addEventListener('online', this.update$);
    window.addEventListener('offline', this.update$);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.grace) clearTimeout(this.grace);
    this.grace = null;
    this.sub?.unsubscribe();
    window.removeEventListener('online', this.update$);
    window.removeEventListener('offline', this.update$);
  }

  override render() {
    return html`${this.online
        ? nothing
        : html`<div class="card offline" role="status" data-offline>
            <strong>${t('ui.onlineOnly', { feature: this.feature })}</strong>
            <p class="muted">${t('ui.onlineOnlyHint')}</p>
          </div>`}
      ${this.mounted ? html`<div ?hidden=${!this.online} ?inert=${!this.online}>${this.content?.() ?? nothing}</div>` : nothing}`;
  }
}
