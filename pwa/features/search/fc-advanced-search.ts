// Advanced search (page `advanced-search`): conditions on any field of an entity, in OR groups ((A and B) or C), the
// matching records a page at a time, and the search saved as a dynamic group (companies, persons, leads). A select field's look-up offers every one
// of its values (674-171544-QA). A page of its own, beside the record lists.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { CONDITION_OPS, SEARCH_LIMITS, searchEntities, type Condition, type ConditionOp, type SearchField } from '../../../shared/advanced-search.ts';
import { entityDef, type EntityName } from '../../../shared/entities/index.ts';
import { recordTitle } from '../../../shared/records.ts';
import type { WireDoc } from '../../../shared/sync.ts';
import { mayDo } from '../../app/permissions.ts';
import { runtime } from '../../app/runtime.ts';
import { href } from '../../app/router.ts';
import { fieldLabel, LocaleController, optionLabel, t } from '../../i18n/index.ts';
import { errorText } from '../../ui/error-text.ts';
import { base } from '../../ui/styles.ts';
import { LatestRequest } from '../../net/latest-request.ts';
import { advancedSearchApi, inputKind, newCondition, ready, takesValue, withField } from './advanced-search.ts';

const GROUP_ENTITIES: readonly EntityName[] = ['company', 'person', 'lead'];
const PAGE = 50;

@customElement('fc-advanced-search')
export class FcAdvancedSearch extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
        padding: 12px 16px 80px;
        max-width: 1100px;
        margin: 0 auto;
      }
      h1 {
        font-size: 22px;
        margin: 4px 0 12px;
      }
      form {
        display: grid;
        gap: 10px;
        padding: 14px;
      }
      .cond {
        display: grid;
        grid-template-columns: minmax(140px, 1fr) minmax(120px, 1fr) minmax(140px, 2fr) auto;
        gap: 8px;
        align-items: center;
      }
      @media (max-width: 640px) {
        .cond {
          grid-template-columns: 1fr 1fr;
        }
      }
      fieldset.group {
        display: grid;
        gap: 8px;
        border: 1px solid var(--fc-line);
        border-radius: var(--fc-radius);
        padding: 8px 10px;
        margin: 0;
      }
      fieldset.group legend {
        font-size: 13px;
        color: var(--fc-muted);
      }
      .or {
        font-weight: 600;
        text-transform: uppercase;
        font-size: 13px;
        color: var(--fc-muted);
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      li {
        border-bottom: 1px solid var(--fc-line);
        padding: 10px 12px;
      }
      .save {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
        align-items: center;
        margin-top: 12px;
      }
    `,
  ];
  @state() private entity: EntityName = 'company';
  @state() private fields: SearchField[] = [];
  @state() private rows: Condition[] = [];
  @state() private text = '';
  @state() private results: WireDoc[] | null = null;
  @state() private total = 0;
  @state() private error = '';
  @state() private groupName = '';
  @state() private saved: { id: string; name: string } | null = null;
  private readonly asking = new LatestRequest();

  constructor() {
    super();
    new LocaleController(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const first = this.entities()[0];
    if (first) void this.choose(first);
  }

  private entities(): EntityName[] {
    // Custom entities too (by their key), where the user may view them (docs/decisions/0050).
    return searchEntities().filter((e) => mayDo('view', e));
  }

  private async choose(entity: EntityName): Promise<void> {
    this.entity = entity;
    this.results = null;
    this.saved = null;
    this.error = '';
    // The newest choice wins: the fields of an entity chosen before (a slower answer) never replace the chosen one's.
    const signal = this.asking.next();
    try {
      const fields = (await advancedSearchApi(runtime.api).fields(entity, signal)).fields;
      if (signal.aborted) return;
      this.fields = fields;
      this.rows = this.fields[0] ? [newCondition(this.fields[0])] : [];
    } catch (err) {
      if (!signal.aborted) this.error = errorText(err);
    }
  }

  private field(name: string): SearchField | undefined {
    return this.fields.find((f) => f.name === name);
  }

  private set(i: number, row: Condition): void {
    this.rows = this.rows.map((r, j) => (j === i ? row : r));
  }

  /** A new condition (the first field's) in OR group `group`. */
  private add(group: number): void {
    const first = this.fields[0];
    if (first) this.rows = [...this.rows, { ...newCondition(first), ...(group > 0 ? { group } : {}) }];
  }

  /** The OR groups in use, in order (group 0 at least). */
  private groups(): number[] {
    const used = [...new Set(this.rows.map((r) => r.group ?? 0))].sort((a, b) => a - b);
    return used.length ? used : [0];
  }

  private renderRow(row: Condition, i: number) {
    const f = this.field(row.field);
    if (!f) return nothing;
    const group = row.group ? { group: row.group } : {};
    return html`<div class="cond" data-condition=${i}>
      <select aria-label=${t('search.field')} data-field @change=${(e: Event) => this.set(i, { ...withField(this.field((e.target as HTMLSelectElement).value)!), ...group })}>
        ${this.fields.map((x) => html`<option value=${x.name} ?selected=${x.name === row.field}>${fieldLabel(this.entity, x.name)}</option>`)}
      </select>
      <select aria-label=${t('search.op')} data-op @change=${(e: Event) => this.set(i, { ...row, op: (e.target as HTMLSelectElement).value as ConditionOp })}>
        ${f.ops.map((o) => html`<option value=${o} ?selected=${o === row.op}>${t(`search.op.${o}`)}</option>`)}
      </select>
      ${this.renderValue(i, row, f)}
      <button type="button" aria-label=${t('search.remove')} @click=${() => (this.rows = this.rows.filter((_r, j) => j !== i))}>✕</button>
    </div>`;
  }

  /** Each OR group's conditions (all must hold), "or" between groups, and a way to add a condition or a group. */
  private renderGroups() {
    const groups = this.groups();
    const many = groups.length > 1;
    return html`${groups.map(
        (g, n) => html`${n ? html`<div class="or" data-or>${t('search.or')}</div>` : nothing}
          <fieldset class="group" data-group=${g}>
            ${many ? html`<legend>${t('search.groupAll', { n: n + 1 })}</legend>` : nothing}
            ${this.rows.map((row, i) => ((row.group ?? 0) === g ? this.renderRow(row, i) : nothing))}
            <div><button type="button" data-add-condition @click=${() => this.add(g)}>+ ${t('search.addCondition')}</button></div>
          </fieldset>`,
      )}
      ${groups.length < SEARCH_LIMITS.groups
        ? html`<div><button type="button" data-add-group @click=${() => this.add(Math.max(...groups) + 1)}>+ ${t('search.addGroup')}</button></div>`
        : nothing}`;
  }

  private async run(e?: Event, more = false): Promise<void> {
    e?.preventDefault();
    this.error = '';
    this.saved = null;
    try {
      const page = await advancedSearchApi(runtime.api).search(this.entity, { text: this.text.trim(), conditions: ready(this.rows), offset: more ? (this.results?.length ?? 0) : 0, limit: PAGE });
      this.results = more ? [...(this.results ?? []), ...page.records] : page.records;
      this.total = page.total;
    } catch (err) {
      this.error = errorText(err, { serverWords: true });
    }
  }

  private async save(): Promise<void> {
    const name = this.groupName.trim();
    if (!name) return;
    try {
      const g = await advancedSearchApi(runtime.api).saveGroup(this.entity, name, { text: this.text.trim(), conditions: ready(this.rows) });
      this.saved = { id: g.id, name };
      this.groupName = '';
    } catch (err) {
      this.error = errorText(err, { serverWords: true });
    }
  }

  private renderValue(i: number, row: Condition, f: SearchField) {
    if (!takesValue(row.op)) return html`<span></span>`;
    const label = `${fieldLabel(this.entity, f.name)}: ${t('search.value')}`;
    const kind = inputKind(f);
    if (kind === 'select')
      return html`<select aria-label=${label} data-value @change=${(e: Event) => this.set(i, { ...row, value: (e.target as HTMLSelectElement).value })}>
        ${(f.options ?? []).map((o) => html`<option value=${o} ?selected=${o === row.value}>${o ? (optionLabel(o) === `option.${o}` ? o : optionLabel(o)) : t('ui.none')}</option>`)}
      </select>`;
    return html`<input
      aria-label=${label}
      data-value
      type=${kind === 'date' ? 'date' : kind === 'number' ? 'number' : 'text'}
      .value=${row.value}
      @input=${(e: Event) => this.set(i, { ...row, value: (e.target as HTMLInputElement).value })}
    />`;
  }

  override render() {
    const def = entityDef(this.entity);
    return html`<h1>${t('search.advanced')}</h1>
      ${this.error ? html`<p class="issue" role="alert">${this.error}</p>` : nothing}
      <form class="card" data-advanced-search @submit=${(e: Event) => void this.run(e)}>
        <label for="as-entity">${t('search.entity')}</label>
        <select id="as-entity" @change=${(e: Event) => void this.choose((e.target as HTMLSelectElement).value as EntityName)}>
          ${this.entities().map((e) => html`<option value=${e} ?selected=${e === this.entity}>${t(`nav.${e}`)}</option>`)}
        </select>
        <label for="as-text">${t('search.text')}</label>
        <input id="as-text" type="search" .value=${this.text} @input=${(e: Event) => (this.text = (e.target as HTMLInputElement).value)} />
        <div>${t(this.groups().length > 1 ? 'search.conditionsGroups' : 'search.conditions')}</div>
        ${this.renderGroups()}
        <div class="toolbar">
          <button type="submit" class="primary" data-run-search>${t('ui.search')}</button>
        </div>
      </form>
      ${this.results
        ? html`<p role="status" data-total>${t('search.found', { n: this.total })}</p>
            <ul class="card" data-results>
              ${this.results.map((r) => html`<li><a href=${href({ view: 'show', entity: this.entity, id: r.id, tab: 'summary' })}>${recordTitle(def, r as Record<string, unknown>) || r.id}</a></li>`)}
            </ul>
            ${this.results.length < this.total ? html`<button type="button" @click=${() => void this.run(undefined, true)}>${t('search.more')}</button>` : nothing}
            ${GROUP_ENTITIES.includes(this.entity) && mayDo('view', this.entity)
              ? html`<div class="save">
                  <label for="as-group">${t('search.saveAsGroup')}</label>
                  <input id="as-group" type="text" maxlength="120" .value=${this.groupName} @input=${(e: Event) => (this.groupName = (e.target as HTMLInputElement).value)} />
                  <button type="button" data-save-group ?disabled=${!this.groupName.trim()} @click=${() => void this.save()}>${t('search.save')}</button>
                  ${this.saved ? html`<span role="status" data-saved>${t('search.saved')} <a href=${href({ view: 'page', page: 'group', arg: this.saved.id })}>${this.saved.name}</a></span>` : nothing}
                </div>`
              : nothing}`
        : nothing}`;
  }
}

/** Every operator has a caption (checked by the i18n test through this list). */
export const OPERATOR_KEYS = CONDITION_OPS.map((o) => `search.op.${o}`);
