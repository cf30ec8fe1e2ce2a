// "My password": the current password, then a new one under the policy (checked as typed; the server decides). On
// success every other session of the user is signed out, and this one carries on.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { API_PATHS } from '../../../shared/api.ts';
import type { FieldIssue } from '../../../shared/errors.ts';
import { passwordIssues } from '../../../shared/passwords.ts';
import { runtime } from '../../app/runtime.ts';
import { LocaleController, t } from '../../i18n/index.ts';
import { ApiError } from '../../net/api.ts';
import { base, page } from '../../ui/styles.ts';
import './fc-api-tokens.ts';

@customElement('fc-password-page')
export class FcPasswordPage extends LitElement {
  static override styles = [
    base, page,
    css`
      form {
        display: grid;
        gap: 12px;
        max-width: 420px;
      }
      label {
        display: flex;
        flex-direction: column;
        gap: 4px;
      }
      .issue {
        color: var(--fc-error, #b3261e);
        font-size: 13px;
      }
      .forced {
        background: #fff3cd;
        color: #5c3a00;
        border-radius: 8px;
        padding: 10px 14px;
        max-width: 640px;
      }
    `,
  ];
  /** The password in use was a one-time one (an administrator's reset, a new user): say why this page, and go on after. */
  @property({ type: Boolean }) forced = false;
  @state() private current = '';
  @state() private next = '';
  @state() private issues: FieldIssue[] = [];
  /** A refusal that is about no field (signed out, offline): said above the form. */
  @state() private failure = '';
  @state() private done = false;

  constructor() {
    super();
    new LocaleController(this);
  }

  private async submit(e: Event): Promise<void> {
    e.preventDefault();
    this.done = false;
    this.failure = '';
    this.issues = passwordIssues(this.next, 'newPassword');
    if (!this.current) this.issues.push({ field: 'currentPassword', code: 'required' });
    if (this.issues.length) return;
    try {
      await runtime.api.post(API_PATHS.myPassword, { currentPassword: this.current, newPassword: this.next });
      this.current = this.next = '';
      this.done = true;
      // The server now answers everything: the session without the one-time flag, then sync what waited.
      if (this.forced) await runtime.passwordChanged();
    } catch (err) {
      if (err instanceof ApiError && err.problem?.issues?.length) this.issues = err.problem.issues;
      else this.failure = err instanceof ApiError && err.code !== 'network' ? t(`error.${err.code}`) : t('ui.onlineOnly', { feature: t('nav.admin') });
    }
  }

  private issuesOf(field: string) {
    return this.issues.filter((i) => i.field === field).map((i) => html`<span class="issue">${t(`issue.${i.code}`, i.detail === undefined ? {} : { detail: i.detail })}</span>`);
  }

  override render() {
    return html`<h1>${t('nav.password')}</h1>
      ${this.forced ? html`<p role="alert" class="forced" data-forced>${t('account.forced')}</p>` : nothing}
      ${this.done ? html`<p role="status">${t('account.changed')}</p>` : nothing}
      ${this.failure ? html`<p role="alert" class="issue">${this.failure}</p>` : nothing}
      <form @submit=${(e: Event) => void this.submit(e)} novalidate>
        <label
          >${t('account.current')}
          <input name="currentPassword" type="password" autocomplete="current-password" .value=${this.current} @input=${(e: Event) => (this.current = (e.target as HTMLInputElement).value)} />
          ${this.issuesOf('currentPassword')}
        </label>
        <label
          >${t('account.new')}
          <input
            name="newPassword"
            type="password"
            autocomplete="new-password"
            .value=${this.next}
            @input=${(e: Event) => {
              this.next = (e.target as HTMLInputElement).value;
              this.issues = passwordIssues(this.next, 'newPassword');
            }}
          />
          ${this.issuesOf('newPassword')}
        </label>
        <div><button class="primary" type="submit">${t('account.change')}</button></div>
      </form>
      ${this.forced ? nothing : html`<fc-api-tokens></fc-api-tokens>`}`;
  }
}
