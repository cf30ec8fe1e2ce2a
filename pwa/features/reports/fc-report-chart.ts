// A bar chart of a report's first grouping, drawn as SVG (docs/decisions/0036): each bar is focusable and named for
// screen readers, the arrow keys move between bars, and the table beside it holds the same figures.
import { LitElement, css, html, svg, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ReportColumn, ReportGroup } from '../../../shared/reports.ts';
import { LocaleController, t } from '../../i18n/index.ts';
import { base } from '../../ui/styles.ts';
import { groupLabel, measureText } from './report-format.ts';

const BAR = 24;
const GAP = 8;
const LABEL = 100;
const WIDTH = 340;

@customElement('fc-report-chart')
export class FcReportChart extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
      }
      svg {
        width: 100%;
        max-width: 520px;
        height: auto;
        display: block;
      }
      .bar {
        fill: var(--fc-accent);
      }
      .bar.compare {
        fill: #9bb8d6;
      }
      .legend {
        display: flex;
        gap: 12px;
        font-size: 12px;
        margin-bottom: 4px;
      }
      .legend i {
        display: inline-block;
        width: 10px;
        height: 10px;
        margin-right: 4px;
        background: var(--fc-accent);
      }
      .legend i.compare {
        background: #9bb8d6;
      }
      g[tabindex]:focus {
        outline: none;
      }
      g[tabindex]:focus .bar,
      g[tabindex]:hover .bar {
        fill: #12385f;
        stroke: var(--fc-text);
        stroke-width: 2;
      }
      text {
        font: 12px system-ui, sans-serif;
        fill: var(--fc-text);
      }
      .series {
        display: flex;
        gap: 8px;
        align-items: center;
        margin-bottom: 6px;
      }
      .series button {
        min-height: 32px;
        padding: 2px 10px;
      }
    `,
  ];
  @property({ attribute: false }) groups: ReportGroup[] = [];
  @property({ attribute: false }) groupColumn: ReportColumn | undefined;
  /** The numeric column drawn (undefined: the count of records). */
  @property({ attribute: false }) measure: ReportColumn | undefined;
  @property() caption = '';
  /** A second numeric column drawn as a thinner, lighter bar above the measure's (forecast vs. actual). */
  @property({ attribute: false }) compare: ReportColumn | undefined;
  @property() compareCaption = '';
  @state() private currency = '';

  constructor() {
    super();
    new LocaleController(this);
  }

  /** The currencies the measure comes in: money is never added across them, so the chart shows one at a time. */
  private currencies(): string[] {
    if (this.measure?.kind !== 'amount') return [''];
    return [...new Set(this.groups.flatMap((g) => Object.keys(g.sums)))].filter(Boolean).sort();
  }

  private measured(g: ReportGroup, currency: string, col = this.measure): number {
    if (!col) return g.count;
    return g.sums[currency]?.[col.key] ?? 0;
  }

  private onKey(e: KeyboardEvent): void {
    const bars = [...this.renderRoot.querySelectorAll<SVGGElement>('g[tabindex]')];
    const i = bars.indexOf(e.target as SVGGElement);
    const next = e.key === 'ArrowDown' || e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowUp' || e.key === 'ArrowLeft' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? bars.length - 1 : -2;
    if (next === -2) return;
    e.preventDefault();
    bars[Math.max(0, Math.min(bars.length - 1, next))]?.focus();
  }

  override render() {
    const currencies = this.currencies();
    const currency = currencies.includes(this.currency) ? this.currency : (currencies[0] ?? '');
    const compare = this.compare;
    const rows = this.groups.map((g) => ({ g, v: this.measured(g, currency), c: compare ? this.measured(g, currency, compare) : 0 })).filter((r) => this.measure?.kind !== 'amount' || r.g.sums[currency]);
    if (!rows.length) return nothing;
    const max = Math.max(1, ...rows.map((r) => Math.max(Math.abs(r.v), Math.abs(r.c))));
    const height = rows.length * (BAR + GAP) + GAP;
    const span = WIDTH - LABEL - 90;
    const measureName = this.measure ? this.caption : t('report.countColumn');
    return html`${currencies.length > 1
        ? html`<div class="series">
            ${currencies.map((c) => html`<button type="button" aria-pressed=${c === currency ? 'true' : 'false'} data-currency=${c} @click=${() => (this.currency = c)}>${c}</button>`)}
          </div>`
        : nothing}
      ${compare ? html`<div class="legend" aria-hidden="true"><span><i class="compare"></i>${this.compareCaption}</span><span><i></i>${this.caption}</span></div>` : nothing}
      <svg viewBox="0 0 ${WIDTH} ${height}" role="group" aria-label=${`${measureName}${currency ? ` (${currency})` : ''}`} @keydown=${this.onKey}>
        <desc>${t('report.chartHint')}</desc>
        ${rows.map(({ g, v }, i) => {
          const y = GAP + i * (BAR + GAP);
          const w = Math.max(2, (Math.abs(v) / max) * span);
          const label = groupLabel(this.groupColumn, g.key);
          const value = this.measure ? measureText(this.measure, v, currency) : String(v);
          const name = label.length > 14 ? `${label.slice(0, 13)}…` : label;
          if (compare) {
            const other = measureText(compare, rows[i]!.c, currency);
            const cw = Math.max(2, (Math.abs(rows[i]!.c) / max) * span);
            const half = BAR / 2;
            return svg`<g tabindex=${i === 0 ? '0' : '-1'} role="img" aria-label=${`${label}: ${this.caption} ${value}, ${this.compareCaption} ${other}`} data-bar=${g.key} @focus=${(e: FocusEvent) => this.rove(e)}>
              <text x=${LABEL - 8} y=${y + BAR / 2 + 4} text-anchor="end">${name}</text>
              <rect class="bar compare" x=${LABEL} y=${y} width=${cw} height=${half - 1} rx="2"></rect>
              <text x=${LABEL + cw + 6} y=${y + half - 3} style="font-size:10px">${other}</text>
              <rect class="bar" x=${LABEL} y=${y + half} width=${w} height=${half} rx="2"></rect>
              <text x=${LABEL + w + 6} y=${y + BAR - 2} style="font-size:10px">${value}</text>
            </g>`;
          }
          return svg`<g tabindex=${i === 0 ? '0' : '-1'} role="img" aria-label=${`${label}: ${value}`} data-bar=${g.key} @focus=${(e: FocusEvent) => this.rove(e)}>
            <text x=${LABEL - 8} y=${y + BAR / 2 + 4} text-anchor="end">${name}</text>
            <rect class="bar" x=${LABEL} y=${y} width=${w} height=${BAR} rx="3"></rect>
            <text x=${LABEL + w + 6} y=${y + BAR / 2 + 4}>${value}</text>
          </g>`;
        })}
      </svg>`;
  }

  /** Roving focus: only the focused bar is in the tab order, so Tab leaves the chart in one step. */
  private rove(e: FocusEvent): void {
    for (const b of this.renderRoot.querySelectorAll('g[tabindex]')) b.setAttribute('tabindex', b === e.currentTarget ? '0' : '-1');
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fc-report-chart': FcReportChart;
  }
}
