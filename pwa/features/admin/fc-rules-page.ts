// Administration › Table rules (desktop, online): list, add, edit, enable or disable, delete and test the rules that act
// when records are written. The element lays out; rules-view.ts holds the API, the drafts and the wording.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { RULE_ACTION_KINDS, RULE_ACTOR, RULE_EVENTS, type RuleActionKind, type RuleEvent } from '../../../shared/rules.ts';
import { runtime } from '../../app/runtime.ts';
import { fieldLabel, LocaleController, optionLabel, t } from '../../i18n/index.ts';
import { ApiError } from '../../net/api.ts';
import { LatestRequest } from '../../net/latest-request.ts';
import { errorText } from '../../ui/error-text.ts';
import '../../ui/fc-confirm.ts';
import { base, dataTable, page } from '../../ui/styles.ts';
import { adminApi, type AdminUser } from './admin-api.ts';
import { actionText, shownValue, blankAction, blankRule, draftOf, issueText, ruleBody, rulesApi, type ActionDraft, type ListedRule, type RuleDraft, type RuleField, type RulesMeta, type RuleTest } from './rules-view.ts';

@customElement('fc-rules-page')
export class FcRulesPage extends LitElement {
  static override styles = [
    base,
    page,
    dataTable,
    css`
      h2 {
        font-size: 17px;
        margin-top: 24px;
      }
      form {
        display: grid;
        gap: 12px;
        max-width: 860px;
        background: #fff;
        border: 1px solid #d0d7de;
        border-radius: 8px;
        padding: 14px;
      }
      .row {
        display: grid;
        gap: 4px;
      }
      textarea {
        font-family: ui-monospace, Menlo, Consolas, monospace;
        min-height: 64px;
      }
      fieldset {
        border: 1px solid #d0d7de;
        border-radius: 6px;
        display: flex;
        flex-wrap: wrap;
        gap: 10px;
        align-items: end;
      }
      fieldset .row {
        min-width: 180px;
      }
      code {
        white-space: pre-wrap;
      }
      .state {
        border-radius: 999px;
        padding: 1px 10px;
        font-size: 13px;
        background: #e6f4ea;
        color: #1e5631;
      }
      .state.off {
        background: #f1f1f1;
        color: #555;
      }
      .failing {
        color: #8a1f11;
        font-size: 13px;
      }
      td.actions {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
      }
      .ok {
        color: #1e5631;
      }
      .hint {
        font-size: 13px;
      }
      label.check {
        display: inline-flex;
        align-items: center;
        gap: 6px;
        margin-right: 14px;
        justify-self: start;
      }
      label.check input {
        width: 22px;
        min-height: 22px;
        margin: 0;
      }
      ul.does {
        margin: 0;
        padding-left: 18px;
      }
    `,
  ];
  @state() private rules: ListedRule[] = [];
  @state() private meta: RulesMeta | null = null;
  @state() private users: AdminUser[] = [];
  @state() private draft: RuleDraft | null = null;
  @state() private problems: string[] = [];
  @state() private checked = '';
  /** What the condition check found, shown under the condition (save's problems are shown by the Save button). */
  @state() private checkProblems: string[] = [];
  @state() private message = '';
  @state() private deleting: ListedRule | null = null;
  @state() private testing: ListedRule | null = null;
  @state() private testRecord = '';
  @state() private testEvent: RuleEvent = 'update';
  @state() private tested: RuleTest | null = null;
  /** Records matching what is typed in the test's record box (title and id), offered in a list. */
  @state() private found: { id: string; title: string }[] = [];
  private readonly finding = new LatestRequest();

  constructor() {
    super();
    new LocaleController(this);
  }

  private get api() {
    return rulesApi(runtime.api);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.finding.stop();
  }

  /** The test's record box: an id as typed, and records whose title matches offered as the user types. */
  private typeRecord(entity: string, text: string): void {
    this.testRecord = text;
    const q = text.trim();
    if (q.length < 2) return void (this.found = []);
    this.finding.later(() => {
      const signal = this.finding.next();
      this.api
        .find(entity, q, signal)
        .then((found) => (this.found = found))
        .catch(() => undefined);
    });
  }

  private async load(): Promise<void> {
    try {
      [this.rules, this.meta, this.users] = await Promise.all([this.api.list(), this.meta ?? this.api.meta(), this.users.length ? this.users : adminApi(runtime.api).users()]);
    } catch (err) {
      this.message = errorText(err, { unreachable: t('ui.onlineOnly', { feature: t('rules.title') }) });
    }
  }

  private fields(entity: string): RuleField[] {
    return this.meta?.entities.find((e) => e.name === entity)?.fields ?? [];
  }

  private userName = (id: string): string => this.users.find((u) => u.id === id)?.displayName ?? id;

  private problemsOf(err: unknown): string[] {
    const issues = err instanceof ApiError ? (err.problem?.issues ?? []) : [];
    return issues.length ? issues.map(issueText) : [errorText(err, { serverWords: true })];
  }

  private fail(err: unknown): void {
    this.problems = this.problemsOf(err);
  }

  private async check(): Promise<void> {
    const d = this.draft;
    if (!d) return;
    this.checkProblems = [];
    this.checked = '';
    try {
      await this.api.check(d.entity, d.condition);
      this.checked = t('rules.conditionOk');
    } catch (err) {
      this.checkProblems = this.problemsOf(err);
    }
  }

  private async save(e: Event): Promise<void> {
    e.preventDefault();
    const d = this.draft;
    if (!d) return;
    this.problems = [];
    try {
      const body = ruleBody(d, this.fields(d.entity));
      const saved = d.id ? await this.api.update(d.id, body) : await this.api.create(body);
      this.draft = null;
      this.message = t('rules.saved', { name: saved.name });
      await this.load();
    } catch (err) {
      this.fail(err);
    }
  }

  private async toggle(r: ListedRule): Promise<void> {
    try {
      await this.api.enable(r.id, !r.enabled);
      this.message = t(r.enabled ? 'rules.disabledDone' : 'rules.enabledDone', { name: r.name });
      await this.load();
    } catch (err) {
      const issues = err instanceof ApiError ? (err.problem?.issues ?? []) : [];
      this.message = [errorText(err), ...issues.map(issueText)].join(' ');
    }
  }

  private async removeRule(ok: boolean): Promise<void> {
    const r = this.deleting;
    this.deleting = null;
    if (!ok || !r) return;
    try {
      await this.api.remove(r.id);
      this.message = t('rules.deleted', { name: r.name });
      await this.load();
    } catch (err) {
      this.message = errorText(err);
    }
  }

  private async runTest(e: Event): Promise<void> {
    e.preventDefault();
    const r = this.testing;
    if (!r) return;
    this.tested = null;
    this.problems = [];
    try {
      this.tested = await this.api.test({ ruleId: r.id, recordId: this.testRecord.trim(), event: this.testEvent });
    } catch (err) {
      this.fail(err);
    }
  }

  private edit(d: RuleDraft): void {
    this.draft = d;
    this.problems = [];
    this.checkProblems = [];
    this.checked = '';
    this.testing = null;
  }

  private patch(change: Partial<RuleDraft>): void {
    if (this.draft) this.draft = { ...this.draft, ...change };
  }

  private patchAction(i: number, change: Partial<ActionDraft>): void {
    if (!this.draft) return;
    this.patch({ actions: this.draft.actions.map((a, k) => (k === i ? { ...a, ...change } : a)) });
  }

  private userOptions(selected: string) {
    return html`<option value=${RULE_ACTOR} ?selected=${selected === RULE_ACTOR}>${t('rules.actor')}</option>
      ${this.users.filter((u) => !u.disabled).map((u) => html`<option value=${u.id} ?selected=${selected === u.id}>${u.displayName}</option>`)}`;
  }

  private valueInput(i: number, a: ActionDraft, field: RuleField | undefined) {
    const set = (value: string) => this.patchAction(i, { value });
    const id = `rule-value-${i}`;
    const control =
      field?.kind === 'select'
        ? html`<select id=${id} @change=${(e: Event) => set((e.target as HTMLSelectElement).value)}>
            <option value="" ?selected=${a.value === ''}></option>
            ${(field.options ?? []).filter((o) => o !== '').map((o) => html`<option value=${o} ?selected=${a.value === o}>${optionLabel(o)}</option>`)}
          </select>`
        : field?.kind === 'boolean'
          ? html`<select id=${id} @change=${(e: Event) => set((e.target as HTMLSelectElement).value)}>
              <option value="true" ?selected=${a.value === 'true'}>${t('ui.yes')}</option>
              <option value="false" ?selected=${a.value !== 'true'}>${t('ui.no')}</option>
            </select>`
          : html`<input id=${id} type=${field?.kind === 'number' || field?.kind === 'amount' ? 'number' : 'text'} step="any" .value=${a.value} @input=${(e: Event) => set((e.target as HTMLInputElement).value)} />`;
    return html`<div class="row"><label for=${id}>${t('rules.value')}</label>${control}
      ${field?.kind === 'date' || field?.kind === 'datetime' ? html`<span class="muted hint">${t('rules.dateHint')}</span>` : nothing}</div>`;
  }

  private renderAction(d: RuleDraft, a: ActionDraft, i: number) {
    const fields = this.fields(d.entity);
    let inputs;
    if (a.kind === 'set') {
      inputs = html`<div class="row">
          <label for="rule-field-${i}">${t('rules.field')}</label>
          <select id="rule-field-${i}" @change=${(e: Event) => this.patchAction(i, { field: (e.target as HTMLSelectElement).value, value: '' })}>
            <option value="" ?selected=${a.field === ''}></option>
            ${fields.filter((f) => f.settable).map((f) => html`<option value=${f.name} ?selected=${a.field === f.name}>${fieldLabel(d.entity, f.name)}</option>`)}
          </select>
        </div>
        ${this.valueInput(i, a, fields.find((f) => f.name === a.field))}`;
    } else if (a.kind === 'task') {
      inputs = html`<div class="row"><label for="rule-subject-${i}">${t('rules.subject')}</label><input id="rule-subject-${i}" .value=${a.subject} @input=${(e: Event) => this.patchAction(i, { subject: (e.target as HTMLInputElement).value })} /></div>
        <div class="row"><label for="rule-owner-${i}">${t('rules.owner')}</label><select id="rule-owner-${i}" @change=${(e: Event) => this.patchAction(i, { ownerId: (e.target as HTMLSelectElement).value })}>${this.userOptions(a.ownerId)}</select></div>
        <div class="row"><label for="rule-due-${i}">${t('rules.dueInDays')}</label><input id="rule-due-${i}" type="number" min="0" max="3650" .value=${String(a.dueInDays)} @input=${(e: Event) => this.patchAction(i, { dueInDays: Math.max(0, Math.floor(Number((e.target as HTMLInputElement).value) || 0)) })} /></div>`;
    } else {
      inputs = html`<div class="row"><label for="rule-message-${i}">${t('rules.message')}</label><input id="rule-message-${i}" .value=${a.message} @input=${(e: Event) => this.patchAction(i, { message: (e.target as HTMLInputElement).value })} /></div>
        ${a.kind === 'notify'
          ? html`<div class="row"><label for="rule-users-${i}">${t('rules.users')}</label>
              <select id="rule-users-${i}" multiple size="4" @change=${(e: Event) => this.patchAction(i, { users: [...(e.target as HTMLSelectElement).selectedOptions].map((o) => o.value) })}>
                <option value=${RULE_ACTOR} ?selected=${a.users.includes(RULE_ACTOR)}>${t('rules.actor')}</option>
                ${this.users.filter((u) => !u.disabled).map((u) => html`<option value=${u.id} ?selected=${a.users.includes(u.id)}>${u.displayName}</option>`)}
              </select></div>`
          : nothing}`;
    }
    return html`<fieldset data-action=${i}>
      <legend>${t('rules.actionN', { n: i + 1 })}</legend>
      <div class="row">
        <label for="rule-kind-${i}">${t('rules.actionKind')}</label>
        <select id="rule-kind-${i}" @change=${(e: Event) => this.patchAction(i, { kind: (e.target as HTMLSelectElement).value as RuleActionKind })}>
          ${RULE_ACTION_KINDS.map((k) => html`<option value=${k} ?selected=${a.kind === k}>${t(`rules.kind.${k}`)}</option>`)}
        </select>
      </div>
      ${inputs}
      ${d.actions.length > 1 ? html`<button type="button" @click=${() => this.patch({ actions: d.actions.filter((_, k) => k !== i) })}>${t('rules.removeAction')}</button>` : nothing}
    </fieldset>`;
  }

  private renderForm(d: RuleDraft) {
    return html`<form data-rule-form @submit=${(e: Event) => void this.save(e)} aria-label=${d.id ? t('rules.edit') : t('rules.add')}>
      <h2>${d.id ? t('rules.edit') : t('rules.add')}</h2>
      <div class="row"><label for="rule-name">${t('rules.name')}</label><input id="rule-name" required maxlength="120" .value=${d.name} @input=${(e: Event) => this.patch({ name: (e.target as HTMLInputElement).value })} /></div>
      <div class="row">
        <label for="rule-entity">${t('rules.entity')}</label>
        <select id="rule-entity" @change=${(e: Event) => this.patch({ entity: (e.target as HTMLSelectElement).value, actions: [blankAction()] })}>
          ${(this.meta?.entities ?? []).map((x) => html`<option value=${x.name} ?selected=${d.entity === x.name}>${t(`entity.${x.name}`)}</option>`)}
        </select>
      </div>
      <div class="row" role="group" aria-label=${t('rules.events')}>
        <span>${t('rules.events')}</span>
        <div class="toolbar">
          ${RULE_EVENTS.map(
            (ev) => html`<label class="check"><input type="checkbox" name="event" value=${ev} .checked=${d.events.includes(ev)} @change=${(e: Event) => this.patch({ events: (e.target as HTMLInputElement).checked ? [...d.events, ev] : d.events.filter((x) => x !== ev) })} /> ${t(`rules.event.${ev}`)}</label>`,
          )}
        </div>
      </div>
      <div class="row">
        <label for="rule-condition">${t('rules.condition')}</label>
        <textarea id="rule-condition" spellcheck="false" maxlength="2000" .value=${d.condition} @input=${(e: Event) => this.patch({ condition: (e.target as HTMLTextAreaElement).value })}></textarea>
        <span class="muted hint">${t('rules.conditionHint')}</span>
        <span class="muted hint">${t('rules.fieldsAre')} ${this.fields(d.entity).map((f) => f.name).join(', ')}</span>
      </div>
      <div class="toolbar"><button type="button" @click=${() => void this.check()}>${t('rules.check')}</button>${this.checked ? html`<span class="ok" role="status">${this.checked}</span>` : nothing}</div>
      ${this.checkProblems.length ? html`<ul class="issue" role="alert" data-check-problems>${this.checkProblems.map((p) => html`<li>${p}</li>`)}</ul>` : nothing}
      ${d.actions.map((a, i) => this.renderAction(d, a, i))}
      <div class="toolbar"><button type="button" @click=${() => this.patch({ actions: [...d.actions, blankAction('notify')] })}>${t('rules.addAction')}</button></div>
      <label class="check"><input type="checkbox" .checked=${d.enabled} @change=${(e: Event) => this.patch({ enabled: (e.target as HTMLInputElement).checked })} /> ${t('rules.enabled')}</label>
      ${this.problems.length ? html`<ul class="issue" role="alert">${this.problems.map((p) => html`<li>${p}</li>`)}</ul>` : nothing}
      <div class="toolbar">
        <button type="submit" class="primary">${t('ui.save')}</button>
        <button type="button" @click=${() => (this.draft = null)}>${t('ui.cancel')}</button>
      </div>
    </form>`;
  }

  private renderTest(r: ListedRule) {
    const res = this.tested;
    return html`<form data-rule-test @submit=${(e: Event) => void this.runTest(e)} aria-label=${t('rules.test')}>
      <h2>${t('rules.testTitle', { name: r.name })}</h2>
      <div class="row">
        <label for="rule-test-record">${t('rules.recordId')}</label>
        <input id="rule-test-record" required maxlength="100" list="rule-test-found" autocomplete="off" .value=${this.testRecord} @input=${(e: Event) => this.typeRecord(r.entity, (e.target as HTMLInputElement).value)} />
        <datalist id="rule-test-found">${this.found.map((f) => html`<option value=${f.id}>${f.title}</option>`)}</datalist>
        <span class="muted hint">${t('rules.recordHint')}</span>
      </div>
      <div class="row">
        <label for="rule-test-event">${t('rules.asEvent')}</label>
        <select id="rule-test-event" @change=${(e: Event) => (this.testEvent = (e.target as HTMLSelectElement).value as RuleEvent)}>
          ${r.events.map((ev) => html`<option value=${ev} ?selected=${this.testEvent === ev}>${t(`rules.event.${ev}`)}</option>`)}
        </select>
      </div>
      ${this.problems.length ? html`<ul class="issue" role="alert">${this.problems.map((p) => html`<li>${p}</li>`)}</ul>` : nothing}
      ${res
        ? html`<div role="status" data-test-result=${res.holds ? 'holds' : 'no'}>
            <p><strong>${res.holds ? t('rules.holds') : t('rules.doesNotHold')}</strong></p>
            <ul class="does">
              ${res.refused !== null ? html`<li>${t('rules.does.refuse', { message: res.refused })}</li>` : nothing}
              ${Object.entries(res.set).map(([f, v]) => html`<li>${t('rules.does.set', { field: fieldLabel(r.entity, f), value: shownValue(r.entity, f, v) })}</li>`)}
              ${res.notify.map((n) => html`<li>${t('rules.does.notify', { users: this.userName(n.userId), message: n.title })}</li>`)}
              ${res.tasks.map((x) => html`<li>${t('rules.does.task', { subject: x.subject, owner: this.userName(x.ownerId), n: Math.round((Date.parse(x.startsAt) - Date.now()) / 86_400_000) })}</li>`)}
              ${res.failures.map((f) => html`<li class="failing">${t(`issue.${f.code}`, { detail: f.message })}</li>`)}
            </ul>
          </div>`
        : nothing}
      <div class="toolbar">
        <button type="submit" class="primary">${t('rules.runTest')}</button>
        <button type="button" @click=${() => (this.testing = null)}>${t('rules.closeTest')}</button>
      </div>
    </form>`;
  }

  private renderList() {
    if (!this.rules.length) return html`<p class="muted">${t('rules.none')}</p>`;
    return html`<div class="scroll">
      <table aria-label=${t('rules.title')}>
        <thead>
          <tr>
            <th>${t('rules.name')}</th>
            <th>${t('rules.entity')}</th>
            <th>${t('rules.events')}</th>
            <th>${t('rules.condition')}</th>
            <th>${t('rules.actions')}</th>
            <th>${t('rules.state')}</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          ${this.rules.map(
            (r) => html`<tr data-rule=${r.id}>
              <td>${r.name}</td>
              <td>${t(`entity.${r.entity}`)}</td>
              <td>${r.events.map((ev) => t(`rules.event.${ev}`)).join(', ')}</td>
              <td><code>${r.condition || t('rules.always')}</code></td>
              <td><ul class="does">${r.actions.map((a) => html`<li>${actionText(r.entity, a, this.userName)}</li>`)}</ul></td>
              <td>
                <span class="state ${r.enabled ? '' : 'off'}">${r.enabled ? t('rules.on') : t('rules.off')}</span>
                ${r.health ? html`<div class="failing" data-failing>${t('rules.failing', { n: r.health.failures })} ${r.health.lastError}</div>` : nothing}
              </td>
              <td class="actions">
                <button type="button" @click=${() => this.edit(draftOf(r))}>${t('ui.edit')}</button>
                <button type="button" @click=${() => void this.toggle(r)}>${r.enabled ? t('rules.disable') : t('rules.enable')}</button>
                <button type="button" @click=${() => {
                  this.testing = r;
                  this.testEvent = r.events[0] ?? 'update';
                  this.tested = null;
                  this.problems = [];
                  this.draft = null;
                }}>${t('rules.test')}</button>
                <button type="button" class="danger" @click=${() => (this.deleting = r)}>${t('ui.delete')}</button>
              </td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  override render() {
    return html`<h1>${t('rules.title')}</h1>
      <p class="muted">${t('rules.intro')} <a href="#/page/admin">${t('nav.admin')}</a></p>
      ${this.message ? html`<p role="status">${this.message}</p>` : nothing}
      ${this.meta
        ? html`<div class="toolbar"><button type="button" class="primary" @click=${() => this.edit(blankRule(this.meta?.entities[0]?.name ?? 'company'))}>${t('rules.add')}</button></div>
            ${this.draft ? this.renderForm(this.draft) : nothing} ${this.testing ? this.renderTest(this.testing) : nothing} ${this.renderList()}`
        : nothing}
      <fc-confirm
        .open=${this.deleting !== null}
        .message=${t('rules.confirmDelete', { name: this.deleting?.name ?? '' })}
        .confirmLabel=${t('ui.delete')}
        .cancelLabel=${t('ui.cancel')}
        @fc-answer=${(e: CustomEvent<boolean>) => void this.removeRule(e.detail)}
      ></fc-confirm>`;
  }
}
