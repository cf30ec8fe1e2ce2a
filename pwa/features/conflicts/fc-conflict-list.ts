// Changes that did not land as made: same-field conflicts (re-apply in one click, or dismiss) and refused writes (fix and resend).
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { Subscription } from 'rxjs';
import { BehaviorSubject } from 'rxjs';
import { isEntityName, type ConflictRecord } from '../../../shared/entities/index.ts';
import type { FieldIssue } from '../../../shared/errors.ts';
import { runtime } from '../../app/runtime.ts';
import { go, href } from '../../app/router.ts';
import { formatInstant } from '../../forms/format.ts';
import { fieldLabel, LocaleController, t } from '../../i18n/index.ts';
import { base, page } from '../../ui/styles.ts';
import { dismiss, parseJson, reapply } from './settle.ts';

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return t('ui.none');
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

@customElement('fc-conflict-list')
export class FcConflictList extends LitElement {
  static override styles = [
    base, page,
    css`
      article {
        padding: 12px 14px;
        margin-bottom: 12px;
      }
      .values {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 4px 12px;
        margin: 8px 0;
      }
      .mine {
        color: var(--fc-warn);
        font-weight: 600;
      }
      .sub {
        color: var(--fc-muted);
        font-size: 13px;
      }
    `,
  ];
  @state() private items: ConflictRecord[] = [];
  @state() private message = '';
  private sub: Subscription | null = null;

  constructor() {
    super();
    new LocaleController(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const repo = runtime.current?.repo;
    if (repo) this.sub = repo.list$('conflict', new BehaviorSubject('')).subscribe((all) => (this.items = (all as unknown as ConflictRecord[]).filter((c) => c.status === 'open')));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.sub?.unsubscribe();
  }

  private async reapply(c: ConflictRecord): Promise<void> {
    const repo = runtime.current?.repo;
    if (!repo) return;
    const r = await reapply(repo, c);
    this.message = r.ok ? t('conflict.reapplied') : 'missing' in r ? t('conflict.recordGone') : t('ui.fixFields');
  }

  private renderOne(c: ConflictRecord) {
    const repo = runtime.current?.repo;
    const zone = runtime.current?.session.user.timeZone ?? 'UTC';
    const entity = isEntityName(c.entity) ? c.entity : null;
    const link = entity ? html`<a href=${href({ view: 'show', entity, id: c.recordId, tab: 'summary' })}>${c.recordTitle || c.recordId}</a>` : c.recordTitle;
    if (c.kind === 'conflict') {
      const label = entity ? fieldLabel(entity, c.field) : c.field;
      return html`<article class="card" data-conflict=${c.id}>
        <div><strong>${t(`entity.${c.entity}`)}</strong> · ${link}</div>
        <div class="sub">${t('conflict.lost', { field: label, who: c.winnerBy, when: formatInstant(c.happenedAt, zone) })}</div>
        <div class="values">
          <span>${t('conflict.yours')}</span><span class="mine">${show(parseJson(c.mine))}</span>
          <span>${t('conflict.kept')}</span><span>${show(parseJson(c.theirs))}</span>
        </div>
        <div class="toolbar">
          <button class="primary" type="button" @click=${() => void this.reapply(c)}>${t('conflict.reapply')}</button>
          <button type="button" @click=${() => repo && void dismiss(repo, c)}>${t('conflict.dismiss')}</button>
        </div>
      </article>`;
    }
    const issues = (parseJson(c.issues) as FieldIssue[] | null) ?? [];
    return html`<article class="card" data-rejected=${c.id}>
      <div><strong>${t(`entity.${c.entity}`)}</strong> · ${c.recordTitle || c.recordId}</div>
      <div class="sub">${t('conflict.refused', { when: formatInstant(c.happenedAt, zone) })}</div>
      <p>${t(`error.${c.reason}`)}</p>
      ${issues.length
        ? html`<ul>
            ${issues.map((i) => html`<li>${entity ? fieldLabel(entity, i.field.split('.')[0] ?? i.field) : i.field}: ${t(`issue.${i.code}`, i.detail === undefined ? {} : { detail: i.detail })}</li>`)}
          </ul>`
        : nothing}
      <div class="toolbar">
        ${entity ? html`<button class="primary" type="button" @click=${() => go({ view: 'new', entity, prefill: { restore: c.id }, back: '#/conflict' })}>${t('conflict.fix')}</button>` : nothing}
        <button type="button" @click=${() => repo && void dismiss(repo, c)}>${t('conflict.dismiss')}</button>
      </div>
    </article>`;
  }

  override render() {
    return html`<h1>${t('nav.conflict')}</h1>
      ${this.message ? html`<p role="status">${this.message}</p>` : nothing}
      ${this.items.length === 0 ? html`<p class="muted">${t('conflict.none')}</p>` : this.items.map((c) => this.renderOne(c))}`;
  }
}
