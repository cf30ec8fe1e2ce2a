// Administration, custom entities (docs/decisions/0050): the entities made here, and a form to create one — its code,
// its names in English and French, its parent (company, person or none), its territory rule, whether its records are
// kept on devices (docs/decisions/0057) and each profile's rights; and the removal of one, its key typed again.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { API_PATHS } from '../../../shared/api.ts';
import type { CustomEntitySpec, Customization, SpecIssue } from '../../../shared/entities/index.ts';
import { ACTIONS } from '../../../shared/security.ts';
import { runtime } from '../../app/runtime.ts';
import { locale, LocaleController, t } from '../../i18n/index.ts';
import { ApiError } from '../../net/api.ts';
import { errorText } from '../../ui/error-text.ts';
import { base, dataTable } from '../../ui/styles.ts';
import { customisationFormStyles, specIssue } from './customisation-form.ts';

@customElement('fc-custom-entities')
export class FcCustomEntities extends LitElement {
  static override styles = [
    base,
    dataTable,
    customisationFormStyles,
    css`
      .scroll {
        overflow-x: auto;
      }
      .removal {
        margin: 12px 0;
        padding: 12px 14px;
        border-color: var(--fc-danger, #b42318);
      }
      td input[type='checkbox'] {
        width: 22px;
        min-height: 22px;
      }
    `,
  ];
  /** The profiles (id and name) whose rights the form sets. */
  @property({ attribute: false }) profiles: { id: string; name: string }[] = [];
  @state() private customization: Customization | null = null;
  @state() private parent: CustomEntitySpec['parent'] = 'company';
  @state() private issues: SpecIssue[] = [];
  @state() private message = '';
  @state() private error = '';
  /** The entity whose removal is being confirmed, and what was typed to confirm it. */
  @state() private removing: CustomEntitySpec | null = null;
  @state() private typed = '';
  @state() private removeError = '';

  constructor() {
    super();
    new LocaleController(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.customization = await runtime.api.get<Customization>(API_PATHS.customization);
    } catch (err) {
      this.error = errorText(err, { serverWords: true });
    }
  }

  private async add(e: Event): Promise<void> {
    e.preventDefault();
    this.message = '';
    this.error = '';
    this.issues = [];
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const text = (k: string) => String(data.get(k) ?? '');
    const rights = this.profiles.flatMap((p) => {
      const row = { profileId: p.id, territoryId: text(`territory-${p.id}`), view: false, insert: false, edit: false, delete: false };
      for (const a of ACTIONS) row[a] = data.get(`${a}-${p.id}`) === 'on';
      return ACTIONS.some((a) => row[a]) ? [row] : [];
    });
    const body = {
      code: text('code').trim(),
      label: { en: text('labelEn'), fr: text('labelFr') },
      plural: { en: text('pluralEn') || text('labelEn'), fr: text('pluralFr') || text('labelFr') },
      parent: this.parent,
      territory: this.parent === 'none' ? 'own' : text('territory'),
      offline: data.get('offline') === 'on',
      rights,
    };
    try {
      await runtime.api.post(API_PATHS.customEntities, body);
      form.reset();
      this.parent = 'company';
      this.message = t('centity.created', { label: locale() === 'fr' ? body.label.fr : body.label.en });
      await this.load();
      // This browser's session brings the new entity (navigation, screens) and the administrator's new rights.
      await runtime.refreshSession();
      this.dispatchEvent(new CustomEvent('fc-changed', { bubbles: true, composed: true }));
    } catch (err) {
      if (err instanceof ApiError && err.problem?.issues) this.issues = err.problem.issues as SpecIssue[];
      else this.error = errorText(err, { serverWords: true });
    }
  }

  private label(e: CustomEntitySpec): string {
    return locale() === 'fr' ? e.plural.fr : e.plural.en;
  }

  private async removeEntity(e: CustomEntitySpec): Promise<void> {
    this.removeError = '';
    this.message = '';
    try {
      const r = await runtime.api.request<{ removedRecords: number }>('DELETE', `${API_PATHS.customEntities}/${encodeURIComponent(e.key)}?confirm=${encodeURIComponent(this.typed)}`);
      this.removing = null;
      this.typed = '';
      this.message = t('centity.removed', { label: this.label(e), n: r.removedRecords });
      await this.load();
      // The navigation and screens lose the entity; devices that kept its records drop them (a new revision).
      await runtime.refreshSession();
      this.dispatchEvent(new CustomEvent('fc-changed', { bubbles: true, composed: true }));
    } catch (err) {
      this.removeError = errorText(err, { serverWords: true });
    }
  }

  private renderRemoval(e: CustomEntitySpec) {
    return html`<div class="card removal" role="group" aria-labelledby="entity-remove-title" data-entity-removal=${e.key}>
      <p id="entity-remove-title"><strong>${t('centity.removeTitle', { label: this.label(e) })}</strong></p>
      <p>${t('centity.removeWarning')}</p>
      <div class="row">
        <label for="entity-confirm">${t('centity.removeType', { key: e.key })}</label>
        <input id="entity-confirm" autocomplete="off" spellcheck="false" .value=${this.typed} @input=${(ev: Event) => (this.typed = (ev.target as HTMLInputElement).value.trim())} />
      </div>
      ${this.removeError ? html`<p class="issue" role="alert">${this.removeError}</p>` : nothing}
      <div class="toolbar">
        <button type="button" class="danger" data-entity-remove-confirm ?disabled=${this.typed !== e.key} @click=${() => void this.removeEntity(e)}>${t('centity.removeNow')}</button>
        <button type="button" @click=${() => ((this.removing = null), (this.typed = ''), (this.removeError = ''))}>${t('ui.cancel')}</button>
      </div>
    </div>`;
  }

  private issueFor(field: string) {
    return specIssue(this.issues, field);
  }

  private renderList() {
    const list = this.customization?.entities ?? [];
    if (list.length === 0) return html`<p class="muted" data-no-custom-entities>${t('centity.none')}</p>`;
    return html`<table class="data" data-custom-entities>
      <thead>
        <tr>
          <th>${t('custom.label')}</th>
          <th>${t('centity.key')}</th>
          <th>${t('centity.parent')}</th>
          <th>${t('centity.territory')}</th>
          <th>${t('centity.where')}</th>
          <th><span class="visually-hidden">${t('centity.removeButton')}</span></th>
        </tr>
      </thead>
      <tbody>
        ${list.map(
          (e) => html`<tr data-custom-entity=${e.key}>
            <td><a href="#/${e.key}">${this.label(e)}</a></td>
            <td><code>${e.key}</code></td>
            <td>${t(`centity.parent.${e.parent}`)}</td>
            <td>${t(`centity.territory.${e.territory}`)}</td>
            <td data-entity-where=${e.offline ? 'offline' : 'online'}>${t(e.offline ? 'centity.where.offline' : 'centity.where.online')}</td>
            <td>
              <button type="button" class="danger" data-entity-remove aria-label=${t('centity.removeTitle', { label: this.label(e) })} @click=${() => ((this.removing = e), (this.typed = ''), (this.removeError = ''))}>
                ${t('centity.removeButton')}
              </button>
            </td>
          </tr>`,
        )}
      </tbody>
    </table>
    ${this.removing ? this.renderRemoval(this.removing) : nothing}`;
  }

  override render() {
    const territories = runtime.current?.session.territories ?? [];
    // Rights start at the top of the tree (they cover every territory under it): the administrator narrows them.
    const root = (territories.find((x) => !x.parentId) ?? territories[0])?.id;
    return html`<h2>${t('centity.title')}</h2>
      <p class="muted hint">${t('centity.intro')}</p>
      ${this.error ? html`<p class="issue" role="alert">${this.error}</p>` : nothing}
      ${this.message ? html`<p role="status" data-entity-message>${this.message}</p>` : nothing}
      ${this.customization ? this.renderList() : nothing}
      <details data-entity-add>
        <summary>${t('centity.add')}</summary>
        <form @submit=${(e: Event) => void this.add(e)} novalidate>
          <div class="pair">
            <div class="row">
              <label for="entity-label-en">${t('centity.labelEn')}</label>
              <input id="entity-label-en" name="labelEn" maxlength="80" autocomplete="off" />
              ${this.issueFor('label.en')}
            </div>
            <div class="row">
              <label for="entity-label-fr">${t('centity.labelFr')}</label>
              <input id="entity-label-fr" name="labelFr" maxlength="80" autocomplete="off" />
              ${this.issueFor('label.fr')}
            </div>
            <div class="row">
              <label for="entity-plural-en">${t('centity.pluralEn')}</label>
              <input id="entity-plural-en" name="pluralEn" maxlength="80" autocomplete="off" />
              ${this.issueFor('plural.en')}
            </div>
            <div class="row">
              <label for="entity-plural-fr">${t('centity.pluralFr')}</label>
              <input id="entity-plural-fr" name="pluralFr" maxlength="80" autocomplete="off" />
              ${this.issueFor('plural.fr')}
            </div>
          </div>
          <div class="pair">
            <div class="row">
              <label for="entity-code">${t('centity.code')}</label>
              <input id="entity-code" name="code" maxlength="26" autocomplete="off" spellcheck="false" />
              <span class="muted hint">${t('centity.codeHint')}</span>
              ${this.issueFor('code')}
            </div>
            <div class="row">
              <label for="entity-parent">${t('centity.parent')}</label>
              <select id="entity-parent" name="parent" .value=${this.parent} @change=${(e: Event) => (this.parent = (e.target as HTMLSelectElement).value as CustomEntitySpec['parent'])}>
                ${(['company', 'person', 'none'] as const).map((p) => html`<option value=${p} ?selected=${p === this.parent}>${t(`centity.parent.${p}`)}</option>`)}
              </select>
              ${this.issueFor('parent')}
            </div>
          </div>
          ${this.parent === 'none'
            ? nothing
            : html`<div class="row">
                <label for="entity-territory">${t('centity.territory')}</label>
                <select id="entity-territory" name="territory">
                  <option value="parent" selected>${t('centity.territory.parent')}</option>
                  <option value="own">${t('centity.territory.own')}</option>
                </select>
                ${this.issueFor('territory')}
              </div>`}
          <div class="row">
            <label class="check"><input type="checkbox" name="offline" data-entity-offline /> ${t('centity.offline')}</label>
            <span class="muted hint">${t('centity.offlineHint')}</span>
            ${this.issueFor('offline')}
          </div>
          <div class="row">
            <strong>${t('centity.rights')}</strong>
            <span class="muted hint">${t('centity.rightsHint')}</span>
            <div class="scroll">
              <table class="data" data-entity-rights>
                <thead>
                  <tr>
                    <th>${t('centity.profile')}</th>
                    <th>${t('centity.territory')}</th>
                    ${ACTIONS.map((a) => html`<th>${t(`admin.action.${a}`)}</th>`)}
                  </tr>
                </thead>
                <tbody>
                  ${this.profiles.map(
                    (p) => html`<tr data-rights-profile=${p.id}>
                      <th>${p.name}</th>
                      <td>
                        <select name="territory-${p.id}" aria-label="${p.name}: ${t('centity.territory')}">
                          ${territories.map((tr) => html`<option value=${tr.id} ?selected=${tr.id === root}>${tr.name}</option>`)}
                        </select>
                      </td>
                      ${ACTIONS.map((a) => html`<td><input type="checkbox" name="${a}-${p.id}" aria-label="${p.name}: ${t(`admin.action.${a}`)}" /></td>`)}
                    </tr>`,
                  )}
                </tbody>
              </table>
            </div>
            ${this.issueFor('rights')}
          </div>
          <div><button type="submit" class="primary" data-entity-submit>${t('centity.addButton')}</button></div>
        </form>
      </details>`;
  }
}
