// Administration → New user: login, name, e-mail, password (the policy checked as it is typed), profile, home territory,
// language and time zone. The server checks everything again and its answer shows under the same fields.
import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { FieldIssue } from '../../../shared/errors.ts';
import { runtime } from '../../app/runtime.ts';
import { LocaleController, t } from '../../i18n/index.ts';
import { ApiError } from '../../net/api.ts';
import { base } from '../../ui/styles.ts';
import { userFormStyles } from './user-form-styles.ts';
import { adminApi, type AdminProfile } from './admin-api.ts';
import { byField, newUserIssues, type NewUserInput } from './user-form.ts';

@customElement('fc-user-form')
export class FcUserForm extends LitElement {
  static override styles = [base, userFormStyles];
  @property({ attribute: false }) profiles: AdminProfile[] = [];
  @state() private value: NewUserInput = { login: '', displayName: '', email: '', password: '', profileId: '', territoryId: '', locale: 'en', timeZone: 'UTC' };
  @state() private issues: FieldIssue[] = [];
  /** A refusal that is about no field (signed out, offline): said above the form. */
  @state() private failure = '';
  @state() private touched = false;

  constructor() {
    super();
    new LocaleController(this);
  }

  private set(k: keyof NewUserInput, v: string): void {
    this.value = { ...this.value, [k]: v };
    if (this.touched || k === 'password') this.issues = newUserIssues(this.value).filter((i) => this.touched || i.field === 'password');
  }

  private async submit(e: Event): Promise<void> {
    e.preventDefault();
    this.touched = true;
    this.failure = '';
    const v = { ...this.value, profileId: this.value.profileId || this.profiles[0]?.id || '', territoryId: this.value.territoryId || runtime.current?.session.territories[0]?.id || '' };
    this.issues = newUserIssues(v);
    if (this.issues.length) return;
    try {
      const made = await adminApi(runtime.api).createUser(v);
      this.dispatchEvent(new CustomEvent('fc-created', { detail: made, bubbles: true, composed: true }));
      this.value = { ...this.value, login: '', displayName: '', email: '', password: '' };
      this.touched = false;
    } catch (err) {
      if (err instanceof ApiError && err.problem?.issues?.length) this.issues = err.problem.issues;
      else this.failure = err instanceof ApiError && err.code !== 'network' ? t(`error.${err.code}`) : t('ui.onlineOnly', { feature: t('nav.admin') });
    }
  }

  private field(k: keyof NewUserInput, label: string, input: unknown) {
    const mine = byField(this.issues).get(k) ?? [];
    return html`<label>
      ${label} ${input}
      ${mine.map((i) => html`<span class="issue" id="issue-${k}">${t(`issue.${i.code}`, i.detail === undefined ? {} : { detail: i.detail })}</span>`)}
    </label>`;
  }

  override render() {
    const territories = runtime.current?.session.territories ?? [];
    const v = this.value;
    const text = (k: keyof NewUserInput, type = 'text', auto = 'off') =>
      html`<input name=${k} type=${type} autocomplete=${auto} .value=${v[k]} aria-invalid=${byField(this.issues).has(k) ? 'true' : 'false'} @input=${(e: Event) => this.set(k, (e.target as HTMLInputElement).value)} />`;
    return html`<form @submit=${(e: Event) => void this.submit(e)} novalidate aria-label=${t('admin.newUser')}>
      ${this.field('login', t('ui.login'), text('login'))} ${this.field('displayName', t('admin.name'), text('displayName'))} ${this.field('email', t('admin.email'), text('email', 'email'))}
      ${this.field('password', t('admin.initialPassword'), text('password', 'password', 'new-password'))}
      ${this.field(
        'profileId',
        t('admin.profile'),
        html`<select name="profileId" @change=${(e: Event) => this.set('profileId', (e.target as HTMLSelectElement).value)}>
          ${this.profiles.map((p) => html`<option value=${p.id} ?selected=${p.id === v.profileId}>${p.name}</option>`)}
        </select>`,
      )}
      ${this.field(
        'territoryId',
        t('ui.territory'),
        html`<select name="territoryId" @change=${(e: Event) => this.set('territoryId', (e.target as HTMLSelectElement).value)}>
          ${territories.map((tr) => html`<option value=${tr.id} ?selected=${tr.id === v.territoryId}>${tr.name}</option>`)}
        </select>`,
      )}
      ${this.field(
        'locale',
        t('admin.language'),
        html`<select name="locale" @change=${(e: Event) => this.set('locale', (e.target as HTMLSelectElement).value)}>
          <option value="en" ?selected=${v.locale === 'en'}>English</option>
          <option value="fr" ?selected=${v.locale === 'fr'}>Français</option>
        </select>`,
      )}
      ${this.field('timeZone', t('field.communication.timeZone'), text('timeZone'))}
      <div class="actions">
        <button class="primary" type="submit">${t('admin.createUser')}</button>
        ${this.failure ? html`<span role="alert" class="issue">${this.failure}</span>` : nothing}
      </div>
    </form>`;
  }
}
