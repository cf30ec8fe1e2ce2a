// Sales › Templates (desktop, online only): the mail-merge templates, documents and e-mails, with their entity; open one or make a new one.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { MergeTemplate } from '../../../shared/mail-merge.ts';
import { href } from '../../app/router.ts';
import { runtime } from '../../app/runtime.ts';
import { formatInstant } from '../../forms/format.ts';
import { LocaleController, t } from '../../i18n/index.ts';
import { errorText } from '../../ui/error-text.ts';
import { base, dataTable } from '../../ui/styles.ts';
import { templatesApi } from './templates-api.ts';

@customElement('fc-template-list')
export class FcTemplateList extends LitElement {
  static override styles = [
    base, dataTable,
    css`
      :host {
        display: block;
        padding: 12px 16px;
      }
      table {
        width: 100%;
        border-collapse: collapse;
      }
      th,
      td {
        text-align: left;
        padding: 8px;
        border-bottom: 1px solid var(--fc-line);
      }
      td a {
        display: inline-block;
        min-height: 44px;
        line-height: 44px;
      }
    `,
  ];
  @state() private templates: MergeTemplate[] = [];
  @state() private error = '';
  @state() private loaded = false;

  constructor() {
    super();
    new LocaleController(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.templates = (await templatesApi(runtime.api).list()).templates;
      this.error = '';
    } catch (err) {
      this.error = errorText(err);
    }
    this.loaded = true;
  }

  override render() {
    const zone = runtime.current?.session.user.timeZone ?? 'UTC';
    return html`<div class="toolbar" style="margin-bottom:10px">
        <a class="button primary" data-new-template href=${href({ view: 'page', page: 'template', arg: 'new' })}>+ ${t('templates.new')}</a>
      </div>
      <p class="muted">${t('templates.intro')}</p>
      ${this.error ? html`<p class="issue" role="alert">${this.error}</p>` : nothing}
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th>${t('templates.name')}</th>
              <th>${t('templates.kind')}</th>
              <th>${t('templates.entity')}</th>
              <th>${t('templates.owner')}</th>
              <th>${t('templates.updated')}</th>
            </tr>
          </thead>
          <tbody>
            ${this.templates.map(
              (tp) => html`<tr data-template=${tp.id}>
                <td><a href=${href({ view: 'page', page: 'template', arg: tp.id })}>${tp.name}</a></td>
                <td>${t(`templates.kind.${tp.kind}`)}</td>
                <td>${t(`entity.${tp.entity}`)}</td>
                <td>${tp.ownerName ?? ''}</td>
                <td>${formatInstant(tp.updatedAt, zone, false)}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${this.loaded && !this.templates.length && !this.error ? html`<p class="muted">${t('templates.none')}</p>` : nothing}`;
  }
}
