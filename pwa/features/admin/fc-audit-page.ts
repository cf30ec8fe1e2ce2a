// Administration → Audit log: every administrative change (who, what, when, before and after), filtered by change,
// author and dates, paged, and exported as CSV with the same filters (the server writes the file).
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { runtime } from '../../app/runtime.ts';
import { LocaleController, t } from '../../i18n/index.ts';
import { errorText } from '../../ui/error-text.ts';
import { base, dataTable, page } from '../../ui/styles.ts';
import { adminApi, auditQuery, type AdminUser, type AuditEntry, type AuditFilter } from './admin-api.ts';
import { AUDIT_ACTION_NAMES, dayEnd, dayStart, readable } from './audit-view.ts';
import { when } from './when.ts';

const PAGE = 50;

@customElement('fc-audit-page')
export class FcAuditPage extends LitElement {
  static override styles = [
    base, page, dataTable,
    css`
      form {
        display: flex;
        flex-wrap: wrap;
        gap: 8px 16px;
        align-items: flex-end;
        margin: 8px 0 12px;
      }
      label {
        display: flex;
        flex-direction: column;
        gap: 4px;
        font-size: 14px;
      }
      td.json {
        font-family: ui-monospace, monospace;
        font-size: 12px;
        max-width: 320px;
        overflow-wrap: anywhere;
      }
      a.export {
        display: inline-flex;
        align-items: center;
        min-height: 44px;
      }
    `,
  ];
  @state() private filter: AuditFilter = {};
  @state() private rows: AuditEntry[] = [];
  @state() private total = 0;
  @state() private users: AdminUser[] = [];
  @state() private message = '';

  constructor() {
    super();
    new LocaleController(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void adminApi(runtime.api).users().then((u) => (this.users = u), () => undefined);
    void this.load(false);
  }

  /** The filter as the server takes it: dates widened to whole days in the browser's zone. */
  private serverFilter(): AuditFilter {
    const f = this.filter;
    return { ...(f.actorId ? { actorId: f.actorId } : {}), ...(f.action ? { action: f.action } : {}), ...(f.from ? { from: dayStart(f.from) } : {}), ...(f.to ? { to: dayEnd(f.to) } : {}) };
  }

  private async load(more: boolean): Promise<void> {
    try {
      const r = await adminApi(runtime.api).audit(this.serverFilter(), more ? this.rows.length : 0, PAGE);
      this.rows = more ? [...this.rows, ...r.rows] : r.rows;
      this.total = r.total;
      this.message = '';
    } catch (err) {
      this.message = errorText(err);
    }
  }

  private set(k: keyof AuditFilter, v: string): void {
    this.filter = { ...this.filter, [k]: v };
    void this.load(false);
  }

  override render() {
    const names = new Map(this.users.map((u) => [u.id, u.displayName]));
    const actor = (r: AuditEntry): string => (r.actorId ? (names.get(r.actorId) ?? r.actorLogin) : t('audit.commandLine'));
    const target = (r: AuditEntry): string => (r.targetType === 'user' ? (names.get(r.targetId) ?? r.targetId) : r.targetId);
    return html`<h1>${t('nav.audit')}</h1>
      <p class="muted">${t('audit.intro')} <a href="#/page/admin">${t('nav.admin')}</a></p>
      <form @submit=${(e: Event) => e.preventDefault()} aria-label=${t('nav.audit')}>
        <label
          >${t('audit.what')}
          <select name="action" @change=${(e: Event) => this.set('action', (e.target as HTMLSelectElement).value)}>
            <option value="">${t('audit.anyAction')}</option>
            ${AUDIT_ACTION_NAMES.map((a) => html`<option value=${a} ?selected=${a === this.filter.action}>${t(`audit.action.${a}`)}</option>`)}
          </select>
        </label>
        <label
          >${t('audit.who')}
          <select name="actorId" @change=${(e: Event) => this.set('actorId', (e.target as HTMLSelectElement).value)}>
            <option value="">${t('audit.anyone')}</option>
            ${this.users.filter((u) => u.role === 'admin').map((u) => html`<option value=${u.id} ?selected=${u.id === this.filter.actorId}>${u.displayName}</option>`)}
          </select>
        </label>
        <label>${t('audit.from')} <input name="from" type="date" .value=${this.filter.from ?? ''} @change=${(e: Event) => this.set('from', (e.target as HTMLInputElement).value)} /></label>
        <label>${t('audit.to')} <input name="to" type="date" .value=${this.filter.to ?? ''} @change=${(e: Event) => this.set('to', (e.target as HTMLInputElement).value)} /></label>
        <a class="export" data-export href="/api/admin/audit?${auditQuery(this.serverFilter(), { format: 'csv' })}" download>${t('audit.export')}</a>
      </form>
      ${this.message ? html`<p role="alert">${this.message}</p>` : nothing}
      <p role="status">${t('audit.count', { n: this.total })}</p>
      ${this.rows.length === 0
        ? html`<p class="muted">${t('audit.none')}</p>`
        : html`<div class="scroll">
            <table aria-label=${t('nav.audit')}>
              <thead>
                <tr>
                  <th>${t('audit.when')}</th>
                  <th>${t('audit.who')}</th>
                  <th>${t('audit.what')}</th>
                  <th>${t('audit.target')}</th>
                  <th>${t('audit.before')}</th>
                  <th>${t('audit.after')}</th>
                </tr>
              </thead>
              <tbody>
                ${this.rows.map(
                  (r) => html`<tr data-action=${r.action}>
                    <td>${when(r.at)}</td>
                    <td>${actor(r)}</td>
                    <td>${t(`audit.action.${r.action}`)}</td>
                    <td>${target(r)}</td>
                    <td class="json">${readable(r.before)}</td>
                    <td class="json">${readable(r.after)}</td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`}
      ${this.rows.length < this.total ? html`<p><button type="button" @click=${() => void this.load(true)}>${t('audit.more')}</button></p>` : nothing}`;
  }
}
