// A field's value as the record view shows it, with the tap-to-act links of links.ts (one line per list entry).
import { html, nothing, type TemplateResult } from 'lit';
import type { AddressEntry, EmailEntry, Field, PhoneEntry } from '../../shared/entities/index.ts';
import { optionLabel } from '../i18n/index.ts';
import { formatAddress, formatValue } from './format.ts';
import { mailHref, mapsHref, platformOf, telHref, webHref } from './links.ts';

const link = (href: string | null, text: string, kind: string): TemplateResult =>
  href ? html`<a href=${href} data-act=${kind} rel=${kind === 'web' ? 'noopener noreferrer' : nothing} target=${kind === 'web' ? '_blank' : nothing}>${text}</a>` : html`${text}`;
const lines = (parts: TemplateResult[]): TemplateResult => html`${parts.map((p, i) => html`${i ? html`<br />` : ''}${p}`)}`;

/** The value with its links (phones, e-mails, websites, addresses); other kinds as formatValue writes them. */
export function actionable(f: Field, value: unknown, timeZone: string, record: Record<string, unknown> = {}): TemplateResult | string {
  const platform = platformOf(typeof navigator === 'undefined' ? '' : navigator.userAgent);
  switch (f.kind) {
    case 'phones':
      return lines(((value as PhoneEntry[] | undefined) ?? []).map((p) => html`${link(telHref(p.number), p.number, 'tel')} (${optionLabel(p.type)})`));
    case 'emails':
      return lines(((value as EmailEntry[] | undefined) ?? []).map((e) => html`${link(mailHref(e.address), e.address, 'mail')} (${optionLabel(e.type)})`));
    case 'addresses':
      return lines(((value as AddressEntry[] | undefined) ?? []).map((a) => html`${link(mapsHref(a, platform), formatAddress(a), 'map')} (${optionLabel(a.type)})`));
    case 'text': {
      const text = String(value ?? '');
      if (!text) return '';
      if (f.format === 'url') return link(webHref(text), text, 'web');
      if (f.format === 'email') return link(mailHref(text), text, 'mail');
      if (f.format === 'phone') return link(telHref(text), text, 'tel');
      return text;
    }
    default:
      return formatValue(f, value, timeZone, true, record);
  }
}
