// One group (page `group`, arg = its id): what it is, its members a page at a time, adding and removing a static group's records,
// and `?only=missing|invalid|duplicate` to show just the members whose mailing address needs fixing.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { entityDef, type AnyRecord } from '../../../shared/entities/index.ts';
import { mailingAddress } from '../../../shared/email.ts';
import { recordTitle } from '../../../shared/records.ts';
import { runtime } from '../../app/runtime.ts';
import { LatestRequest } from '../../net/latest-request.ts';
import { go, href, parseRoute } from '../../app/router.ts';
import { fieldLabel, LocaleController, optionLabel, t, labelled } from '../../i18n/index.ts';
import '../../ui/fc-confirm.ts';
import { base, page, dataTable } from '../../ui/styles.ts';
import '../marketing/fc-mailchimp-send.ts';
import './fc-group-form.ts';
import { problemText } from './fc-group-form.ts';
import { groupsApi, isOnly, pageRange, type Group, type MemberPage, type Only } from './groups-api.ts';

export const MEMBERS_PER_PAGE = 25;
/** The member search typed per group: kept if the online-only wrapper re-creates this page after a connection blip. */
const searches = new Map<string, string>();

@customElement('fc-group-view')
export class FcGroupView extends LitElement {
  static override styles = [
    base, page, dataTable,
    css`
      header {
        display: flex;
        flex-wrap: wrap;
        gap: 8px 12px;
        align-items: flex-start;
        margin-bottom: 12px;
      }
      .title {
        margin-right: auto;
        min-width: 0;
      }
      h1 {
        font-size: 20px;
        margin: 4px 0 2px;
        overflow-wrap: anywhere;
      }
      h2 {
        font-size: 17px;
        margin: 20px 0 8px;
      }
      .group-actions:empty {
        display: none;
      }
      .banner {
        padding: 10px 12px;
        margin: 0 0 12px;
        border-left: 4px solid var(--fc-warn);
        display: flex;
        flex-wrap: wrap;
        gap: 8px 16px;
        align-items: center;
      }
      td.actions {
        text-align: right;
        width: 1%;
      }
      .pager {
        display: flex;
        gap: 8px;
        align-items: center;
        justify-content: flex-end;
        margin-top: 10px;
      }
      .range {
        margin-right: auto;
      }
      .add {
        padding: 12px;
        margin-top: 12px;
      }
      .add ul {
        list-style: none;
        margin: 8px 0 0;
        padding: 0;
      }
      .add li {
        display: flex;
        gap: 8px;
        align-items: center;
        padding: 4px 0;
        border-bottom: 1px solid var(--fc-line);
      }
      .add li span {
        flex: 1;
        min-width: 0;
      }
      fc-group-form {
        margin-bottom: 16px;
      }
    `,
  ];
  @state() private groupId = '';
  @state() private only: Only | null = null;
  @state() private group: Group | null = null;
  @state() private members: MemberPage | null = null;
  @state() private offset = 0;
  @state() private error = '';
  @state() private message = '';
  @state() private editing = false;
  @state() private confirmingDelete = false;
  @state() private searchText = '';
  @state() private found: AnyRecord[] | null = null;
  /** Records added from the search box on this visit, so their button says so. */
  @state() private added = new Set<string>();
  private readonly searches = new LatestRequest();
  private asked = 0;
  private readonly onHash = (): void => this.readRoute();

  constructor() {
    super();
    new LocaleController(this);
  }

  private get api() {
    return groupsApi(runtime.api);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHash);
    this.readRoute();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.onHash);
    this.searches.stop();
  }

  /** The page registry renders elements without arguments: the group and filter come from the address. */
  private readRoute(): void {
    const r = parseRoute(location.hash);
    if (r.view !== 'page' || r.page !== 'group') return;
    const id = r.arg ?? '';
    const asked = r.params?.only;
    const only = isOnly(asked) ? asked : null;
    if (id === this.groupId && only === this.only) return;
    const sameGroup = id === this.groupId;
    this.groupId = id;
    this.only = only;
    this.offset = 0;
    if (!sameGroup) {
      this.group = null;
      this.editing = false;
      this.found = null;
      this.searchText = searches.get(id) ?? '';
      this.added = new Set();
      this.message = '';
    }
    void this.load(!sameGroup).then(() => (this.searchText && !this.found ? this.search() : undefined));
  }

  private async load(withGroup = true): Promise<void> {
    const ask = ++this.asked;
    try {
      const [group, members] = await Promise.all([withGroup || !this.group ? this.api.get(this.groupId) : Promise.resolve(this.group), this.api.members(this.groupId, this.offset, MEMBERS_PER_PAGE, this.only ?? undefined)]);
      if (ask !== this.asked) return;
      this.group = group;
      this.members = members;
      this.error = '';
    } catch (err) {
      if (ask === this.asked) this.error = problemText(err);
    }
  }

  private turn(by: number): void {
    this.offset = Math.max(0, this.offset + by * MEMBERS_PER_PAGE);
    void this.load(false);
  }

  private onSearch(e: Event): void {
    this.searchText = (e.target as HTMLInputElement).value;
    searches.set(this.groupId, this.searchText);
    this.searches.later(() => void this.search());
  }

  private async search(): Promise<void> {
    const g = this.group;
    const q = this.searchText.trim();
    const signal = this.searches.next();
    if (!g || !q) {
      this.found = null;
      return;
    }
    try {
      const found = await this.api.search(g.entity, q.slice(0, 100), signal);
      if (!signal.aborted) this.found = found;
    } catch (err) {
      if (!signal.aborted) this.error = problemText(err);
    }
  }

  private async add(r: AnyRecord): Promise<void> {
    const g = this.group;
    if (!g) return;
    try {
      await this.api.addMembers(g.id, [r.id]);
      this.added = new Set([...this.added, r.id]);
      this.message = t('groups.added', { title: this.titleOf(r) });
      await this.load(false);
    } catch (err) {
      this.error = problemText(err);
    }
  }

  private async removeMember(r: AnyRecord): Promise<void> {
    const g = this.group;
    if (!g) return;
    try {
      await this.api.removeMembers(g.id, [r.id]);
      const added = new Set(this.added);
      added.delete(r.id);
      this.added = added;
      this.message = t('groups.removed', { title: this.titleOf(r) });
      // Removing the last member of a later page shows the page before.
      if (this.members && this.members.records.length === 1 && this.offset > 0) this.offset -= MEMBERS_PER_PAGE;
      await this.load(false);
    } catch (err) {
      this.error = problemText(err);
    }
  }

  private async deleteGroup(ok: boolean): Promise<void> {
    this.confirmingDelete = false;
    const g = this.group;
    if (!ok || !g) return;
    try {
      await this.api.remove(g.id);
      go(href({ view: 'page', page: 'groups' }));
    } catch (err) {
      this.error = problemText(err);
    }
  }

  private saved(g: Group): void {
    this.group = g;
    this.editing = false;
    this.message = t('groups.saved');
    this.offset = 0;
    void this.load(false);
  }

  private titleOf(r: AnyRecord): string {
    return this.group ? recordTitle(entityDef(this.group.entity), r) || r.id : r.id;
  }

  private territoryName(id: string): string {
    return runtime.current?.session.territories.find((tr) => tr.id === id)?.name ?? id;
  }

  private renderCriteria(g: Group) {
    const parts = [g.criteria.text ? t('groups.criteriaText', { text: g.criteria.text }) : t('groups.criteriaAll')];
    for (const [field, value] of Object.entries(g.criteria.filters)) parts.push(labelled(fieldLabel(g.entity, field), optionLabel(value)));
    return html`<p class="muted" data-criteria-summary>${labelled(t('groups.criteria'), parts.join(' · '))}</p>`;
  }

  private renderBanner(g: Group, only: Only) {
    return html`<div class="card banner" role="status" data-only=${only}>
      <span>${t(`groups.only.${only}`, { n: this.members?.total ?? 0 })}</span>
      <a href=${href({ view: 'page', page: 'group', arg: g.id })} data-clear-only>${t('groups.showAll')}</a>
    </div>`;
  }

  private renderMembers(g: Group, m: MemberPage) {
    const editable = g.kind === 'static' && g.mayEdit;
    const range = pageRange(this.offset, m.records.length, m.total);
    return html`<h2>${t('groups.members')}</h2>
      ${m.hidden ? html`<p class="muted" data-hidden>${t('groups.hidden', { n: m.hidden })}</p>` : nothing}
      ${m.records.length === 0
        ? html`<p class="muted" data-no-members>${this.only ? t('groups.noneOnly') : g.kind === 'dynamic' ? t('groups.noMembersDynamic') : t('groups.noMembers')}</p>`
        : html`<div class="scroll">
            <table class="card" aria-label=${t('groups.members')}>
              <thead>
                <tr>
                  <th>${t(`entity.${g.entity}`)}</th>
                  <th>${t('groups.mailing')}</th>
                  <th>${t('ui.territory')}</th>
                  ${editable ? html`<th></th>` : nothing}
                </tr>
              </thead>
              <tbody>
                ${m.records.map((r) => {
                  const address = mailingAddress(r as { emails?: unknown });
                  const title = this.titleOf(r);
                  return html`<tr data-member=${r.id}>
                    <td><a href=${href({ view: 'show', entity: g.entity, id: r.id, tab: 'summary' })}>${title}</a></td>
                    <td>${address || html`<span class="muted">${t('groups.noAddress')}</span>`}</td>
                    <td>${this.territoryName(r.territoryId)}</td>
                    ${editable
                      ? html`<td class="actions"><button type="button" class="danger" aria-label="${t('ui.remove')}: ${title}" @click=${() => void this.removeMember(r)}>${t('ui.remove')}</button></td>`
                      : nothing}
                  </tr>`;
                })}
              </tbody>
            </table>
          </div>`}
      ${m.total > 0
        ? html`<div class="pager">
            <span class="range muted" aria-live="polite" data-range>${range ? t('groups.range', { from: range.from, to: range.to, total: range.total }) : ''}</span>
            <button type="button" ?disabled=${this.offset === 0} @click=${() => this.turn(-1)}>${t('groups.previous')}</button>
            <button type="button" ?disabled=${this.offset + m.records.length >= m.total} @click=${() => this.turn(1)}>${t('groups.next')}</button>
          </div>`
        : nothing}`;
  }

  private renderAdd() {
    const found = this.found;
    return html`<section class="card add" aria-label=${t('groups.addTitle')}>
      <label for="member-search">${t('groups.addTitle')}</label>
      <input id="member-search" type="search" maxlength="100" placeholder=${t('groups.addHint')} .value=${this.searchText} @input=${this.onSearch} />
      ${found && found.length === 0 ? html`<p class="muted">${t('ui.noMatch', { q: this.searchText.trim() })}</p>` : nothing}
      ${found && found.length
        ? html`<ul data-found>
            ${found.map((r) => {
              const title = this.titleOf(r);
              const done = this.added.has(r.id);
              return html`<li data-found-id=${r.id}>
                <span><strong>${title}</strong> <span class="muted">${mailingAddress(r as { emails?: unknown })} · ${this.territoryName(r.territoryId)}</span></span>
                <button type="button" aria-label="${t('ui.add')}: ${title}" ?disabled=${done} @click=${() => void this.add(r)}>${done ? t('groups.addedShort') : t('ui.add')}</button>
              </li>`;
            })}
          </ul>`
        : nothing}
    </section>`;
  }

  override render() {
    const g = this.group;
    if (!g)
      return html`<p><a href=${href({ view: 'page', page: 'groups' })}>← ${t('nav.groups')}</a></p>
        ${this.error ? html`<p class="issue" role="alert">${this.error}</p>` : nothing}`;
    return html`<p><a href=${href({ view: 'page', page: 'groups' })} data-back>← ${t('nav.groups')}</a></p>
      <header>
        <div class="title">
          <h1>${g.name}</h1>
          <div class="muted" data-kind=${g.kind}>${t(`groups.summary.${g.kind}`, { entity: t(`nav.${g.entity}`) })} · ${t('groups.by', { who: g.ownerName })}</div>
        </div>
        <div class="group-actions toolbar" data-group-actions><fc-mailchimp-send .groupId=${g.id}></fc-mailchimp-send></div>
        ${g.mayEdit
          ? html`<div class="toolbar">
              <button type="button" data-edit-group @click=${() => (this.editing = true)} ?disabled=${this.editing}>${t('ui.edit')}</button>
              <button type="button" class="danger" data-delete-group @click=${() => (this.confirmingDelete = true)}>${t('ui.delete')}</button>
            </div>`
          : nothing}
      </header>
      ${this.editing ? html`<fc-group-form .group=${g} @fc-saved=${(e: CustomEvent<Group>) => this.saved(e.detail)} @fc-cancel=${() => (this.editing = false)}></fc-group-form>` : nothing}
      ${g.kind === 'dynamic' ? this.renderCriteria(g) : nothing}
      ${this.only ? this.renderBanner(g, this.only) : nothing}
      ${this.message ? html`<p role="status" data-message>${this.message}</p>` : nothing}
      ${this.error ? html`<p class="issue" role="alert">${this.error}</p>` : nothing}
      ${g.kind === 'static' && g.mayEdit && !this.only ? this.renderAdd() : nothing}
      ${this.members ? this.renderMembers(g, this.members) : nothing}
      <fc-confirm
        .open=${this.confirmingDelete}
        .message=${t('groups.confirmDelete', { name: g.name })}
        .confirmLabel=${t('ui.delete')}
        .cancelLabel=${t('ui.cancel')}
        @fc-answer=${(e: CustomEvent<boolean>) => void this.deleteGroup(e.detail)}
      ></fc-confirm>`;
  }
}
