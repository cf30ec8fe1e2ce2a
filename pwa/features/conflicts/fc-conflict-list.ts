// Changes that did not land as made: same-field conflicts (re-apply or dismiss), refused writes (fix and resend), a
// delete refused on an out-of-date copy (delete anyway), an edit that met a deletion (restore with my changes).
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { Subscription } from 'rxjs';
import { BehaviorSubject } from 'rxjs';
import { isEntityName, type ConflictRecord } from '../../../shared/entities/index.ts';
import type { FieldIssue } from '../../../shared/errors.ts';
import { personName } from '../../app/people.ts';
import { runtime } from '../../app/runtime.ts';
import { go, href } from '../../app/router.ts';
import { formatInstant } from '../../forms/format.ts';
import { fieldLabel, LocaleController, t, labelled } from '../../i18n/index.ts';
import { base, page } from '../../ui/styles.ts';
import '../records/fc-record-view.ts';
import { describe, sameShown, type Lookups, type Shown, type ValueRow } from './describe.ts';
import { deleteAnyway, dismiss, parseJson, reapply, restoreWithChanges, screenEntity } from './settle.ts';

function lookups(): Lookups {
  const session = runtime.current?.session;
  return {
    personName,
    territoryName: (id) => session?.territories.find((x) => x.id === id)?.name ?? id,
    timeZone: session?.user.timeZone ?? 'UTC',
  };
}

function shown(v: Shown | undefined) {
  if (!v) return nothing;
  if ('ref' in v) return html`<fc-ref-title entity=${v.ref.entity} ref-id=${v.ref.id}></fc-ref-title>`;
  return v.text === '' ? t('ui.none') : v.text;
}

@customElement('fc-conflict-list')
export class FcConflictList extends LitElement {
  static override styles = [
    base, page,
    css`
      article {
        padding: 12px 14px;
        margin-bottom: 12px;
        overflow-wrap: anywhere;
      }
      table {
        width: 100%;
        border-collapse: collapse;
        margin: 8px 0;
        table-layout: fixed;
      }
      th,
      td {
        text-align: left;
        vertical-align: top;
        padding: 4px 8px 4px 0;
        white-space: pre-line;
        overflow-wrap: anywhere;
      }
      th {
        font-weight: 400;
        color: var(--fc-muted);
        width: 30%;
      }
      .mine {
        color: var(--fc-warn);
        font-weight: 600;
      }
      .sub {
        color: var(--fc-muted);
        font-size: 13px;
      }
      /* A phone: each field's label above its values, nothing wider than the screen. */
      @media (max-width: 520px) {
        table,
        tbody,
        tr,
        th,
        td {
          display: block;
          width: auto;
        }
        tr {
          padding: 4px 0;
          border-bottom: 1px solid var(--fc-line);
        }
        thead {
          display: none;
        }
        td[data-side]::before {
          content: attr(data-side) ': ';
          color: var(--fc-muted);
          font-weight: 400;
        }
      }
    `,
  ];
  @state() private items: ConflictRecord[] = [];
  @state() private message = '';
  /** Custom records' entity keys, read from the device for conflicts that do not carry the record (same-field ones). */
  @state() private storedKeys = new Map<string, string>();
  private readonly askedKeys = new Set<string>();
  private sub: Subscription | null = null;

  constructor() {
    super();
    new LocaleController(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const repo = runtime.current?.repo;
    if (repo)
      this.sub = repo.list$('conflict', new BehaviorSubject('')).subscribe((all) => {
        this.items = (all as unknown as ConflictRecord[]).filter((c) => c.status === 'open');
        void this.readKeys(this.items);
      });
  }

  /** A same-field conflict of a custom record keeps one value: its entity (screen, labels) is the stored record's. */
  private async readKeys(items: ConflictRecord[]): Promise<void> {
    const repo = runtime.current?.repo;
    if (!repo) return;
    for (const c of items) {
      if (c.entity !== 'customRecord' || screenEntity(c) || this.askedKeys.has(c.recordId)) continue;
      this.askedKeys.add(c.recordId);
      const key = ((await repo.get('customRecord', c.recordId)) as { entityKey?: unknown } | null)?.entityKey;
      if (typeof key === 'string') this.storedKeys = new Map(this.storedKeys).set(c.recordId, key);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.sub?.unsubscribe();
  }

  private async settle(c: ConflictRecord, how: 'reapply' | 'deleteAnyway' | 'restore'): Promise<void> {
    const repo = runtime.current?.repo;
    if (!repo) return;
    const r = how === 'reapply' ? await reapply(repo, c) : how === 'deleteAnyway' ? await deleteAnyway(repo, c) : await restoreWithChanges(repo, c);
    const done = how === 'reapply' ? 'conflict.reapplied' : how === 'deleteAnyway' ? 'conflict.deletedNow' : 'conflict.restored';
    this.message = r.ok
      ? t(done)
      : 'missing' in r
        ? t('conflict.recordGone')
        : r.issues.map((i) => labelled(isEntityName(c.entity) ? fieldLabel(c.entity, i.field) : i.field, t(`issue.${i.code}`, i.detail === undefined ? {} : { detail: i.detail }))).join(' · ');
  }

  private table(rows: ValueRow[], mineLabel: string, theirsLabel: string) {
    if (!rows.length) return nothing;
    const two = rows.some((r) => r.theirs !== undefined);
    return html`<table>
      ${two ? html`<thead><tr><th></th><th>${mineLabel}</th><th>${theirsLabel}</th></tr></thead>` : nothing}
      <tbody>
        ${rows.map(
          (r) => html`<tr data-field=${r.field}>
            <th scope="row">${r.label}</th>
            <td class=${two ? 'mine' : ''} data-side=${two ? mineLabel : nothing}>${shown(r.mine)}</td>
            ${two ? html`<td data-side=${theirsLabel}>${sameShown(r.mine, r.theirs) ? '=' : shown(r.theirs)}</td>` : nothing}
          </tr>`,
        )}
      </tbody>
    </table>`;
  }

  private renderOne(c: ConflictRecord) {
    const repo = runtime.current?.repo;
    const look = lookups();
    const entity = screenEntity(c, this.storedKeys.get(c.recordId));
    const d = describe(c, look, (iso) => formatInstant(iso, look.timeZone), entity ?? c.entity);
    const title = c.recordTitle || c.recordId;
    const link = entity && c.kind !== 'deleted' && c.kind !== 'rejected' ? html`<a href=${href({ view: 'show', entity, id: c.recordId, tab: 'summary' })}>${title}</a>` : title;
    const dismissButton = html`<button type="button" @click=${() => repo && void dismiss(repo, c)}>${c.kind === 'delete' ? t('conflict.keepRecord') : t('conflict.dismiss')}</button>`;
    let body;
    let actions;
    switch (c.kind) {
      case 'conflict':
        body = this.table(d.rows, t('conflict.yours'), t('conflict.kept'));
        actions = html`<button class="primary" type="button" @click=${() => void this.settle(c, 'reapply')}>${t('conflict.reapply')}</button>`;
        break;
      case 'delete':
        body = this.table(d.rows, t('conflict.yourCopy'), t('conflict.now'));
        actions = html`<button class="danger" type="button" @click=${() => void this.settle(c, 'deleteAnyway')}>${t('conflict.deleteAnyway')}</button>`;
        break;
      case 'deleted':
        body = this.table(d.rows, '', '');
        actions = entity ? html`<button class="primary" type="button" @click=${() => void this.settle(c, 'restore')}>${t('conflict.restore')}</button>` : nothing;
        break;
      default: {
        const issues = (parseJson(c.issues) as FieldIssue[] | null) ?? [];
        body = html`<p>${t(`error.${c.reason}`)}</p>
          ${issues.length
            ? html`<ul>
                ${issues.map((i) => {
                  const text = t(`issue.${i.code}`, i.detail === undefined ? {} : { detail: i.detail });
                  // A table rule's refusal is about the whole record: its message alone, as the administrator wrote it.
                  return html`<li data-issue=${i.code}>${i.field ? labelled(entity ? fieldLabel(entity, i.field.split('.')[0] ?? i.field) : i.field, text) : text}</li>`;
                })}
              </ul>`
            : nothing}
          ${this.table(d.rows, '', '')}`;
        actions = entity ? html`<button class="primary" type="button" @click=${() => go({ view: 'new', entity, prefill: { restore: c.id }, back: '#/conflict' })}>${t('conflict.fix')}</button>` : nothing;
      }
    }
    return html`<article class="card" data-kind=${c.kind} data-conflict=${c.kind === 'conflict' ? c.id : nothing} data-rejected=${c.kind === 'rejected' ? c.id : nothing} data-id=${c.id}>
      <div><strong>${t(`entity.${entity ?? c.entity}`)}</strong> · ${link}</div>
      <div class="sub">${d.summary}</div>
      ${body}
      <div class="toolbar">${actions} ${dismissButton}</div>
    </article>`;
  }

  override render() {
    return html`<h1>${t('nav.conflict')}</h1>
      ${this.message ? html`<p role="status">${this.message}</p>` : nothing}
      ${this.items.length === 0 ? html`<p class="muted">${t('conflict.none')}</p>` : this.items.map((c) => this.renderOne(c))}`;
  }
}
