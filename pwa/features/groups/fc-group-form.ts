// Creates or edits a group: its name, and for a new one its records and kind; a dynamic group's search text and select filters.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { runtime } from '../../app/runtime.ts';
import { fieldLabel, LocaleController, optionLabel, t } from '../../i18n/index.ts';
import { errorText } from '../../ui/error-text.ts';
import { base } from '../../ui/styles.ts';
import { filterFields, GROUP_ENTITIES, groupsApi, type Group, type GroupEntity, type GroupKind } from './groups-api.ts';

export const NAME_MAX = 120;

interface Draft {
  name: string;
  entity: GroupEntity;
  kind: GroupKind;
  text: string;
  filters: Record<string, string>;
}
/**
 * What was typed and not yet saved, per group ('' for a new one). The online-only wrapper re-creates the page after a
 * connection blip; the typing survives it. Saving or cancelling forgets it.
 */
const drafts = new Map<string, Draft>();

/** The server's message in the user's language when the catalogue has one for its code. */
export const problemText = (err: unknown): string => errorText(err, { unreachable: t('groups.unreachable') });

@customElement('fc-group-form')
export class FcGroupForm extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
      }
      form {
        padding: 16px;
        display: grid;
        gap: 14px;
        max-width: 720px;
      }
      fieldset {
        border: 1px solid var(--fc-line);
        border-radius: var(--fc-radius);
        padding: 8px 12px 12px;
        margin: 0;
      }
      legend {
        font-weight: 500;
        padding: 0 4px;
      }
      .choice {
        display: flex;
        gap: 8px;
        align-items: center;
        font-weight: 400;
        margin: 6px 0 0;
      }
      .choice input {
        width: 20px;
        min-height: 20px;
      }
      .filters {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(180px, 1fr));
        gap: 10px;
      }
      h2 {
        font-size: 17px;
        margin: 0;
      }
    `,
  ];

  /** The group to edit; null to create one. */
  @property({ attribute: false }) group: Group | null = null;
  @state() private name = '';
  @state() private entity: GroupEntity = 'company';
  @state() private kind: GroupKind = 'static';
  @state() private text = '';
  @state() private filters: Record<string, string> = {};
  @state() private error = '';
  @state() private busy = false;

  constructor() {
    super();
    new LocaleController(this);
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('group')) {
      const g = this.group;
      const d = drafts.get(g?.id ?? '');
      this.name = d?.name ?? g?.name ?? '';
      this.entity = d?.entity ?? g?.entity ?? this.viewable()[0] ?? 'company';
      this.kind = d?.kind ?? g?.kind ?? 'static';
      this.text = d?.text ?? g?.criteria.text ?? '';
      this.filters = { ...(d?.filters ?? g?.criteria.filters ?? {}) };
      this.error = '';
    }
  }

  override updated(changed: Map<string, unknown>): void {
    if (['name', 'entity', 'kind', 'text', 'filters'].some((k) => changed.has(k)))
      drafts.set(this.group?.id ?? '', { name: this.name, entity: this.entity, kind: this.kind, text: this.text, filters: this.filters });
  }

  /** Entities the user may view somewhere: the server refuses a group of any other. */
  private viewable(): GroupEntity[] {
    const rights = runtime.current?.session.rights ?? {};
    return GROUP_ENTITIES.filter((e) => (rights[e]?.view.length ?? 0) > 0);
  }

  private async submit(e: Event): Promise<void> {
    e.preventDefault();
    const name = this.name.trim();
    if (!name) {
      this.error = t('error.FC-GRP-001');
      return;
    }
    // A loop, not Object.fromEntries: Chrome 69 (Android 9) lacks it.
    const filters: Record<string, string> = {};
    for (const [k, v] of Object.entries(this.filters)) if (v !== '') filters[k] = v;
    const criteria = this.kind === 'dynamic' ? { text: this.text.trim(), filters } : undefined;
    const api = groupsApi(runtime.api);
    this.busy = true;
    try {
      const saved = this.group
        ? await api.update(this.group.id, { name, ...(criteria ? { criteria } : {}) })
        : await api.create({ name, entity: this.entity, kind: this.kind, ...(criteria ? { criteria } : {}) });
      drafts.delete(this.group?.id ?? '');
      this.dispatchEvent(new CustomEvent<Group>('fc-saved', { detail: saved, bubbles: true, composed: true }));
    } catch (err) {
      this.error = problemText(err);
    } finally {
      this.busy = false;
    }
  }

  private cancel(): void {
    drafts.delete(this.group?.id ?? '');
    this.dispatchEvent(new CustomEvent('fc-cancel', { bubbles: true, composed: true }));
  }

  private renderCriteria() {
    return html`<fieldset data-criteria>
      <legend>${t('groups.criteria')}</legend>
      <label for="group-text">${t('groups.searchText')}</label>
      <input id="group-text" type="search" maxlength="100" placeholder=${t('groups.searchTextHint')} .value=${this.text} @input=${(e: Event) => (this.text = (e.target as HTMLInputElement).value)} />
      <div class="filters">
        ${filterFields(this.entity).map(
          ({ field, options }) => html`<div>
            <label for="filter-${field}">${fieldLabel(this.entity, field)}</label>
            <select id="filter-${field}" data-filter=${field} @change=${(e: Event) => (this.filters = { ...this.filters, [field]: (e.target as HTMLSelectElement).value })}>
              <option value="" ?selected=${!this.filters[field]}>${t('groups.any')}</option>
              ${options.filter(Boolean).map((o) => html`<option value=${o} ?selected=${this.filters[field] === o}>${optionLabel(o)}</option>`)}
            </select>
          </div>`,
        )}
      </div>
    </fieldset>`;
  }

  override render() {
    const editing = this.group !== null;
    const entities = editing ? [this.entity] : this.viewable();
    return html`<form class="card" @submit=${this.submit} novalidate aria-label=${editing ? t('groups.edit') : t('groups.new')}>
      <h2>${editing ? t('groups.edit') : t('groups.new')}</h2>
      <div>
        <label for="group-name">${t('groups.name')}</label>
        <input id="group-name" required maxlength=${NAME_MAX} .value=${this.name} @input=${(e: Event) => (this.name = (e.target as HTMLInputElement).value)} />
      </div>
      <div>
        <label for="group-entity">${t('groups.entity')}</label>
        <select id="group-entity" ?disabled=${editing} @change=${(e: Event) => ((this.entity = (e.target as HTMLSelectElement).value as GroupEntity), (this.filters = {}))}>
          ${entities.map((en) => html`<option value=${en} ?selected=${en === this.entity}>${t(`nav.${en}`)}</option>`)}
        </select>
      </div>
      <fieldset>
        <legend>${t('groups.kind')}</legend>
        ${(['static', 'dynamic'] as const).map(
          (k) => html`<label class="choice">
            <input type="radio" name="kind" value=${k} ?disabled=${editing} .checked=${this.kind === k} @change=${() => (this.kind = k)} />
            <span><strong>${t(`groups.kind.${k}`)}</strong> — <span class="muted">${t(`groups.kindHint.${k}`)}</span></span>
          </label>`,
        )}
      </fieldset>
      ${this.kind === 'dynamic' ? this.renderCriteria() : nothing}
      ${this.error ? html`<p class="issue" role="alert">${this.error}</p>` : nothing}
      <div class="toolbar">
        <button type="submit" class="primary" ?disabled=${this.busy}>${editing ? t('ui.save') : t('groups.create')}</button>
        <button type="button" @click=${this.cancel}>${t('ui.cancel')}</button>
      </div>
    </form>`;
  }
}
