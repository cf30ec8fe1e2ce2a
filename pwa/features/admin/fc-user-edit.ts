// Administration → Edit a user: name, e-mail, language, time zone, security profile, home territory and "reports to".
// Checked as typed; the server checks again and its answer shows under the same fields.
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { FieldIssue } from '../../../shared/errors.ts';
import { runtime } from '../../app/runtime.ts';
import { LocaleController, t } from '../../i18n/index.ts';
import { ApiError } from '../../net/api.ts';
import { errorText } from '../../ui/error-text.ts';
import { base } from '../../ui/styles.ts';
import { userFormStyles } from './user-form-styles.ts';
import { adminApi, type AdminProfile, type AdminUser } from './admin-api.ts';
import { byField, editIssues, reportsToChoices, type UserEditInput } from './user-form.ts';

@customElement('fc-user-edit')
export class FcUserEdit extends LitElement {
  static override styles = [
    base,
    userFormStyles,
    css`
      h3 {
        grid-column: 1 / -1;
        margin: 0;
        font-size: 16px;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
        align-items: center;
      }
    `,
  ];
  @property({ attribute: false }) user: AdminUser | null = null;
  @property({ attribute: false }) users: AdminUser[] = [];
  @property({ attribute: false }) profiles: AdminProfile[] = [];
  @state() private value: UserEditInput = { displayName: '', email: '', locale: 'en', timeZone: 'UTC', profileId: '', territoryId: '', reportsTo: '' };
  @state() private issues: FieldIssue[] = [];
  @state() private failure = '';

  constructor() {
    super();
    new LocaleController(this);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const u = this.user;
    if (changed.has('user') && u) {
      this.value = { displayName: u.displayName, email: u.email, locale: u.locale, timeZone: u.timeZone, profileId: u.profileId, territoryId: u.territoryId, reportsTo: u.reportsTo };
      this.issues = [];
      this.failure = '';
    }
  }

  private set(k: keyof UserEditInput, v: string): void {
    this.value = { ...this.value, [k]: v };
    this.issues = editIssues(this.value);
  }

  private async submit(e: Event): Promise<void> {
    e.preventDefault();
    const u = this.user;
    if (!u) return;
    this.failure = '';
    this.issues = editIssues(this.value);
    if (this.issues.length) return;
    // Only what changed goes to the server (and into the audit log).
    // (A loop, not Object.fromEntries, which Chrome 69 on Android 9 lacks.)
    const changes: Record<string, string> = {};
    for (const [k, v] of Object.entries(this.value)) if ((u as unknown as Record<string, unknown>)[k] !== v) changes[k] = v;
    try {
      if (Object.keys(changes).length) await adminApi(runtime.api).updateUser(u.id, changes);
      this.dispatchEvent(new CustomEvent('fc-saved', { detail: u, bubbles: true, composed: true }));
    } catch (err) {
      if (err instanceof ApiError && err.problem?.issues?.length) this.issues = err.problem.issues;
      else this.failure = errorText(err, { unreachable: t('ui.onlineOnly', { feature: t('nav.admin') }) });
    }
  }

  private field(k: keyof UserEditInput, label: string, input: unknown) {
    const mine = byField(this.issues).get(k) ?? [];
    return html`<label>
      ${label} ${input}
      ${mine.map((i) => html`<span class="issue">${t(`issue.${i.code}`, i.detail === undefined ? {} : { detail: i.detail })}</span>`)}
    </label>`;
  }

  private select(k: keyof UserEditInput, options: { id: string; name: string }[]) {
    return html`<select name=${k} @change=${(e: Event) => this.set(k, (e.target as HTMLSelectElement).value)}>
      ${options.map((o) => html`<option value=${o.id} ?selected=${o.id === this.value[k]}>${o.name}</option>`)}
    </select>`;
  }

  override render() {
    const u = this.user;
    if (!u) return nothing;
    const v = this.value;
    const text = (k: keyof UserEditInput, type = 'text') =>
      html`<input name=${k} type=${type} autocomplete="off" .value=${v[k]} aria-invalid=${byField(this.issues).has(k) ? 'true' : 'false'} @input=${(e: Event) => this.set(k, (e.target as HTMLInputElement).value)} />`;
    const territories = (runtime.current?.session.territories ?? []).map((tr) => ({ id: tr.id, name: tr.name }));
    const managers = [{ id: '', name: t('admin.nobody') }, ...reportsToChoices(u.id, this.users).map((m) => ({ id: m.id, name: m.displayName }))];
    return html`<form @submit=${(e: Event) => void this.submit(e)} novalidate aria-label=${t('admin.editUser', { who: u.displayName })}>
      <h3>${t('admin.editUser', { who: u.displayName })} <span class="muted">(${u.login})</span></h3>
      ${this.field('displayName', t('admin.name'), text('displayName'))} ${this.field('email', t('admin.email'), text('email', 'email'))}
      ${this.field('profileId', t('admin.profile'), this.select('profileId', this.profiles))} ${this.field('territoryId', t('ui.territory'), this.select('territoryId', territories))}
      ${this.field('reportsTo', t('admin.reportsTo'), this.select('reportsTo', managers))}
      ${this.field('locale', t('admin.language'), this.select('locale', [{ id: 'en', name: 'English' }, { id: 'fr', name: 'Français' }]))}
      ${this.field('timeZone', t('field.communication.timeZone'), text('timeZone'))}
      <div class="actions">
        <button class="primary" type="submit">${t('ui.save')}</button>
        <button type="button" @click=${() => this.dispatchEvent(new CustomEvent('fc-cancel', { bubbles: true, composed: true }))}>${t('ui.cancel')}</button>
        ${this.failure ? html`<span role="alert" class="issue">${this.failure}</span>` : nothing}
      </div>
    </form>`;
  }
}
