// The dashboard: the user's own gadgets, in their order (add, remove, move; kept per user on the server, with a copy
// on the device). Gadgets on the device's data (today and overdue, recent records, conflicts, notifications) work
// offline; report gadgets (the pipeline, a saved report) say "available when online" (issue 22).
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { Subscription } from 'rxjs';
import { GADGET_KINDS, MAX_GADGETS, OFFLINE_GADGETS, type DashboardLayout, type Gadget, type GadgetKind, type NotificationView } from '../../../shared/dashboard.ts';
import type { CommunicationRecord, NotificationRecord } from '../../../shared/entities/index.ts';
import type { ReportResult, ReportSummary } from '../../../shared/reports.ts';
import { href } from '../../app/router.ts';
import { runtime } from '../../app/runtime.ts';
import { formatInstant } from '../../forms/format.ts';
import { LocaleController, t } from '../../i18n/index.ts';
import { errorText } from '../../ui/error-text.ts';
import { base } from '../../ui/styles.ts';
import { notificationItem } from '../marketing/notification-item.ts';
import { notifications } from '../marketing/notifications.ts';
import { loadReports } from '../reports/load.ts';
import { addGadget, cachedLayout, fetchLayout, moveGadget, removeGadget, saveLayout } from './layout.ts';

interface Recent {
  entity: 'company' | 'person';
  id: string;
  title: string;
  updatedAt: string;
}

@customElement('fc-dashboard')
export class FcDashboard extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
        padding: 16px;
      }
      .bar {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
        align-items: center;
        justify-content: flex-end;
        margin-bottom: 12px;
      }
      .grid {
        display: grid;
        gap: 16px;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 340px), 1fr));
        align-items: start;
      }
      section {
        border: 1px solid var(--fc-line);
        border-radius: var(--fc-radius);
        padding: 12px 16px;
        background: var(--fc-surface);
        min-width: 0;
      }
      h2 {
        font-size: 17px;
        margin: 0 0 8px;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      li {
        padding: 8px 0;
        border-bottom: 1px solid var(--fc-line);
      }
      li:last-child {
        border-bottom: none;
      }
      time {
        display: block;
        font-size: 12px;
      }
      .arrange {
        display: flex;
        gap: 6px;
        flex-wrap: wrap;
        margin-top: 10px;
        padding-top: 8px;
        border-top: 1px dashed var(--fc-line);
      }
      .gone {
        color: var(--fc-muted);
        font-style: italic;
        display: block;
      }
      .overdue {
        color: var(--fc-danger);
        font-weight: 600;
      }
      .figures {
        display: flex;
        gap: 16px;
        flex-wrap: wrap;
        font-size: 15px;
      }
      .error {
        color: var(--fc-danger);
      }
    `,
  ];
  @state() private layout: DashboardLayout = { gadgets: [] };
  @state() private arranging = false;
  @state() private adding: GadgetKind = 'today';
  @state() private addingReport = '';
  @state() private items: NotificationRecord[] = [];
  /** The server's view of each notification's record (online): whether it can still be opened. */
  @state() private targets = new Map<string, NotificationView['target']>();
  @state() private openConflicts = 0;
  @state() private today: CommunicationRecord[] = [];
  @state() private overdue: CommunicationRecord[] = [];
  @state() private recent: Recent[] = [];
  @state() private online = navigator.onLine;
  @state() private reports: ReportSummary[] = [];
  @state() private results = new Map<string, ReportResult | string>();
  @state() private error = '';
  private subs: Subscription[] = [];
  private readonly onOnline = (): void => {
    this.online = navigator.onLine;
    if (this.online) void this.refreshOnline();
  };

  constructor() {
    super();
    new LocaleController(this);
  }

  private get userId(): string {
    return runtime.current?.session.user.id ?? '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('online', this.onOnline);
    window.addEventListener('offline', this.onOnline);
    const current = runtime.current;
    this.layout = cachedLayout(this.userId);
    if (current) notifications.use(current.session.user.id);
    this.subs = [notifications.items.subscribe((x) => (this.items = x))];
    if (current) {
      const db = current.device.db.collections;
      this.subs.push(db.conflict.find({ selector: { status: 'open' } }).$.subscribe((docs) => (this.openConflicts = docs.length)));
      const now = new Date();
      const start = new Date(now.getFullYear(), now.getMonth(), now.getDate()).toISOString();
      const end = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1).toISOString();
      const mine = current.session.user.id;
      this.subs.push(
        db.communication.find({ selector: { startsAt: { $gte: start, $lt: end }, ownerId: mine }, sort: [{ startsAt: 'asc' }], limit: 20 }).$.subscribe((docs) => (this.today = docs.map((d) => d.toJSON() as unknown as CommunicationRecord).filter((c) => c.kind !== 'email' && c.status !== 'cancelled'))),
        db.communication
          .find({ selector: { kind: 'task', startsAt: { $lt: now.toISOString() }, ownerId: mine, status: { $in: ['pending', 'in-progress'] } }, sort: [{ startsAt: 'desc' }], limit: 20 })
          .$.subscribe((docs) => (this.overdue = docs.map((d) => d.toJSON() as unknown as CommunicationRecord).filter((c) => c.startsAt < start))),
      );
      for (const entity of ['company', 'person'] as const) {
        this.subs.push(
          db[entity].find({ sort: [{ updatedAt: 'desc' }], limit: 5 }).$.subscribe((docs) => {
            const others = this.recent.filter((r) => r.entity !== entity);
            const mineNow = docs.map((d) => {
              const r = d.toJSON() as unknown as Record<string, string>;
              return { entity, id: r.id ?? '', title: entity === 'company' ? (r.name ?? '') : `${r.firstName ?? ''} ${r.lastName ?? ''}`.trim(), updatedAt: r.updatedAt ?? '' };
            });
            this.recent = [...others, ...mineNow].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)).slice(0, 6);
          }),
        );
      }
    }
    void this.refreshOnline();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('offline', this.onOnline);
    this.subs.forEach((s) => s.unsubscribe());
  }

  /** What needs the server: the arrangement, the notifications' records, the reports and the report gadgets' figures. */
  private async refreshOnline(): Promise<void> {
    if (!this.userId) return;
    const layout = await fetchLayout(this.userId);
    if (!layout) {
      this.online = false;
      return;
    }
    this.online = true;
    this.layout = layout;
    await Promise.all([this.loadTargets(), this.loadReportList(), this.loadResults()]);
  }

  private async loadTargets(): Promise<void> {
    try {
      const r = await runtime.api.get<{ items: NotificationView[] }>('/api/dashboard/notifications');
      this.targets = new Map(r.items.map((i) => [i.id, i.target]));
    } catch {
      // Offline: the device's copy shows without the check.
    }
  }

  private async loadReportList(): Promise<void> {
    try {
      this.reports = (await runtime.api.get<{ reports: ReportSummary[] }>('/api/reports')).reports;
    } catch {
      this.reports = [];
    }
  }

  /** Runs each report gadget's report (its groups and totals only), and loads the chart's code. */
  private async loadResults(): Promise<void> {
    const wanted = this.layout.gadgets.filter((g) => g.kind === 'pipeline' || g.kind === 'report');
    if (!wanted.length) return;
    void loadReports().catch(() => undefined);
    const next = new Map(this.results);
    await Promise.all(
      wanted.map(async (g) => {
        const id = g.kind === 'pipeline' ? 'pipeline-by-stage' : (g.reportId ?? '');
        try {
          next.set(g.id, await runtime.api.get<ReportResult>(`/api/reports/${encodeURIComponent(id)}/run?offset=0&limit=1`));
        } catch (err) {
          next.set(g.id, errorText(err));
        }
      }),
    );
    this.results = next;
  }

  private async change(layout: DashboardLayout): Promise<void> {
    this.layout = layout;
    this.error = '';
    try {
      this.layout = await saveLayout(this.userId, layout);
      await this.loadResults();
    } catch (err) {
      this.error = errorText(err);
    }
  }

  private gadgetName(g: Gadget): string {
    if (g.kind === 'report') return t('dash.gadget.report', { name: this.reports.find((r) => r.id === g.reportId)?.name ?? '' });
    return t(`dash.gadget.${g.kind}`);
  }

  override render() {
    const gadgets = this.layout.gadgets;
    return html`<div class="bar">
        ${this.error ? html`<span class="error" role="alert">${this.error}</span>` : nothing}
        <button type="button" data-arrange aria-pressed=${this.arranging ? 'true' : 'false'} ?disabled=${!this.online} @click=${() => (this.arranging = !this.arranging)}>
          ${this.arranging ? t('dash.done') : t('dash.customize')}
        </button>
      </div>
      ${this.arranging ? this.renderAdd() : nothing}
      <div class="grid">${gadgets.map((g, i) => this.renderGadget(g, i, gadgets.length))}</div>`;
  }

  private renderAdd() {
    const full = this.layout.gadgets.length >= MAX_GADGETS;
    return html`<form
      class="bar"
      data-add-gadget
      @submit=${(e: Event) => {
        e.preventDefault();
        void this.change(addGadget(this.layout, this.adding, this.adding === 'report' ? this.addingReport || this.reports[0]?.id : undefined));
      }}
    >
      <label
        >${t('dash.add')}
        <select name="kind" @change=${(e: Event) => (this.adding = (e.target as HTMLSelectElement).value as GadgetKind)}>
          ${GADGET_KINDS.map((k) => html`<option value=${k} ?selected=${k === this.adding}>${t(`dash.gadget.${k}`, { name: '…' })}</option>`)}
        </select></label
      >
      ${this.adding === 'report'
        ? html`<label
            >${t('dash.pickReport')}
            <select name="report" @change=${(e: Event) => (this.addingReport = (e.target as HTMLSelectElement).value)}>
              ${this.reports.map((r) => html`<option value=${r.id} ?selected=${r.id === this.addingReport}>${r.name}</option>`)}
            </select></label
          >`
        : nothing}
      <button type="submit" class="primary" ?disabled=${full}>${t('dash.addButton')}</button>
    </form>`;
  }

  private renderGadget(g: Gadget, index: number, count: number) {
    const name = this.gadgetName(g);
    const headId = `g-${g.id}`;
    return html`<section data-gadget=${g.kind} data-gadget-id=${g.id} aria-labelledby=${headId}>
      <h2 id=${headId}>${name}</h2>
      ${!this.online && !OFFLINE_GADGETS.includes(g.kind) ? html`<p class="muted" data-online-only>${t('dash.onlineOnly')}</p>` : this.renderBody(g)}
      ${this.arranging
        ? html`<div class="arrange">
            <button type="button" data-up aria-label=${t('dash.up', { name })} ?disabled=${index === 0} @click=${() => void this.change(moveGadget(this.layout, g.id, -1))}>↑</button>
            <button type="button" data-down aria-label=${t('dash.down', { name })} ?disabled=${index === count - 1} @click=${() => void this.change(moveGadget(this.layout, g.id, 1))}>↓</button>
            <button type="button" class="danger" data-remove aria-label=${t('dash.remove', { name })} @click=${() => void this.change(removeGadget(this.layout, g.id))}>✕</button>
          </div>`
        : nothing}
    </section>`;
  }

  private renderBody(g: Gadget) {
    switch (g.kind) {
      case 'notifications':
        return this.renderNotifications();
      case 'conflicts':
        return this.openConflicts ? html`<p><a href="#/conflict">${t('dash.openConflicts', { n: this.openConflicts })}</a></p>` : html`<p class="muted">${t('dash.noConflicts')}</p>`;
      case 'today':
        return this.renderToday();
      case 'recent':
        return this.recent.length
          ? html`<ul>
              ${this.recent.map((r) => html`<li><a href=${href({ view: 'show', entity: r.entity, id: r.id, tab: 'summary' })}>${r.title || r.id}</a></li>`)}
            </ul>`
          : html`<p class="muted">${t('dash.noRecent')}</p>`;
      case 'pipeline':
      case 'report':
        return this.renderReport(g);
    }
  }

  private renderNotifications() {
    // Conflicts and refused changes come first: they wait for the user (the device's own, so offline too).
    const waiting = this.openConflicts ? html`<li data-notification="conflicts"><a href="#/conflict">${t('dash.openConflicts', { n: this.openConflicts })}</a></li>` : nothing;
    if (!this.items.length && !this.openConflicts) return html`<p class="muted">${t('ui.noNotifications')}</p>`;
    const zone = runtime.current?.session.user.timeZone ?? 'UTC';
    return html`<ul>
      ${waiting}
      ${this.items.slice(0, 5).map((n) => {
        const target = this.targets.get(n.id);
        // The record behind the item was deleted, or the user may no longer see it: the item stays, without a link.
        if (target && !target.available)
          return html`<li data-notification=${n.id} data-gone>
            <strong>${n.kind === 'mailchimp' ? t('mc.sentTitle', { group: n.title }) : n.title}</strong>
            <time datetime=${n.happenedAt}>${formatInstant(n.happenedAt, zone)}</time>
            <span class="gone">${t('dash.recordGone')}</span>
          </li>`;
        if (target && target.entity !== 'group')
          return html`<li data-notification=${n.id}>
            <strong>${n.title}</strong>
            <time datetime=${n.happenedAt}>${formatInstant(n.happenedAt, zone)}</time>
            <a href=${target.entity === 'report' ? href({ view: 'page', page: 'reports', arg: target.id }) : href({ view: 'show', entity: target.entity as 'company', id: target.id, tab: 'summary' })}>${target.title || target.id}</a>
          </li>`;
        return html`<li data-notification=${n.id}>${notificationItem(n)}</li>`;
      })}
    </ul>`;
  }

  private renderToday() {
    const zone = runtime.current?.session.user.timeZone ?? 'UTC';
    if (!this.today.length && !this.overdue.length) return html`<p class="muted">${t('dash.noToday')}</p>`;
    const item = (c: CommunicationRecord, late: boolean) =>
      html`<li data-comm=${c.id}>
        ${late ? html`<span class="overdue">${t('dash.overdue')}</span> ` : nothing}<a href=${href({ view: 'show', entity: 'communication', id: c.id, tab: 'summary' })}>${c.subject}</a>
        <time datetime=${c.startsAt}>${formatInstant(c.startsAt, zone)}</time>
      </li>`;
    return html`<ul>
      ${this.overdue.slice(0, 5).map((c) => item(c, true))} ${this.today.slice(0, 8).map((c) => item(c, false))}
    </ul>`;
  }

  private renderReport(g: Gadget) {
    const r = this.results.get(g.id);
    if (r === undefined) return html`<p class="muted">${t('report.running')}</p>`;
    if (typeof r === 'string') return html`<p class="muted">${t('dash.reportGone')}</p>`;
    const measure = r.columns.find((c) => c.key === r.measure);
    const link = href({ view: 'page', page: 'reports', arg: r.id ?? '' });
    return html`<p class="figures"><span data-figure>${t('report.count', { n: r.count })}</span></p>
      ${r.groups.length
        ? html`<fc-report-chart .groups=${r.groups} .groupColumn=${r.groupBy[0]} .measure=${measure} caption=${measure ? t(measure.label) : ''}></fc-report-chart>`
        : nothing}
      <p><a href=${link}>${t('dash.openReport')}</a></p>`;
  }
}
