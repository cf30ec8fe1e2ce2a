// The calendar: Day, Week, Month and Tasks views of one user's appointments and tasks, in the viewer's time zone.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { BehaviorSubject, combineLatest, type Subscription } from 'rxjs';
import { entityDef, type CommunicationRecord } from '../../../shared/entities/index.ts';
import { recordTitle } from '../../../shared/records.ts';
import { people } from '../../app/people.ts';
import { go, href, type Route } from '../../app/router.ts';
import { runtime } from '../../app/runtime.ts';
import { theme } from '../../app/theme.ts';
import { formatInstant } from '../../forms/format.ts';
import { locale, LocaleController, optionLabel, t, labelled } from '../../i18n/index.ts';
import { base } from '../../ui/styles.ts';
import './fc-calendar-feed.ts';
import '../outlook-plugin/fc-outlook-plugin.ts';
import { mayDo } from '../../app/permissions.ts';
import { atCurrentRules, CALENDAR_MODES, clockTime, dayKey, daysOf, instantAt, itemDay, layoutDay, placeAt, snap, step, type CalendarMode } from './calendar-model.ts';

const HOUR_PX = 48;
const PX_PER_MIN = HOUR_PX / 60;

@customElement('fc-calendar')
export class FcCalendar extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
        padding: 10px 12px 60px;
      }
      .bar {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
        align-items: center;
        margin-bottom: 10px;
      }
      .bar h1 {
        font-size: 18px;
        margin: 0 8px 0 0;
        flex: 1 1 200px;
      }
      /* Previous, today and next stay together when the bar wraps (a phone put "‹" beside the date, "›" below). */
      .steps {
        display: inline-flex;
        flex-wrap: nowrap;
      }
      .modes button[aria-pressed='true'] {
        background: var(--fc-accent);
        color: #fff;
        border-color: var(--fc-accent);
      }
      select {
        width: auto;
      }
      .grid {
        display: grid;
        border: 1px solid var(--fc-line);
        background: #fff;
        border-radius: var(--fc-radius);
        overflow: auto;
        max-height: 70vh;
      }
      .head {
        position: sticky;
        top: 0;
        z-index: 2;
        background: #f0f3f7;
        font-weight: 600;
        font-size: 13px;
        padding: 6px;
        border-bottom: 1px solid var(--fc-line);
        text-align: center;
      }
      .head .allday {
        display: block;
        margin-top: 4px;
        padding: 2px 4px;
        border-radius: 4px;
        background: #dbe9f8;
        color: var(--fc-text);
        font-weight: 400;
        text-decoration: none;
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      .head.today {
        color: var(--fc-accent);
      }
      .hours {
        position: relative;
      }
      .hour {
        height: ${HOUR_PX}px;
        font-size: 11px;
        color: var(--fc-muted);
        text-align: right;
        padding-right: 4px;
        border-top: 1px solid #eef1f4;
      }
      .col {
        position: relative;
        border-left: 1px solid var(--fc-line);
        background: repeating-linear-gradient(#fff 0 ${HOUR_PX - 1}px, #eef1f4 ${HOUR_PX - 1}px ${HOUR_PX}px);
        touch-action: pan-y;
      }
      .item {
        position: absolute;
        border-radius: 6px;
        background: #dbe9f8;
        border-left: 3px solid var(--fc-accent);
        /* Narrow when several overlap: the padding must leave room for a whole "08:00". */
        padding: 2px 3px;
        font-size: 12px;
        overflow: hidden;
        cursor: pointer;
        color: var(--fc-text);
        text-decoration: none;
        min-height: 22px;
      }
      /* Side by side, each line on its own: the time whole, the subject cut with an ellipsis (never mid-word). */
      .item strong,
      .item .subject,
      .item .with {
        display: block;
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      .item .with {
        color: var(--fc-muted);
      }
      .item strong {
        font-size: 11px;
      }
      /* A narrow one opens up over its neighbours while pointed at or focused. */
      .item:hover,
      .item:focus {
        z-index: 2;
        min-width: 160px;
        box-shadow: 0 2px 8px rgb(0 0 0 / 20%);
      }
      .agenda {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      .agenda > li {
        padding: 8px 12px;
        border-bottom: 1px solid var(--fc-line);
      }
      .agenda h2 {
        font-size: 14px;
        margin: 0 0 4px;
      }
      .agenda h2.today {
        color: var(--fc-accent);
      }
      .agenda a {
        display: block;
        padding: 6px 0;
        min-height: 44px;
        color: inherit;
        text-decoration: none;
      }
      .agenda .time {
        font-weight: 600;
        margin-right: 8px;
      }
      .item.dragging {
        opacity: 0.75;
        box-shadow: 0 4px 12px rgb(0 0 0 / 25%);
        z-index: 3;
      }
      .month {
        display: grid;
        grid-template-columns: repeat(7, minmax(0, 1fr));
      }
      .cell {
        min-height: 92px;
        border-left: 1px solid var(--fc-line);
        border-top: 1px solid var(--fc-line);
        padding: 4px;
        font-size: 12px;
      }
      .cell.other {
        background: #f7f8fa;
        color: var(--fc-muted);
      }
      .cell a {
        display: block;
        color: var(--fc-text);
        text-decoration: none;
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
        min-height: 24px;
      }
      ul.tasks {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      .tasks li {
        display: flex;
        gap: 10px;
        align-items: center;
        padding: 8px 12px;
        border-bottom: 1px solid var(--fc-line);
        background: #fff;
      }
      .tasks li.overdue .due {
        color: var(--fc-danger);
        font-weight: 600;
      }
      .tasks input[type='checkbox'] {
        width: 26px;
        min-height: 26px;
        flex: 0 0 auto;
      }
      .tasks a {
        flex: 1;
        color: inherit;
        text-decoration: none;
        min-height: 44px;
        display: flex;
        flex-direction: column;
        justify-content: center;
      }
      .sub {
        color: var(--fc-muted);
        font-size: 12px;
      }
      .high {
        color: var(--fc-danger);
      }
    `,
  ];
  @property() mode: CalendarMode = 'week';
  /** YYYY-MM-DD in the viewer's zone; empty means today. */
  @property() date = '';
  /** Whose calendar; empty means the signed-in user's. */
  @property() user = '';
  @state() private items: CommunicationRecord[] = [];
  @state() private drag: { id: string; day: string; top: number } | null = null;
  /** Company and person names by id, so each item shows whom it is with. */
  @state() private names = new Map<string, string>();
  private subs: Subscription[] = [];

  constructor() {
    super();
    new LocaleController(this);
  }

  private get zone(): string {
    return runtime.current?.session.user.timeZone ?? 'UTC';
  }
  private get owner(): string {
    return this.user || runtime.current?.session.user.id || '';
  }
  private get day(): string {
    return this.date || dayKey(new Date(), this.zone);
  }
  private route(changes: Partial<{ mode: CalendarMode; date: string; user: string }>): Route {
    return { view: 'calendar', mode: this.mode, date: this.day, user: this.user, ...changes };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const repo = runtime.current?.repo;
    if (!repo) return;
    const all = new BehaviorSubject('');
    this.subs = [
      repo.list$('communication', all).subscribe((items) => (this.items = atCurrentRules(items as unknown as CommunicationRecord[]))),
      combineLatest([repo.list$('company', all), repo.list$('person', all)]).subscribe(([companies, persons]) => {
        const m = new Map<string, string>();
        for (const c of companies) m.set(c.id, recordTitle(entityDef('company'), c as Record<string, unknown>));
        for (const p of persons) m.set(p.id, recordTitle(entityDef('person'), p as Record<string, unknown>));
        this.names = m;
      }),
    ];
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.subs.forEach((s) => s.unsubscribe());
  }

  /** "Company · Person" of an item, as far as this device knows them. */
  private withWhom(c: CommunicationRecord): string {
    return [this.names.get(c.companyId), this.names.get(c.personId)].filter(Boolean).join(' · ');
  }

  private mine(): CommunicationRecord[] {
    return this.items.filter((c) => c.ownerId === this.owner && c.status !== 'cancelled');
  }

  /** Opening an item keeps this exact view as the way back: Cancel and Save return here (704-171863-QA). */
  private open(c: CommunicationRecord): string {
    return href({ view: 'edit', entity: 'communication', id: c.id, back: href(this.route({})) });
  }

  private async complete(c: CommunicationRecord, done: boolean): Promise<void> {
    await runtime.current?.repo.update('communication', c.id, { status: done ? 'complete' : 'pending' });
  }

  // Drag to move (desktop): pointer events work for mouse, pen and touch; touch scrolls unless the item is held.
  private startDrag(e: PointerEvent, c: CommunicationRecord, day: string, top: number): void {
    if (theme.value !== 'desktop' || e.button !== 0) return;
    const el = e.currentTarget as HTMLElement;
    el.setPointerCapture(e.pointerId);
    const startY = e.clientY;
    let moved = false;
    const onMove = (ev: PointerEvent): void => {
      const delta = (ev.clientY - startY) / PX_PER_MIN;
      if (!moved && Math.abs(ev.clientY - startY) < 4) return;
      moved = true;
      const colDay = this.dayUnder(ev.clientX) ?? day;
      this.drag = { id: c.id, day: colDay, top: snap(top + delta) };
    };
    const onUp = async (): Promise<void> => {
      el.removeEventListener('pointermove', onMove);
      el.removeEventListener('pointerup', onUp);
      const d = this.drag;
      this.drag = null;
      if (!moved || !d) {
        go(this.open(c));
        return;
      }
      await runtime.current?.repo.update('communication', c.id, placeAt(c, d.day, d.top, this.zone));
    };
    el.addEventListener('pointermove', onMove);
    el.addEventListener('pointerup', onUp);
    e.preventDefault();
  }

  private dayUnder(x: number): string | null {
    for (const col of Array.from(this.renderRoot.querySelectorAll<HTMLElement>('.col[data-day]'))) {
      const r = col.getBoundingClientRect();
      if (x >= r.left && x < r.right) return col.dataset.day ?? null;
    }
    return null;
  }

  private heading(): string {
    const d = new Date(`${this.day}T12:00:00Z`);
    const fmt = (o: Intl.DateTimeFormatOptions): string => new Intl.DateTimeFormat(locale() === 'fr' ? 'fr-FR' : 'en-GB', { ...o, timeZone: 'UTC' }).format(d);
    if (this.mode === 'month') return fmt({ month: 'long', year: 'numeric' });
    if (this.mode === 'week') {
      const days = daysOf('week', this.day);
      const a = new Date(`${days[0]}T12:00:00Z`);
      const b = new Date(`${days[6]}T12:00:00Z`);
      const f = new Intl.DateTimeFormat(locale() === 'fr' ? 'fr-FR' : 'en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
      return `${f.format(a)} – ${f.format(b)} ${b.getUTCFullYear()}`;
    }
    if (this.mode === 'day') return fmt({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
    return t('calendar.tasks');
  }

  private renderTimeGrid(days: string[]) {
    const today = dayKey(new Date(), this.zone);
    const all = this.mine();
    const weekday = new Intl.DateTimeFormat(locale() === 'fr' ? 'fr-FR' : 'en-GB', { weekday: 'short', day: 'numeric', timeZone: 'UTC' });
    return html`<div class="grid" style="grid-template-columns: 46px repeat(${days.length}, minmax(0, 1fr))">
      <div class="head"></div>
      ${days.map((d) => {
        const allDay = all.filter((c) => c.allDay && itemDay(c, this.zone) === d);
        return html`<div class="head ${d === today ? 'today' : ''}" data-head=${d}>
          ${weekday.format(new Date(`${d}T12:00:00Z`))}
          ${allDay.map((c) => html`<a class="allday" data-id=${c.id} href=${this.open(c)}>${c.subject}</a>`)}
        </div>`;
      })}
      <div class="hours">${Array.from({ length: 24 }, (_, h) => html`<div class="hour">${String(h).padStart(2, '0')}:00</div>`)}</div>
      ${days.map(
        (d) => html`<div class="col" data-day=${d} style="height:${24 * HOUR_PX}px">
          ${layoutDay(all, d, this.zone).map((p) => {
            const dragging = this.drag?.id === p.item.id;
            if (dragging && this.drag?.day !== d) return nothing;
            const top = dragging && this.drag ? this.drag.top : p.top;
            const width = 100 / p.lanes;
            return html`<a
              class="item ${dragging ? 'dragging' : ''}"
              data-id=${p.item.id}
              href=${this.open(p.item)}
              style="top:${top * PX_PER_MIN}px;height:${p.height * PX_PER_MIN}px;left:${p.lane * width}%;width:calc(${width}% - 2px)"
              @pointerdown=${(e: PointerEvent) => this.startDrag(e, p.item, d, p.top)}
              @click=${(e: Event) => theme.value === 'desktop' && e.preventDefault()}
              title="${p.item.subject}${this.withWhom(p.item) ? ` — ${this.withWhom(p.item)}` : ''}"
              ><strong>${clockTime(p.item.startsAt, this.zone)}</strong><span class="subject">${p.item.subject}</span>
              ${this.withWhom(p.item) ? html`<span class="with">${this.withWhom(p.item)}</span>` : nothing}</a
            >`;
          })}
          ${this.drag && this.drag.day === d && !layoutDay(all, d, this.zone).some((p) => p.item.id === this.drag?.id)
            ? (() => {
                const c = all.find((x) => x.id === this.drag?.id);
                return c ? html`<div class="item dragging" style="top:${this.drag.top * PX_PER_MIN}px;height:${30 * PX_PER_MIN}px;left:0;width:calc(100% - 3px)">${c.subject}</div>` : nothing;
              })()
            : nothing}
        </div>`,
      )}
    </div>`;
  }

  private renderMonth(days: string[]) {
    const month = this.day.slice(0, 7);
    const all = this.mine();
    return html`<div class="grid month">
      ${days.slice(0, 7).map((d) => html`<div class="head">${new Intl.DateTimeFormat(locale() === 'fr' ? 'fr-FR' : 'en-GB', { weekday: 'short', timeZone: 'UTC' }).format(new Date(`${d}T12:00:00Z`))}</div>`)}
      ${days.map((d) => {
        const here = all.filter((c) => itemDay(c, this.zone) === d).sort((a, b) => Number(b.allDay) - Number(a.allDay) || a.startsAt.localeCompare(b.startsAt));
        return html`<div class="cell ${d.startsWith(month) ? '' : 'other'}" data-day=${d}>
          <a href=${href(this.route({ mode: 'day', date: d }))}>${Number(d.slice(8))}</a>
          ${here.slice(0, 3).map((c) => html`<a data-id=${c.id} href=${this.open(c)}>${c.kind === 'task' ? '☐ ' : ''}${c.subject}</a>`)}
          ${here.length > 3 ? html`<span class="sub">${t('calendar.more', { n: here.length - 3 })}</span>` : nothing}
        </div>`;
      })}
    </div>`;
  }

  /** A phone's week: each day a heading and its appointments in order (seven columns do not fit its width). */
  private renderAgenda(days: string[]) {
    const today = dayKey(new Date(), this.zone);
    const all = this.mine();
    const heading = new Intl.DateTimeFormat(locale() === 'fr' ? 'fr-FR' : 'en-GB', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' });
    return html`<ul class="agenda card" data-agenda>
      ${days.map((d) => {
        const allDay = all.filter((c) => c.allDay && itemDay(c, this.zone) === d);
        const timed = layoutDay(all, d, this.zone).map((p) => p.item);
        return html`<li data-day=${d}>
          <h2 class=${d === today ? 'today' : ''}>${heading.format(new Date(`${d}T12:00:00Z`))}</h2>
          ${allDay.length + timed.length === 0 ? html`<p class="muted">${t('calendar.nothing')}</p>` : nothing}
          ${allDay.map((c) => html`<a data-id=${c.id} href=${this.open(c)}><span class="time">${t('calendar.allDay')}</span>${c.subject}</a>`)}
          ${timed.map(
            (c) => html`<a data-id=${c.id} href=${this.open(c)}
              ><span class="time">${clockTime(c.startsAt, this.zone)}${c.endsAt ? `–${clockTime(c.endsAt, this.zone)}` : ''}</span>${c.subject}
              ${this.withWhom(c) ? html`<span class="muted" style="display:block;font-size:13px">${this.withWhom(c)}</span>` : nothing}</a
            >`,
          )}
        </li>`;
      })}
    </ul>`;
  }

  private renderTasks() {
    const today = dayKey(new Date(), this.zone);
    const tasks = this.mine()
      .filter((c) => c.kind === 'task')
      .sort((a, b) => Number(a.status === 'complete') - Number(b.status === 'complete') || a.startsAt.localeCompare(b.startsAt));
    if (tasks.length === 0) return html`<p class="muted">${t('ui.noRecords')}</p>`;
    return html`<ul class="tasks card">
      ${tasks.map((c) => {
        const overdue = c.status !== 'complete' && dayKey(c.startsAt, this.zone) < today;
        return html`<li class=${overdue ? 'overdue' : ''} data-id=${c.id}>
          <input type="checkbox" aria-label=${labelled(t('calendar.complete'), c.subject)} .checked=${c.status === 'complete'} @change=${(e: Event) => void this.complete(c, (e.target as HTMLInputElement).checked)} />
          <a href=${this.open(c)}>
            <span>${c.subject}</span>
            ${this.withWhom(c) ? html`<span class="sub">${this.withWhom(c)}</span>` : nothing}
            <span class="sub"
              ><span class="due">${t('calendar.due', { when: formatInstant(c.startsAt, this.zone) })}</span> · <span class=${c.priority === 'high' ? 'high' : ''}>${optionLabel(c.priority)}</span> ·
              ${optionLabel(c.status)}</span
            >
          </a>
        </li>`;
      })}
    </ul>`;
  }

  /** Day and Week open at the working day (07:00), not at midnight. */
  override updated(changed: Map<string, unknown>): void {
    if ((changed.has('mode') || changed.has('date')) && (this.mode === 'day' || this.mode === 'week')) {
      const grid = this.renderRoot.querySelector<HTMLElement>('.grid');
      if (grid) grid.scrollTop = 7 * HOUR_PX;
    }
  }

  override render() {
    const me = runtime.current?.session.user;
    const days = daysOf(this.mode, this.day);
    const newHref = href({
      view: 'new',
      entity: 'communication',
      prefill: {
        kind: this.mode === 'tasks' ? 'task' : 'appointment',
        ownerId: this.owner,
        timeZone: this.zone,
        startsAt: instantAt(this.day, 9 * 60, this.zone),
        ...(this.mode === 'tasks' ? {} : { endsAt: instantAt(this.day, 10 * 60, this.zone) }),
      },
      back: href(this.route({})),
    });
    return html`<div class="bar">
        <h1>${this.heading()}</h1>
        ${this.mode !== 'tasks'
          ? html`<span class="steps toolbar">
              <button type="button" aria-label=${t('calendar.previous')} @click=${() => go(this.route({ date: step(this.mode, this.day, -1) }))}>‹</button>
              <button type="button" @click=${() => go(this.route({ date: '' }))}>${t('calendar.today')}</button>
              <button type="button" aria-label=${t('calendar.next')} @click=${() => go(this.route({ date: step(this.mode, this.day, 1) }))}>›</button>
            </span>`
          : nothing}
        <span class="modes toolbar" role="group" aria-label=${t('calendar.view')}>
          ${CALENDAR_MODES.map((m) => html`<button type="button" data-mode=${m} aria-pressed=${m === this.mode ? 'true' : 'false'} @click=${() => go(this.route({ mode: m }))}>${t(`calendar.${m}`)}</button>`)}
        </span>
        <select aria-label=${t('calendar.whose')} @change=${(e: Event) => go(this.route({ user: (e.target as HTMLSelectElement).value === me?.id ? '' : (e.target as HTMLSelectElement).value }))}>
          ${people().map((p) => html`<option value=${p.id} ?selected=${p.id === this.owner}>${p.id === me?.id ? t('calendar.mine') : p.displayName}</option>`)}
        </select>
        ${mayDo('insert', 'communication') ? html`<a class="button primary" href=${newHref}>+ ${this.mode === 'tasks' ? t('ui.newTask') : t('ui.newAppointment')}</a>` : nothing}
      </div>
      ${this.mode === 'tasks' ? this.renderTasks() : this.mode === 'month' ? this.renderMonth(days) : this.mode === 'week' && theme.value === 'mobile' ? this.renderAgenda(days) : this.renderTimeGrid(days)}
      ${this.owner === me?.id ? html`<fc-calendar-feed></fc-calendar-feed>${theme.value === 'desktop' ? html`<fc-outlook-plugin></fc-outlook-plugin>` : nothing}` : nothing}`;
  }
}
