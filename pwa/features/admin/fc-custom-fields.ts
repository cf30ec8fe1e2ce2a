// Administration, custom fields (docs/decisions/0044): the fields an entity has beyond its built-in ones, a form to add
// one (kind, labels in English and French, required, option values, where it shows), hide or show one, purge a hidden one.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { API_PATHS } from '../../../shared/api.ts';
import { CUSTOM_KINDS, CUSTOM_REF_TARGETS, CUSTOMIZABLE, onCustomization, type CustomFieldSpec, type Customization, type CustomKind, type SpecIssue } from '../../../shared/entities/index.ts';
import { runtime } from '../../app/runtime.ts';
import { locale, LocaleController, t } from '../../i18n/index.ts';
import { ApiError } from '../../net/api.ts';
import { errorText } from '../../ui/error-text.ts';
import '../../ui/fc-confirm.ts';
import { base, dataTable } from '../../ui/styles.ts';
import { parseOptions } from './custom-field-form.ts';
import { customisationFormStyles, specIssue } from './customisation-form.ts';

@customElement('fc-custom-fields')
export class FcCustomFields extends LitElement {
  static override styles = [
    base,
    dataTable,
    customisationFormStyles,
    css`
      .row.entity {
        max-width: 360px;
      }
      fieldset {
        border: 1px solid var(--fc-line);
        border-radius: var(--fc-radius);
      }
      fieldset label {
        display: flex;
        gap: 8px;
        align-items: center;
        font-weight: 400;
        min-height: 44px;
      }
      fieldset input {
        width: 22px;
        min-height: 22px;
      }
      td.actions {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
      }
    `,
  ];
  /** A built-in customisable entity, or a custom entity's key (docs/decisions/0050). */
  @state() private entity: string = 'company';
  @state() private customization: Customization | null = null;
  @state() private kind: CustomKind = 'text';
  @state() private issues: SpecIssue[] = [];
  @state() private message = '';
  @state() private error = '';
  @state() private purging: CustomFieldSpec | null = null;
  @state() private editing: CustomFieldSpec | null = null;

  constructor() {
    super();
    new LocaleController(this);
  }

  private stopWatching?: () => void;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
    // A custom entity created on this page (or any change the session brings) is offered here at once.
    this.stopWatching = onCustomization(() => void this.load());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopWatching?.();
  }

  private async load(): Promise<void> {
    try {
      this.customization = await runtime.api.get<Customization>(API_PATHS.customization);
    } catch (err) {
      this.error = errorText(err, { serverWords: true });
    }
  }

  /** After a change: this screen, and this browser's own device (its session brings the new fields: it migrates). */
  private async changed(message: string): Promise<void> {
    this.message = message;
    await this.load();
    await runtime.refreshSession();
  }

  private async add(e: Event): Promise<void> {
    e.preventDefault();
    this.message = '';
    this.error = '';
    this.issues = [];
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const text = (k: string) => String(data.get(k) ?? '');
    const body = {
      entity: this.entity,
      code: text('code').trim(),
      kind: this.kind,
      label: { en: text('labelEn'), fr: text('labelFr') },
      required: data.get('required') === 'on',
      screens: { form: data.get('onForm') === 'on', list: data.get('onList') === 'on', search: data.get('onSearch') === 'on' },
      ...(this.kind === 'select' ? { options: parseOptions(text('options')) } : {}),
      ...(this.kind === 'ref' ? { to: text('to') } : {}),
    };
    try {
      await runtime.api.post(API_PATHS.customFields, body);
      form.reset();
      this.kind = 'text';
      await this.changed(t('custom.added', { label: locale() === 'fr' ? body.label.fr : body.label.en }));
    } catch (err) {
      if (err instanceof ApiError && err.problem?.issues) this.issues = err.problem.issues as SpecIssue[];
      else this.error = errorText(err, { serverWords: true });
    }
  }

  private async patch(f: CustomFieldSpec, change: Partial<CustomFieldSpec>, message: string): Promise<void> {
    this.message = '';
    this.error = '';
    try {
      await runtime.api.request('PATCH', API_PATHS.customField(f.entity, f.key), change);
      await this.changed(message);
    } catch (err) {
      this.error = errorText(err, { serverWords: true });
    }
  }

  private async saveEdit(e: Event): Promise<void> {
    e.preventDefault();
    const f = this.editing;
    if (!f) return;
    this.issues = [];
    const data = new FormData(e.target as HTMLFormElement);
    const text = (k: string) => String(data.get(k) ?? '');
    const change = {
      label: { en: text('labelEn'), fr: text('labelFr') },
      required: data.get('required') === 'on',
      screens: { form: data.get('onForm') === 'on', list: data.get('onList') === 'on', search: data.get('onSearch') === 'on' },
      ...(f.kind === 'select' ? { options: parseOptions(text('options')) } : {}),
    };
    try {
      await runtime.api.request('PATCH', API_PATHS.customField(f.entity, f.key), change);
      this.editing = null;
      await this.changed(t('custom.saved', { label: locale() === 'fr' ? change.label.fr : change.label.en }));
    } catch (err) {
      if (err instanceof ApiError && err.problem?.issues) this.issues = err.problem.issues as SpecIssue[];
      else this.error = errorText(err, { serverWords: true });
    }
  }

  private renderEdit(f: CustomFieldSpec) {
    return html`<form data-custom-edit=${f.key} aria-label=${t('custom.editing', { label: this.labelOf(f) })} @submit=${(e: Event) => void this.saveEdit(e)} novalidate>
      <h3>${t('custom.editing', { label: this.labelOf(f) })}</h3>
      <div class="pair">
        <div class="row">
          <label for="edit-label-en">${t('custom.labelEn')}</label>
          <input id="edit-label-en" name="labelEn" maxlength="80" .value=${f.label.en} />
          ${this.issueFor('label.en')}
        </div>
        <div class="row">
          <label for="edit-label-fr">${t('custom.labelFr')}</label>
          <input id="edit-label-fr" name="labelFr" maxlength="80" .value=${f.label.fr} />
          ${this.issueFor('label.fr')}
        </div>
      </div>
      ${f.kind === 'select'
        ? html`<div class="row">
            <label for="edit-options">${t('custom.options')}</label>
            <textarea id="edit-options" name="options" rows="4" spellcheck="false" .value=${(f.options ?? []).map((o) => `${o.value} | ${o.en} | ${o.fr}`).join('\n')}></textarea>
            <span class="muted hint">${t('custom.optionsKept')}</span>
            ${this.issueFor('options')}
          </div>`
        : nothing}
      <label class="check"><input type="checkbox" name="required" .checked=${f.required} /> ${t('custom.required')}</label>
      <fieldset>
        <legend>${t('custom.where')}</legend>
        <label><input type="checkbox" name="onForm" .checked=${f.screens.form} /> ${t('custom.on.form')}</label>
        <label><input type="checkbox" name="onList" .checked=${f.screens.list} /> ${t('custom.on.list')}</label>
        <label><input type="checkbox" name="onSearch" .checked=${f.screens.search} /> ${t('custom.on.search')}</label>
      </fieldset>
      <div>
        <button type="submit" class="primary">${t('ui.save')}</button>
        <button type="button" @click=${() => ((this.editing = null), (this.issues = []))}>${t('ui.cancel')}</button>
      </div>
    </form>`;
  }

  private async purge(yes: boolean): Promise<void> {
    const f = this.purging;
    this.purging = null;
    if (!yes || !f) return;
    try {
      const r = await runtime.api.request<{ purged: number }>('DELETE', API_PATHS.customField(f.entity, f.key));
      await this.changed(t('custom.purged', { n: r.purged }));
    } catch (err) {
      this.error = errorText(err, { serverWords: true });
    }
  }

  private issueFor(field: string) {
    return specIssue(this.issues, field);
  }

  private labelOf(f: CustomFieldSpec): string {
    return locale() === 'fr' ? f.label.fr : f.label.en;
  }

  private renderFields() {
    const fields = (this.customization?.fields ?? []).filter((f) => f.entity === this.entity);
    if (fields.length === 0) return html`<p class="muted" data-no-custom-fields>${t('custom.none')}</p>`;
    const where = (f: CustomFieldSpec) =>
      (['form', 'list', 'search'] as const)
        .filter((k) => f.screens[k])
        .map((k) => t(`custom.on.${k}`))
        .join(', ');
    return html`<table class="data" data-custom-fields>
      <thead>
        <tr>
          <th>${t('custom.label')}</th>
          <th>${t('custom.code')}</th>
          <th>${t('custom.kind')}</th>
          <th>${t('custom.required')}</th>
          <th>${t('custom.where')}</th>
          <th>${t('custom.state')}</th>
          <th><span class="visually-hidden">${t('custom.actions')}</span></th>
        </tr>
      </thead>
      <tbody>
        ${fields.map(
          (f) => html`<tr data-custom-field=${f.key}>
            <td>${this.labelOf(f)}</td>
            <td><code>${f.key}</code></td>
            <td>${t(`custom.kind.${f.kind}`)}</td>
            <td>${f.required ? t('ui.yes') : t('ui.no')}</td>
            <td>${where(f)}</td>
            <td>${f.hidden ? t('custom.hidden') : t('custom.shown')}</td>
            <td class="actions">
              <button type="button" data-edit @click=${() => ((this.editing = f), (this.issues = []))}>${t('custom.edit')}</button>
              ${f.hidden
                ? html`<button type="button" data-show @click=${() => void this.patch(f, { hidden: false }, t('custom.shownNow', { label: this.labelOf(f) }))}>${t('custom.show')}</button>
                    <button type="button" class="danger" data-purge @click=${() => (this.purging = f)}>${t('custom.purge')}</button>`
                : html`<button type="button" data-hide @click=${() => void this.patch(f, { hidden: true }, t('custom.hiddenNow', { label: this.labelOf(f) }))}>${t('custom.hide')}</button>`}
            </td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }

  override render() {
    return html`<h2>${t('custom.title')}</h2>
      <p class="muted hint">${t('custom.intro')}</p>
      ${this.error ? html`<p class="issue" role="alert">${this.error}</p>` : nothing}
      ${this.message ? html`<p role="status">${this.message}</p>` : nothing}
      <div class="row entity">
        <label for="custom-entity">${t('custom.entity')}</label>
        <select id="custom-entity" data-custom-entity .value=${this.entity} @change=${(e: Event) => (this.entity = (e.target as HTMLSelectElement).value)}>
          ${[...CUSTOMIZABLE, ...(this.customization?.entities ?? []).map((c) => c.key)].map((e) => html`<option value=${e} ?selected=${e === this.entity}>${t(`entity.${e}`)}</option>`)}
        </select>
      </div>
      ${this.customization ? this.renderFields() : nothing}
      ${this.editing && this.editing.entity === this.entity ? this.renderEdit(this.editing) : nothing}
      <details data-custom-add>
        <summary>${t('custom.add')}</summary>
        <form @submit=${(e: Event) => void this.add(e)} novalidate>
          <div class="pair">
            <div class="row">
              <label for="custom-label-en">${t('custom.labelEn')}</label>
              <input id="custom-label-en" name="labelEn" maxlength="80" autocomplete="off" />
              ${this.issueFor('label.en')}
            </div>
            <div class="row">
              <label for="custom-label-fr">${t('custom.labelFr')}</label>
              <input id="custom-label-fr" name="labelFr" maxlength="80" autocomplete="off" />
              ${this.issueFor('label.fr')}
            </div>
          </div>
          <div class="pair">
            <div class="row">
              <label for="custom-code">${t('custom.code')}</label>
              <input id="custom-code" name="code" maxlength="30" autocomplete="off" spellcheck="false" />
              <span class="muted hint">${t('custom.codeHint')}</span>
              ${this.issueFor('code')}
            </div>
            <div class="row">
              <label for="custom-kind">${t('custom.kind')}</label>
              <select id="custom-kind" name="kind" .value=${this.kind} @change=${(e: Event) => (this.kind = (e.target as HTMLSelectElement).value as CustomKind)}>
                ${CUSTOM_KINDS.map((k) => html`<option value=${k} ?selected=${k === this.kind}>${t(`custom.kind.${k}`)}</option>`)}
              </select>
              ${this.issueFor('kind')}
            </div>
          </div>
          ${this.kind === 'select'
            ? html`<div class="row">
                <label for="custom-options">${t('custom.options')}</label>
                <textarea id="custom-options" name="options" rows="4" spellcheck="false"></textarea>
                <span class="muted hint">${t('custom.optionsHint')}</span>
                ${this.issueFor('options')}
              </div>`
            : nothing}
          ${this.kind === 'ref'
            ? html`<div class="row">
                <label for="custom-to">${t('custom.to')}</label>
                <select id="custom-to" name="to">
                  ${CUSTOM_REF_TARGETS.map((e) => html`<option value=${e}>${t(`entity.${e}`)}</option>`)}
                </select>
                ${this.issueFor('to')}
              </div>`
            : nothing}
          <label class="check"><input type="checkbox" name="required" /> ${t('custom.required')}</label>
          <fieldset>
            <legend>${t('custom.where')}</legend>
            <label><input type="checkbox" name="onForm" checked /> ${t('custom.on.form')}</label>
            <label><input type="checkbox" name="onList" /> ${t('custom.on.list')}</label>
            <label><input type="checkbox" name="onSearch" /> ${t('custom.on.search')}</label>
          </fieldset>
          ${this.issueFor('entity')}
          <div><button type="submit" class="primary" data-custom-submit>${t('custom.addButton')}</button></div>
        </form>
      </details>
      <fc-confirm
        .open=${this.purging !== null}
        .message=${this.purging ? t('custom.purgeConfirm', { label: this.labelOf(this.purging), entity: t(`entity.${this.purging.entity}`) }) : ''}
        .confirmLabel=${t('custom.purge')}
        .cancelLabel=${t('ui.cancel')}
        @fc-answer=${(e: CustomEvent<boolean>) => void this.purge(e.detail)}
      ></fc-confirm>`;
  }
}
