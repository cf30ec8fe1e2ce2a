// Administration → Territories (the tree: add, rename, move, delete when empty) and security profiles (create or
// copy, rename, delete when unused). The server decides and codes every refusal; this shows its answer.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { Territory } from '../../../shared/api.ts';
import { runtime } from '../../app/runtime.ts';
import { LocaleController, t } from '../../i18n/index.ts';
import { errorText } from '../../ui/error-text.ts';
import '../../ui/fc-confirm.ts';
import { base, dataTable } from '../../ui/styles.ts';
import { adminApi, type AdminProfile } from './admin-api.ts';
import { moveTargets, treeOrder } from './territory-tree.ts';

type Deleting = { kind: 'territory' | 'profile'; id: string; name: string };

@customElement('fc-admin-organisation')
export class FcAdminOrganisation extends LitElement {
  static override styles = [
    base, dataTable,
    css`
      h2 {
        font-size: 17px;
        margin-top: 28px;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
        align-items: center;
      }
      .row input[type='text'] {
        min-width: 160px;
      }
      form.add {
        display: flex;
        flex-wrap: wrap;
        gap: 8px 12px;
        align-items: flex-end;
        margin: 10px 0;
      }
      form.add label {
        display: flex;
        flex-direction: column;
        gap: 4px;
        font-size: 14px;
      }
    `,
  ];
  /** Which half this element shows: the territory tree, or the profiles list (above the rights matrices). */
  @property() section: 'territories' | 'profiles' = 'territories';
  @property({ attribute: false }) profiles: AdminProfile[] = [];
  @state() private territories: Territory[] = [];
  @state() private message = '';
  @state() private deleting: Deleting | null = null;

  constructor() {
    super();
    new LocaleController(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private get api() {
    return adminApi(runtime.api);
  }

  private async load(): Promise<void> {
    try {
      this.territories = await this.api.territories();
    } catch (err) {
      this.message = errorText(err);
    }
  }

  /** Runs a change; then the tree, the session's territories (selects, rights matrix) and the page's profiles reload. */
  private async act(run: () => Promise<unknown>): Promise<boolean> {
    try {
      await run();
      this.message = t('admin.done');
      // Rows are keyed by id: when the lists come back, a row that moved keeps its input and what is typed in it.
      await Promise.all([this.load(), runtime.refreshSession()]);
      this.dispatchEvent(new CustomEvent('fc-changed', { bubbles: true, composed: true }));
      return true;
    } catch (err) {
      this.message = errorText(err);
      return false;
    }
  }

  private value(form: HTMLFormElement, name: string): string {
    return (form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null)?.value ?? '';
  }

  private async confirmDelete(ok: boolean): Promise<void> {
    const d = this.deleting;
    this.deleting = null;
    if (!ok || !d) return;
    await this.act(() => (d.kind === 'territory' ? this.api.deleteTerritory(d.id) : this.api.deleteProfile(d.id)));
  }

  private renderTerritories() {
    const tree = treeOrder(this.territories);
    return html`<h2>${t('admin.territories')}</h2>
      <p class="muted">${t('admin.territoryHint')}</p>
      <div class="scroll">
        <table aria-label=${t('admin.territories')}>
          <tbody>
            ${repeat(tree, ({ territory: tr }) => tr.id, ({ territory: tr, depth }) => {
              const name = `name-${tr.id}`;
              return html`<tr data-territory=${tr.id}>
                <td style="padding-left:${8 + depth * 24}px">
                  <div class="row">
                    <input type="text" name=${name} aria-label="${t('admin.territoryName')}: ${tr.name}" .value=${tr.name} />
                    <button type="button" @click=${(e: Event) => {
                      const input = (e.target as HTMLElement).parentElement?.querySelector('input');
                      void this.act(() => this.api.updateTerritory(tr.id, { name: input?.value ?? '' }));
                    }}>${t('admin.rename')}</button>
                  </div>
                </td>
                <td>
                  ${tr.parentId === ''
                    ? nothing
                    : html`<label class="row"
                        >${t('admin.move')}
                        <select aria-label="${t('admin.move')}: ${tr.name}" @change=${(e: Event) => void this.act(() => this.api.updateTerritory(tr.id, { parentId: (e.target as HTMLSelectElement).value }))}>
                          ${moveTargets(this.territories, tr.id).map((p) => html`<option value=${p.id} ?selected=${p.id === tr.parentId}>${p.name}</option>`)}
                        </select></label
                      >`}
                </td>
                <td>
                  ${tr.parentId === '' ? nothing : html`<button type="button" class="danger" aria-label="${t('admin.delete')}: ${tr.name}" @click=${() => (this.deleting = { kind: 'territory', id: tr.id, name: tr.name })}>${t('admin.delete')}</button>`}
                </td>
              </tr>`;
            })}
          </tbody>
        </table>
      </div>
      <form
        class="add"
        aria-label=${t('admin.newTerritory')}
        @submit=${async (e: Event) => {
          e.preventDefault();
          const form = e.target as HTMLFormElement;
          if (await this.act(() => this.api.createTerritory({ name: this.value(form, 'territoryName'), parentId: this.value(form, 'territoryParent') }))) form.reset();
        }}
      >
        <label>${t('admin.newTerritory')} <input type="text" name="territoryName" required maxlength="200" /></label>
        <label
          >${t('admin.parent')}
          <select name="territoryParent">
            ${tree.map(({ territory: tr, depth }) => html`<option value=${tr.id}>${'\u00a0'.repeat(depth * 3)}${tr.name}</option>`)}
          </select>
        </label>
        <button type="submit">${t('admin.addTerritory')}</button>
      </form>`;
  }

  private renderProfiles() {
    return html`<div class="scroll">
        <table aria-label=${t('admin.profiles')}>
          <tbody>
            ${repeat(
              this.profiles,
              (p) => p.id,
              (p) => html`<tr data-profile=${p.id}>
                <td>
                  <div class="row">
                    <input type="text" aria-label="${t('admin.profileName')}: ${p.name}" .value=${p.name} />
                    <button type="button" @click=${(e: Event) => {
                      const input = (e.target as HTMLElement).parentElement?.querySelector('input');
                      void this.act(() => this.api.renameProfile(p.id, input?.value ?? ''));
                    }}>${t('admin.rename')}</button>
                    <button type="button" class="danger" aria-label="${t('admin.delete')}: ${p.name}" @click=${() => (this.deleting = { kind: 'profile', id: p.id, name: p.name })}>${t('admin.delete')}</button>
                  </div>
                </td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <form
        class="add"
        aria-label=${t('admin.newProfile')}
        @submit=${async (e: Event) => {
          e.preventDefault();
          const form = e.target as HTMLFormElement;
          const copyFrom = this.value(form, 'copyFrom');
          if (await this.act(() => this.api.createProfile({ name: this.value(form, 'profileName'), ...(copyFrom ? { copyFrom } : {}) }))) form.reset();
        }}
      >
        <label>${t('admin.newProfile')} <input type="text" name="profileName" required maxlength="200" /></label>
        <label
          >${t('admin.copyFrom')}
          <select name="copyFrom">
            <option value="">${t('admin.noCopy')}</option>
            ${this.profiles.map((p) => html`<option value=${p.id}>${p.name}</option>`)}
          </select>
        </label>
        <button type="submit">${t('admin.createProfile')}</button>
      </form>`;
  }

  override render() {
    return html`${this.message ? html`<p role="status">${this.message}</p>` : nothing} ${this.section === 'profiles' ? this.renderProfiles() : this.renderTerritories()}
      <fc-confirm
        .open=${this.deleting !== null}
        .message=${this.deleting?.kind === 'territory' ? t('admin.confirmDeleteTerritory', { name: this.deleting.name }) : t('admin.confirmDeleteProfile', { name: this.deleting?.name ?? '' })}
        .confirmLabel=${t('admin.delete')}
        .cancelLabel=${t('ui.cancel')}
        @fc-answer=${(e: CustomEvent<boolean>) => void this.confirmDelete(e.detail)}
      ></fc-confirm>`;
  }
}
