// An instant as administrators read it in lists (sessions, audit): date and time in the browser's zone and language.
import { html, type TemplateResult } from 'lit';
import { locale, t } from '../../i18n/index.ts';

export function when(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  // Explicit fields, not dateStyle (which old Safari lacks).
  // The browser's own regional variant when it speaks the app's language (en-GB writes days first), else the language.
  const lang = typeof navigator !== 'undefined' && navigator.language.slice(0, 2) === locale() ? navigator.language : locale();
  return new Intl.DateTimeFormat(lang, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(d);
}

/** When an API token stops working: never, a date, or that it has (it then only waits to be revoked). */
export function tokenExpiry(expiresAt: string | undefined): string | TemplateResult {
  if (!expiresAt) return t('tokens.noExpiry');
  return Date.parse(expiresAt) <= Date.now() ? html`<strong class="issue">${t('tokens.expired', { when: when(expiresAt) })}</strong>` : when(expiresAt);
}
