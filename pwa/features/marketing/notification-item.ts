// One notification's content (title, time, and a MailChimp send's counts), rendered inside the host's own list item.
import { html, nothing, type TemplateResult } from 'lit';
import type { NotificationRecord } from '../../../shared/entities/index.ts';
import { t } from '../../i18n/index.ts';
import { runtime } from '../../app/runtime.ts';
import { formatInstant } from '../../forms/format.ts';
import { outcomeOf } from './notifications.ts';
import './fc-send-outcome.ts';

export function notificationItem(n: NotificationRecord): TemplateResult {
  const outcome = outcomeOf(n);
  return html`<strong>${n.kind === 'mailchimp' ? t('mc.sentTitle', { group: n.title }) : n.title}</strong>
    <time datetime=${n.happenedAt}>${formatInstant(n.happenedAt, runtime.current?.session.user.timeZone ?? 'UTC')}</time>
    ${outcome ? html`<fc-send-outcome .outcome=${outcome}></fc-send-outcome>` : nothing}`;
}
