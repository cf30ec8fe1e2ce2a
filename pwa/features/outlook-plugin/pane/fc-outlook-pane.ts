// The Outlook task pane: who the open message's people are in FieldCRM, a contact for an unknown sender, "File this
// e-mail" (through the documents route, once per Message-ID), and the sender's open business. Fits a 320 px pane.
import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { SessionInfo } from '../../../../shared/api.ts';
import { ERROR_CODES } from '../../../../shared/errors.ts';
import { splitName, type OutlookLookupAnswer, type OutlookMatch, type OutlookPerson } from '../../../../shared/outlook.ts';
import type { WireDoc } from '../../../../shared/sync.ts';
import { LocaleController, initialLocale, labelled, locale, setLocale, t } from '../../../i18n/index.ts';
import { ApiError } from '../../../net/api.ts';
import { base } from '../../../ui/styles.ts';
import { errorText } from '../../../ui/error-text.ts';
import { openMessage, type OpenMessage } from './office-host.ts';
import { emlName, PaneApi } from './pane-api.ts';
import { defaultTarget, recordHref, targetKey, targets, unknownSender } from './pane-model.ts';

type Phase = 'loading' | 'no-message' | 'sign-in' | 'ready' | 'failed';

interface NewContact {
  kind: 'person' | 'lead';
  firstName: string;
  lastName: string;
  companyName: string;
}

const field = (d: WireDoc, k: string): string => String((d as Record<string, unknown>)[k] ?? '');
/** A date and time as the user's language writes it (explicit fields: dateStyle is missing from older engines). */
const when = (iso: string): string => (iso ? new Date(iso).toLocaleString(locale(), { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }) : '');

@customElement('fc-outlook-pane')
export class FcOutlookPane extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
        max-width: 100%;
        padding: 10px;
        background: var(--fc-bg);
        min-height: 100vh;
      }
      h1 {
        font-size: 1.1rem;
        margin: 0;
      }
      h2 {
        font-size: 1rem;
        margin: 14px 0 6px;
      }
      header {
        display: flex;
        justify-content: space-between;
        align-items: baseline;
        gap: 8px;
        flex-wrap: wrap;
      }
      .card {
        background: var(--fc-surface);
        border: 1px solid var(--fc-line);
        border-radius: var(--fc-radius);
        padding: 10px;
        margin-top: 10px;
      }
      .muted {
        color: var(--fc-muted);
      }
      .who {
        overflow-wrap: anywhere;
      }
      .role {
        font-size: 0.8rem;
        text-transform: uppercase;
        color: var(--fc-muted);
      }
      label.choice {
        display: flex;
        gap: 8px;
        align-items: center;
        min-height: 44px;
        overflow-wrap: anywhere;
      }
      label.choice input {
        flex: none;
        width: 20px;
        height: 20px;
        min-height: 0;
        min-width: 0;
        margin: 0;
      }
      fieldset {
        border: 0;
        margin: 0;
        padding: 0;
        min-width: 0;
      }
      legend {
        font-weight: 600;
        padding: 0;
      }
      .person + .person {
        border-top: 1px solid var(--fc-line);
        margin-top: 6px;
        padding-top: 6px;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
        margin-top: 8px;
      }
      .row > button {
        flex: 1 1 auto;
      }
      form.stack label {
        display: block;
        margin-top: 6px;
      }
      form.stack input {
        width: 100%;
        min-height: 40px;
      }
      .primary {
        background: var(--fc-accent);
        color: var(--fc-accent-text);
        border-color: var(--fc-accent);
        width: 100%;
        margin-top: 10px;
      }
      .filed {
        border-color: var(--fc-ok);
      }
      .alert {
        color: var(--fc-danger);
      }
      ul {
        margin: 0;
        padding-left: 18px;
      }
      li {
        overflow-wrap: anywhere;
      }
      a {
        color: var(--fc-accent);
      }
    `,
  ];

  @state() private phase: Phase = 'loading';
  @state() private user: SessionInfo | null = null;
  @state() private answer: OutlookLookupAnswer | null = null;
  @state() private target = '';
  @state() private creating: NewContact | null = null;
  @state() private busy = false;
  @state() private status = '';
  @state() private problem = '';
  private readonly api = new PaneApi();
  private message: OpenMessage | null = null;

  constructor() {
    super();
    new LocaleController(this);
  }

  /** Called once Office.js is ready (main.ts), and again when the user opens another message in a pinned pane. */
  async start(): Promise<void> {
    this.message = openMessage();
    this.answer = null;
    this.status = '';
    this.problem = '';
    this.creating = null;
    if (!this.message) {
      this.phase = 'no-message';
      return;
    }
    this.phase = 'loading';
    try {
      this.user = await this.api.session();
      if (!this.user) {
        this.phase = 'sign-in';
        return;
      }
      setLocale(initialLocale(this.user.user.locale), false);
      await this.refresh();
    } catch (err) {
      this.fail(err);
    }
  }

  private async refresh(): Promise<void> {
    if (!this.message) return;
    const answer = await this.api.lookup({ messageId: this.message.messageId, people: this.message.people });
    this.answer = answer;
    if (!this.target || !targets(answer).some((m) => targetKey(m) === this.target)) this.target = defaultTarget(answer);
    this.phase = 'ready';
  }

  private fail(err: unknown): void {
    this.problem = errorText(err, { unreachable: t('outlook.unreachable'), serverWords: true });
    if (this.phase === 'loading') this.phase = 'failed';
  }

  private async signIn(e: Event): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    this.busy = true;
    this.problem = '';
    try {
      this.user = await this.api.signIn(String(data.get('login') ?? ''), String(data.get('password') ?? ''));
      setLocale(initialLocale(this.user.user.locale), false);
      this.phase = 'loading';
      await this.refresh();
    } catch (err) {
      this.problem = err instanceof ApiError && err.code === ERROR_CODES.BAD_CREDENTIALS ? t('ui.signInFailed') : errorText(err, { serverWords: true });
    } finally {
      this.busy = false;
    }
  }

  private startCreate(kind: 'person' | 'lead', sender: OutlookPerson): void {
    const names = splitName(sender.name, sender.address);
    this.creating = { kind, ...names, companyName: '' };
    this.status = '';
    this.problem = '';
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('form.stack input')?.focus());
  }

  private async create(e: Event, sender: OutlookPerson): Promise<void> {
    e.preventDefault();
    if (!this.creating) return;
    const data = new FormData(e.target as HTMLFormElement);
    const kind = this.creating.kind;
    this.busy = true;
    this.problem = '';
    try {
      const made = await this.api.createContact({
        kind,
        address: sender.address,
        firstName: String(data.get('firstName') ?? ''),
        lastName: String(data.get('lastName') ?? ''),
        ...(kind === 'lead' ? { companyName: String(data.get('companyName') ?? '') } : {}),
      });
      this.creating = null;
      this.target = targetKey(made);
      await this.refresh();
      this.status = t('outlook.created', { entity: t(`entity.${kind}`), title: made.title });
    } catch (err) {
      this.fail(err);
    } finally {
      this.busy = false;
    }
  }

  private async file(): Promise<void> {
    const chosen = this.answer && targets(this.answer).find((m) => targetKey(m) === this.target);
    if (!this.message || !chosen) return;
    this.busy = true;
    this.status = t('outlook.filing');
    this.problem = '';
    try {
      const filed = await this.api.file(chosen, emlName(this.message.subject), await this.message.eml());
      await this.refresh();
      const docs = Math.max(0, filed.documents.length - 1);
      this.status = t('outlook.filed', { title: chosen.title, n: docs });
      if (filed.skipped.length) this.status += ` ${t('outlook.skipped', { n: filed.skipped.length })}`;
    } catch (err) {
      this.status = '';
      if (err instanceof ApiError && err.code === ERROR_CODES.DOC_FILED_ALREADY) await this.refresh().catch(() => undefined);
      this.fail(err);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    return html`<header>
        <h1>FieldCRM</h1>
        ${this.user ? html`<span class="muted">${this.user.user.displayName}</span>` : nothing}
      </header>
      ${this.body()}
      <p role="status" aria-live="polite" data-status>${this.status}</p>
      ${this.problem ? html`<p role="alert" class="alert" data-problem>${this.problem}</p>` : nothing}`;
  }

  private body(): TemplateResult | typeof nothing {
    switch (this.phase) {
      case 'loading':
        return html`<p class="muted">${t('outlook.loading')}</p>`;
      case 'no-message':
        return html`<p class="card">${t('outlook.noMessage')}</p>`;
      case 'failed':
        return html`<div class="row"><button type="button" @click=${() => void this.start()}>${t('outlook.retry')}</button></div>`;
      case 'sign-in':
        return this.signInForm();
      case 'ready':
        return this.answer ? this.ready(this.answer) : nothing;
    }
  }

  private signInForm(): TemplateResult {
    return html`<form class="card stack" @submit=${(e: Event) => void this.signIn(e)} data-sign-in>
      <p>${t('outlook.signInHint')}</p>
      <label>${t('ui.login')} <input name="login" autocomplete="username" required /></label>
      <label>${t('ui.password')} <input name="password" type="password" autocomplete="current-password" required /></label>
      <button class="primary" type="submit" ?disabled=${this.busy}>${t('ui.signIn')}</button>
    </form>`;
  }

  private ready(answer: OutlookLookupAnswer): TemplateResult {
    const filed = answer.filed;
    const sender = unknownSender(answer);
    const choices = targets(answer);
    return html`${filed ? this.filedBanner(filed) : nothing}
      <section class="card" aria-labelledby="people">
        <h2 id="people">${t('outlook.people')}</h2>
        <fieldset ?disabled=${this.busy}>
          <legend class="visually-hidden">${t('outlook.fileOn')}</legend>
          ${answer.people.map((p) => this.person(p))}
        </fieldset>
        ${sender && !filed ? this.createOffer(sender) : nothing}
        ${filed
          ? nothing
          : html`<button class="primary" type="button" data-file ?disabled=${this.busy || !choices.length || !this.target} @click=${() => void this.file()}>${t('outlook.file')}</button>
              ${choices.length ? nothing : html`<p class="muted">${t('outlook.nothingToFileOn')}</p>`}`}
      </section>
      ${answer.sender ? this.summary(answer.sender) : nothing}`;
  }

  private filedBanner(filed: NonNullable<OutlookLookupAnswer['filed']>): TemplateResult {
    return html`<div class="card filed" data-filed>
      <strong>${t('outlook.filedAlready')}</strong>
      <p>${t('outlook.filedWhen', { when: when(filed.filedAt), who: filed.filedBy || '—' })}</p>
      ${filed.visible
        ? html`<a href=${recordHref({ entity: 'communication', id: filed.communicationId })} target="_blank" rel="noopener">${filed.subject || t('outlook.openFiled')}</a>`
        : html`<p class="muted">${t('outlook.filedHidden')}</p>`}
    </div>`;
  }

  private person(p: OutlookPerson): TemplateResult {
    return html`<div class="person" data-person=${p.address}>
      <div class="who"><span class="role">${t(`outlook.role.${p.role}`)}</span> <strong>${p.name || p.address}</strong> <span class="muted">${p.name ? p.address : ''}</span></div>
      ${p.matches.length
        ? p.matches.map((m) => this.choice(m))
        : html`<p class="muted" data-unknown>${t('outlook.unknown')}</p>`}
    </div>`;
  }

  private choice(m: OutlookMatch): TemplateResult {
    const key = targetKey(m);
    return html`<label class="choice">
      <input type="radio" name="target" .value=${key} .checked=${this.target === key} @change=${() => (this.target = key)} data-target=${key} />
      <span>${labelled(t(`entity.${m.entity}`), '')}<a href=${recordHref(m)} target="_blank" rel="noopener">${m.title}</a>${m.companyName ? html` · ${m.companyName}` : nothing}</span>
    </label>`;
  }

  private createOffer(sender: OutlookPerson): TemplateResult {
    const c = this.creating;
    if (!c)
      return html`<div class="row">
        <button type="button" data-create="person" ?disabled=${this.busy} @click=${() => this.startCreate('person', sender)}>${t('outlook.createPerson')}</button>
        <button type="button" data-create="lead" ?disabled=${this.busy} @click=${() => this.startCreate('lead', sender)}>${t('outlook.createLead')}</button>
      </div>`;
    return html`<form class="stack" data-create-form=${c.kind} @submit=${(e: Event) => void this.create(e, sender)}>
      <h2>${c.kind === 'person' ? t('outlook.createPerson') : t('outlook.createLead')}</h2>
      <p class="muted">${sender.address}</p>
      <label>${t('field.person.firstName')} <input name="firstName" .value=${c.firstName} maxlength="60" /></label>
      <label>${t('field.person.lastName')} <input name="lastName" .value=${c.lastName} maxlength="60" ?required=${c.kind === 'person'} /></label>
      ${c.kind === 'lead' ? html`<label>${t('field.lead.companyName')} <input name="companyName" maxlength="120" /></label>` : nothing}
      <div class="row">
        <button type="submit" class="primary" ?disabled=${this.busy}>${t('outlook.save')}</button>
        <button type="button" ?disabled=${this.busy} @click=${() => (this.creating = null)}>${t('outlook.cancel')}</button>
      </div>
    </form>`;
  }

  private summary(s: NonNullable<OutlookLookupAnswer['sender']>): TemplateResult {
    const list = (items: WireDoc[], line: (d: WireDoc) => TemplateResult | string, empty: string) =>
      items.length ? html`<ul>${items.map((d) => html`<li>${line(d)}</li>`)}</ul>` : html`<p class="muted">${empty}</p>`;
    return html`<section class="card" aria-labelledby="sender" data-summary>
      <h2 id="sender">${t('outlook.senderTitle', { title: s.record.title })}</h2>
      <h2>${t('outlook.open')}</h2>
      ${list(s.open, (d) => html`${labelled(t(`option.${field(d, 'kind')}`), '')}<a href=${recordHref({ entity: 'communication', id: d.id })} target="_blank" rel="noopener">${field(d, 'subject')}</a> <span class="muted">${when(field(d, 'startsAt'))}</span>`, t('outlook.none'))}
      ${s.record.entity === 'lead'
        ? nothing
        : html`<h2>${t('outlook.opportunities')}</h2>
            ${list(s.opportunities, (d) => html`<a href=${recordHref({ entity: 'opportunity', id: d.id })} target="_blank" rel="noopener">${field(d, 'description')}</a> <span class="muted">${t(`option.${field(d, 'stage')}`)}</span>`, t('outlook.none'))}`}
      <h2>${t('outlook.notes')}</h2>
      ${list(s.notes, (d) => field(d, 'text').slice(0, 200), t('outlook.none'))}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fc-outlook-pane': FcOutlookPane;
  }
}
