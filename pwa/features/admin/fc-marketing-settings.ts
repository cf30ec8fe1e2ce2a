// Administration, marketing part: the system-behaviour switch "Duplicate e-mail detection", the MailChimp
// integration (API key checked and kept encrypted on the server, audience, on/off), and which profiles may run campaigns.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { MailChimpView } from '../../../shared/marketing.ts';
import { href } from '../../app/router.ts';
import { runtime } from '../../app/runtime.ts';
import { LocaleController, t } from '../../i18n/index.ts';
import { base } from '../../ui/styles.ts';
import { errorText } from '../../ui/error-text.ts';

interface SettingsAnswer {
  settings: { duplicateEmailDetection: boolean; mailchimpEnabled: boolean };
  duplicateAddresses: number;
}
interface Audience {
  id: string;
  name: string;
  memberCount: number;
}
interface FeaturesAnswer {
  features: string[];
  profiles: { profileId: string; features: string[] }[];
}

@customElement('fc-marketing-settings')
export class FcMarketingSettings extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
      }
      h2 {
        font-size: 17px;
        margin-top: 28px;
      }
      .switch {
        display: flex;
        gap: 10px;
        align-items: center;
        min-height: 44px;
      }
      .switch input,
      td input[type='checkbox'] {
        width: 22px;
        min-height: 22px;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
        align-items: end;
        margin: 8px 0;
      }
      .row label {
        display: grid;
        gap: 4px;
        min-width: 260px;
      }
      .note {
        padding: 8px 12px;
        border-left: 4px solid var(--fc-accent);
        background: var(--fc-surface, transparent);
      }
      .error {
        color: var(--fc-danger);
      }
      table {
        border-collapse: collapse;
      }
      th,
      td {
        text-align: left;
        padding: 6px 8px;
        border-bottom: 1px solid var(--fc-line);
      }
    `,
  ];
  /** Profile names by id (the admin page has them already). */
  @property({ attribute: false }) profileNames: Record<string, string> = {};
  @state() private settings: SettingsAnswer | null = null;
  @state() private mc: MailChimpView | null = null;
  @state() private audiences: Audience[] = [];
  @state() private features: FeaturesAnswer | null = null;
  @state() private error = '';
  @state() private saved = '';
  private keyDraft = '';

  constructor() {
    super();
    new LocaleController(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async run(task: () => Promise<void>, done = ''): Promise<void> {
    this.error = '';
    this.saved = '';
    try {
      await task();
      this.saved = done;
    } catch (err) {
      this.error = errorText(err);
    }
  }

  private async load(): Promise<void> {
    await this.run(async () => {
      [this.settings, this.mc, this.features] = await Promise.all([
        runtime.api.get<SettingsAnswer>('/api/admin/settings'),
        runtime.api.get<MailChimpView>('/api/admin/mailchimp'),
        runtime.api.get<FeaturesAnswer>('/api/admin/features'),
      ]);
      if (this.mc.keySet) this.audiences = (await runtime.api.get<{ audiences: Audience[] }>('/api/admin/mailchimp/audiences')).audiences;
    });
  }

  private setSwitch(key: string, value: boolean): Promise<void> {
    return this.run(async () => {
      this.settings = await runtime.api.request<SettingsAnswer>('PUT', `/api/admin/settings/${key}`, { value });
      void runtime.refreshSession();
    }, t('admin.savedServer'));
  }

  private saveKey(): Promise<void> {
    return this.run(async () => {
      this.mc = await runtime.api.request<MailChimpView>('PUT', '/api/admin/mailchimp/key', { apiKey: this.keyDraft });
      this.keyDraft = '';
      (this.renderRoot.querySelector('#mc-key') as HTMLInputElement | null)?.setAttribute('value', '');
      this.audiences = (await runtime.api.get<{ audiences: Audience[] }>('/api/admin/mailchimp/audiences')).audiences;
    }, t('mc.keySaved'));
  }

  private chooseAudience(id: string): Promise<void> {
    return this.run(async () => {
      this.mc = await runtime.api.request<MailChimpView>('PUT', '/api/admin/mailchimp/audience', { audienceId: id });
    }, t('admin.savedServer'));
  }

  private enable(on: boolean): Promise<void> {
    return this.run(async () => {
      this.mc = await runtime.api.request<MailChimpView>('PUT', '/api/admin/mailchimp/enabled', { value: on });
      void runtime.refreshSession();
    }, t('admin.savedServer'));
  }

  private setFeature(profileId: string, feature: string, on: boolean): Promise<void> {
    const current = this.features?.profiles.find((p) => p.profileId === profileId)?.features ?? [];
    const next = on ? [...new Set([...current, feature])] : current.filter((f) => f !== feature);
    return this.run(async () => {
      await runtime.api.request('PUT', `/api/admin/profiles/${encodeURIComponent(profileId)}/features`, { features: next });
      this.features = await runtime.api.get<FeaturesAnswer>('/api/admin/features');
      void runtime.refreshSession();
    }, t('admin.savedServer'));
  }

  override render() {
    const s = this.settings;
    const mc = this.mc;
    return html`<h2>${t('admin.behaviour')}</h2>
      ${s
        ? html`<label class="switch">
              <input type="checkbox" data-setting="duplicateEmailDetection" .checked=${s.settings.duplicateEmailDetection} @change=${(e: Event) => void this.setSwitch('duplicateEmailDetection', (e.target as HTMLInputElement).checked)} />
              ${t('setting.duplicateEmailDetection')}
            </label>
            <p class="muted">${t('setting.duplicateEmailDetection.help')}</p>
            ${s.settings.duplicateEmailDetection && s.duplicateAddresses > 0
              ? html`<p class="note" data-existing-duplicates=${s.duplicateAddresses}>
                  ${t('admin.existingDuplicates', { n: s.duplicateAddresses })}
                  <a href=${href({ view: 'page', page: 'email-duplicates' })}>${t('nav.email-duplicates')}</a>
                  ${mc && !mc.enabled ? html`(${t('admin.duplicatesNeedMailchimp')})` : nothing}
                </p>`
              : nothing}`
        : nothing}
      <h2>MailChimp</h2>
      ${mc
        ? html`<p data-mailchimp-state>${mc.enabled ? t('mc.on', { audience: mc.audienceName }) : t('mc.off')}${mc.keySet ? html` · ${t('mc.keyHint', { hint: mc.keyHint })}` : nothing}</p>
            <div class="row">
              <label>
                ${t('mc.apiKey')}
                <input id="mc-key" type="password" autocomplete="off" spellcheck="false" placeholder="0123…cdef-us6" @input=${(e: Event) => (this.keyDraft = (e.target as HTMLInputElement).value)} />
              </label>
              <button type="button" data-save-key @click=${() => void this.saveKey()}>${t('mc.saveKey')}</button>
            </div>
            ${mc.keySet
              ? html`<div class="row">
                  <label>
                    ${t('mc.audience')}
                    <select data-audience @change=${(e: Event) => void this.chooseAudience((e.target as HTMLSelectElement).value)}>
                      <option value="" ?selected=${!mc.audienceId}>—</option>
                      ${this.audiences.map((a) => html`<option value=${a.id} ?selected=${a.id === mc.audienceId}>${a.name} (${a.memberCount})</option>`)}
                    </select>
                  </label>
                </div>`
              : nothing}
            <label class="switch">
              <input type="checkbox" data-mailchimp-enabled .checked=${mc.enabled} ?disabled=${!mc.keySet || !mc.audienceId} @change=${(e: Event) => void this.enable((e.target as HTMLInputElement).checked)} />
              ${t('mc.enable')}
            </label>
            <p class="muted">${t('mc.help')}</p>`
        : nothing}
      ${this.features
        ? html`<h3>${t('admin.features')}</h3>
            <table data-features>
              <thead>
                <tr><th scope="col">${t('admin.profile')}</th>${this.features.features.map((f) => html`<th scope="col">${t(`feature.${f}`)}</th>`)}</tr>
              </thead>
              <tbody>
                ${this.features.profiles.map(
                  (p) => html`<tr>
                    <th scope="row">${this.profileNames[p.profileId] ?? p.profileId}</th>
                    ${this.features!.features.map(
                      (f) => html`<td>
                        <input type="checkbox" aria-label="${this.profileNames[p.profileId] ?? p.profileId}: ${t(`feature.${f}`)}" data-feature="${p.profileId}:${f}" .checked=${p.features.includes(f)} @change=${(e: Event) => void this.setFeature(p.profileId, f, (e.target as HTMLInputElement).checked)} />
                      </td>`,
                    )}
                  </tr>`,
                )}
              </tbody>
            </table>`
        : nothing}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${this.saved ? html`<p role="status" class="muted">${this.saved}</p>` : nothing}`;
  }
}
