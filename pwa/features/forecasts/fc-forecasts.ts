// Sales → Forecasts (desktop, online only): a user's forecast per month or quarter, with their open opportunities beside
// them; editable by the user and by the one they report to only (781-171899-QA), and the screen says why otherwise;
// the signed-in user's team rolled up for a period.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { CURRENCIES, formatMoney } from '../../../shared/money.ts';
import { periodsOf, type PeriodKind } from '../../../shared/forecasts.ts';
import { runtime } from '../../app/runtime.ts';
import { LocaleController, locale, t } from '../../i18n/index.ts';
import { errorText } from '../../ui/error-text.ts';
import { base, dataTable, page } from '../../ui/styles.ts';
import { amountOf, amountText, rightNotice, type ForecastRight } from './forecast-view.ts';

interface Person {
  id: string;
  displayName: string;
  reportsTo: string;
  editable: boolean;
}
interface Forecast {
  period: string;
  amount: number;
  currency: string;
  updatedAt: string;
  updatedBy: string;
}
interface Opportunity {
  id: string;
  description: string;
  stage: string;
  forecast: number;
  currency: string;
  closeDate: string;
}
interface UserForecasts {
  user: { id: string; displayName: string; reportsTo: string; reportsToName: string };
  right: ForecastRight;
  forecasts: Forecast[];
  opportunities: Opportunity[];
}
interface Team {
  period: string;
  members: { id: string; displayName: string; amounts: Record<string, number> }[];
  totals: Record<string, number>;
}

@customElement('fc-forecasts')
export class FcForecasts extends LitElement {
  static override styles = [
    base, page, dataTable,
    css`
      .controls {
        display: flex;
        flex-wrap: wrap;
        gap: 8px 16px;
        align-items: flex-end;
        margin-bottom: 12px;
      }
      label {
        display: flex;
        flex-direction: column;
        gap: 4px;
        font-size: 14px;
      }
      .notice {
        border-radius: 8px;
        padding: 8px 12px;
        background: #e8f1fb;
      }
      .notice.read-only {
        background: #fff3cd;
        color: #5c3a00;
      }
      .columns {
        display: grid;
        grid-template-columns: minmax(0, 3fr) minmax(0, 2fr);
        gap: 24px;
        align-items: start;
      }
      @media (max-width: 900px) {
        .columns {
          grid-template-columns: minmax(0, 1fr);
        }
      }
      td input {
        width: 130px;
      }
      td select {
        width: auto;
      }
      td.edit {
        white-space: nowrap;
      }
      label.inline {
        display: inline-flex;
        margin-bottom: 8px;
      }
      th.num,
      td.num {
        text-align: right;
        white-space: nowrap;
      }
      h2 {
        font-size: 17px;
      }
    `,
  ];
  @state() private people: Person[] = [];
  @state() private userId = '';
  @state() private kind: PeriodKind = 'month';
  @state() private year = new Date().getFullYear();
  @state() private data: UserForecasts | null = null;
  @state() private team: Team | null = null;
  @state() private teamPeriod = '';
  @state() private drafts: Record<string, { amount: string; currency: string }> = {};
  @state() private message = '';

  constructor() {
    super();
    new LocaleController(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.userId = runtime.current?.session.user.id ?? '';
    void this.load();
  }

  private get periods(): string[] {
    return periodsOf(this.year, this.kind);
  }

  private async load(): Promise<void> {
    try {
      const periods = this.periods;
      this.people = await runtime.api.get<Person[]>('/api/forecasts');
      this.data = await runtime.api.get<UserForecasts>(`/api/forecasts/${encodeURIComponent(this.userId)}?from=${periods[0]}&to=${periods[periods.length - 1]}`);
      this.drafts = {};
      if (!this.teamPeriod || !periods.includes(this.teamPeriod)) this.teamPeriod = this.currentPeriod(periods);
      this.team = await runtime.api.get<Team>(`/api/forecasts-team?period=${this.teamPeriod}`);
    } catch (err) {
      this.message = errorText(err);
    }
  }

  /** This month or quarter when it is in the year shown, else the year's first. */
  private currentPeriod(periods: string[]): string {
    const now = new Date();
    const id = this.kind === 'month' ? `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}` : `${now.getFullYear()}-Q${Math.floor(now.getMonth() / 3) + 1}`;
    return periods.includes(id) ? id : periods[0]!;
  }

  private async save(period: string): Promise<void> {
    const existing = this.data?.forecasts.find((f) => f.period === period);
    const draft = this.drafts[period] ?? { amount: existing ? amountText(existing.amount, existing.currency) : '', currency: existing?.currency ?? 'EUR' };
    const amount = amountOf(draft.amount, draft.currency, locale());
    if (amount === null) {
      this.message = t('issue.bad-number');
      return;
    }
    try {
      await runtime.api.request('PUT', `/api/forecasts/${encodeURIComponent(this.userId)}/${period}`, { amount, currency: draft.currency });
      this.message = t('forecast.saved', { period });
      await this.load();
    } catch (err) {
      this.message = errorText(err);
    }
  }

  private draft(period: string, k: 'amount' | 'currency', v: string, f: Forecast | undefined): void {
    const base = this.drafts[period] ?? { amount: f ? amountText(f.amount, f.currency) : '', currency: f?.currency ?? 'EUR' };
    this.drafts = { ...this.drafts, [period]: { ...base, [k]: v } };
  }

  private renderForecasts(d: UserForecasts) {
    const editable = d.right !== 'not-reports-to';
    const names = new Map(this.people.map((p) => [p.id, p.displayName]));
    return html`<table aria-label=${t('nav.forecasts')}>
      <thead>
        <tr>
          <th>${t('forecast.period')}</th>
          <th>${t('forecast.amount')}</th>
          <th>${editable ? t('forecast.currency') : ''}</th>
          <th>${t('forecast.updated')}</th>
        </tr>
      </thead>
      <tbody>
        ${this.periods.map((p) => {
          const f = d.forecasts.find((x) => x.period === p);
          const draft = this.drafts[p];
          return html`<tr data-period=${p}>
            <th scope="row">${p}</th>
            ${editable
              ? html`<td>
                    <input
                      inputmode="decimal"
                      aria-label="${t('forecast.amount')} ${p}"
                      .value=${draft?.amount ?? (f ? amountText(f.amount, f.currency) : '')}
                      @input=${(e: Event) => this.draft(p, 'amount', (e.target as HTMLInputElement).value, f)}
                      @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && void this.save(p)}
                    />
                  </td>
                  <td class="edit">
                    <select aria-label="${t('forecast.currency')} ${p}" @change=${(e: Event) => this.draft(p, 'currency', (e.target as HTMLSelectElement).value, f)}>
                      ${CURRENCIES.map((c) => html`<option value=${c} ?selected=${c === (draft?.currency ?? f?.currency ?? 'EUR')}>${c}</option>`)}
                    </select>
                    <button type="button" ?disabled=${!draft} aria-label="${t('forecast.save')} ${p}" @click=${() => void this.save(p)}>${t('forecast.save')}</button>
                  </td>`
              : html`<td class="num">${f ? formatMoney(f.amount, f.currency, locale()) : '—'}</td>
                  <td></td>`}
            <td class="muted">${f ? `${names.get(f.updatedBy) ?? f.updatedBy}` : ''}</td>
          </tr>`;
        })}
      </tbody>
    </table>`;
  }

  private renderOpportunities(d: UserForecasts) {
    return html`<h2>${t('forecast.opportunities')}</h2>
      ${d.opportunities.length === 0
        ? html`<p class="muted">${t('forecast.noOpportunities')}</p>`
        : html`<table aria-label=${t('forecast.opportunities')}>
            <tbody>
              ${d.opportunities.map(
                (o) => html`<tr>
                  <td><a href="#/page/opportunities">${o.description}</a><br /><small class="muted">${t(`option.${o.stage}`)}</small></td>
                  <td>${o.closeDate}</td>
                  <td class="num">${formatMoney(o.forecast, o.currency, locale())}</td>
                </tr>`,
              )}
            </tbody>
          </table>`}`;
  }

  private renderTeam(team: Team) {
    if (team.members.length <= 1) return nothing;
    const currencies = Object.keys(team.totals);
    return html`<h2>${t('forecast.team')}</h2>
      <label class="inline"
        >${t('forecast.period')}
        <select
          name="teamPeriod"
          @change=${(e: Event) => {
            this.teamPeriod = (e.target as HTMLSelectElement).value;
            void this.load();
          }}
        >
          ${this.periods.map((p) => html`<option value=${p} ?selected=${p === this.teamPeriod}>${p}</option>`)}
        </select>
      </label>
      <div class="scroll">
        <table aria-label=${t('forecast.team')}>
          <thead>
            <tr>
              <th>${t('forecast.member')}</th>
              ${currencies.map((c) => html`<th class="num">${c}</th>`)}
            </tr>
          </thead>
          <tbody>
            ${team.members.map(
              (m) => html`<tr data-member=${m.id}>
                <td>${m.displayName}</td>
                ${currencies.map((c) => html`<td class="num">${m.amounts[c] === undefined ? '—' : formatMoney(m.amounts[c]!, c, locale())}</td>`)}
              </tr>`,
            )}
            <tr data-total>
              <th scope="row">${t('forecast.teamTotal')}</th>
              ${currencies.map((c) => html`<th class="num">${formatMoney(team.totals[c]!, c, locale())}</th>`)}
            </tr>
          </tbody>
        </table>
      </div>`;
  }

  override render() {
    const d = this.data;
    const notice = d ? rightNotice(d.right, d.user) : null;
    return html`<h1>${t('nav.forecasts')}</h1>
      <div class="controls">
        <label
          >${t('forecast.whose')}
          <select
            name="forecastUser"
            @change=${(e: Event) => {
              this.userId = (e.target as HTMLSelectElement).value;
              void this.load();
            }}
          >
            ${this.people.map((p) => html`<option value=${p.id} ?selected=${p.id === this.userId}>${p.displayName}</option>`)}
          </select>
        </label>
        <label
          >${t('forecast.by')}
          <select
            name="forecastKind"
            @change=${(e: Event) => {
              this.kind = (e.target as HTMLSelectElement).value === 'quarter' ? 'quarter' : 'month';
              void this.load();
            }}
          >
            <option value="month" ?selected=${this.kind === 'month'}>${t('forecast.month')}</option>
            <option value="quarter" ?selected=${this.kind === 'quarter'}>${t('forecast.quarter')}</option>
          </select>
        </label>
        <label
          >${t('forecast.year')}
          <select
            name="forecastYear"
            @change=${(e: Event) => {
              this.year = Number((e.target as HTMLSelectElement).value);
              void this.load();
            }}
          >
            ${[-1, 0, 1, 2].map((k) => new Date().getFullYear() + k).map((y) => html`<option value=${y} ?selected=${y === this.year}>${y}</option>`)}
          </select>
        </label>
      </div>
      ${notice ? html`<p class="notice ${d?.right === 'not-reports-to' ? 'read-only' : ''}" role="note" data-right=${d?.right ?? ''}>${t(notice.key, notice.params)}</p>` : nothing}
      ${this.message ? html`<p role="status">${this.message}</p>` : nothing}
      ${d
        ? html`<div class="columns">
            <div class="scroll">${this.renderForecasts(d)}</div>
            <div>${this.renderOpportunities(d)}</div>
          </div>`
        : nothing}
      ${this.team ? this.renderTeam(this.team) : nothing}`;
  }
}
