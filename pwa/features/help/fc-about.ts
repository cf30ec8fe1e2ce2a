// Help › About: the app's and the server's versions and time-zone data (docs/decisions/0016).
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { API_PATHS, type VersionInfo } from '../../../shared/api.ts';
import { offsetText } from '../../../shared/time/wall-time.ts';
import { runtime } from '../../app/runtime.ts';
import { formatInstant } from '../../forms/format.ts';
import { LocaleController, t } from '../../i18n/index.ts';
import { zoneRules } from '../../time/zones.ts';
import { base } from '../../ui/styles.ts';
import { firstDisagreement } from './about-model.ts';

@customElement('fc-about')
export class FcAbout extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
        padding: 16px;
        max-width: 640px;
      }
      dl {
        display: grid;
        /* Labels wrap on a phone rather than push the values off the screen. */
        grid-template-columns: minmax(0, 3fr) minmax(0, 2fr);
        gap: 6px 16px;
      }
      dt {
        color: var(--fc-muted);
      }
      dd {
        margin: 0;
      }
    `,
  ];

  @state() private server: VersionInfo | null = null;
  @state() private unreachable = false;

  constructor() {
    super();
    new LocaleController(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    runtime.api.get<VersionInfo>(API_PATHS.version).then(
      (v) => (this.server = v),
      () => (this.unreachable = true),
    );
  }

  override render() {
    const user = runtime.current?.session.user;
    const zone = user?.timeZone ?? 'UTC';
    const now = Date.now();
    const off = firstDisagreement(zoneRules, zone, now);
    const serverTz = this.server?.tzdata ?? '';
    return html`<h1>${t('about.title')}</h1>
      <dl>
        <dt>${t('about.serverVersion')}</dt>
        <dd data-server-version>${this.server ? this.server.version : this.unreachable ? t('about.unreachable') : '…'}</dd>
        <dt>${t('about.serverTzdata')}</dt>
        <dd data-server-tzdata>${serverTz || (this.unreachable ? t('about.unreachable') : '…')}</dd>
        <dt>${t('about.deviceTzdata')}</dt>
        <dd data-device-tzdata>${zoneRules.version}</dd>
        <dt>${t('about.yourZone')}</dt>
        <dd data-zone>${zone} (${offsetText(zoneRules.has(zone) ? zoneRules.offsetAt(zone, now) : 0)})</dd>
      </dl>
      ${serverTz && serverTz !== zoneRules.version ? html`<p class="muted" data-tz-mismatch>${t('about.tzMismatch', { server: serverTz, device: zoneRules.version })}</p>` : nothing}
      <p class="muted" data-browser-rules>
        ${off === null ? t('about.browserAgrees', { zone }) : t('about.browserDisagrees', { zone, when: formatInstant(new Date(off).toISOString(), zone, false) })}
      </p>`;
  }
}
